"""The process shapes the schemes share. A scheme takes one and may adapt it in its own module.

States and labels are in Dutch (they are shown to staff and applicants); codes in English.
Terms: the IMG counts AVV within 56 days and maatwerk within 182 days (dashboard, domain facts
§3.2); children's immaterial damage 8 weeks; the Awb's 8 weeks (56 days) where nothing else applies.
"""

from .process import Process, TermEffect, Transition

HANDLER = ("case_handler",)
HANDLER_OR_GUIDE = ("case_handler", "case_guide")
HANDLER_OR_INSPECTOR = ("case_handler", "inspector")
REVIEWER = ("reviewer",)
AWB_8_WEEKS = "Awb art. 4:13: redelijke termijn, ten hoogste 8 weken (domain facts §3.2)"

FIXED_STATES = {
    "received": "Ontvangen",
    "in_progress": "In behandeling",
    "waiting_for_applicant": "Wacht op aanvrager",
    "review": "Wordt getoetst",
    "decided": "Besluit genomen",
    "paid": "Betaald",
    "closed": "Afgesloten",
    "withdrawn": "Ingetrokken",
}
INSPECTION_STATES = {
    "received": "Ontvangen",
    "in_progress": "In behandeling",
    "inspection_planned": "Schade-opname gepland",
    "expert_advice": "Deskundige maakt advies",
    "draft_decision": "Ontwerpbesluit: uw reactie (zienswijze)",
    "waiting_for_applicant": "Wacht op aanvrager",
    "review": "Wordt getoetst",
    "decided": "Besluit genomen",
    "paid": "Betaald",
    "closed": "Afgesloten",
    "withdrawn": "Ingetrokken",
}
CLOSED = ("decided", "paid", "closed", "withdrawn", "waiting_for_applicant")


def _inspection_complete(case):
    from schadeloket.inspections.selectors import inspection_complete

    return inspection_complete(case)


def _advice_complete(case):
    from schadeloket.inspections.selectors import advice_complete

    return advice_complete(case)


def _final_decision_taken(case):
    """'Besluit nemen' only together with the decision itself (decisions.services.finalize)."""
    from schadeloket.decisions.models import Decision, DecisionKind

    if Decision.objects.filter(case=case, kind=DecisionKind.FINAL).exists():
        return None
    return "Neem het besluit bij 'Besluit': dan komen het besluit, de brief en deze stap samen."


def _review_decide_pay() -> tuple[Transition, ...]:
    """Every process ends the same way: start, (sampled) review, decide, pay, close."""
    return (
        Transition("start", ("received",), "in_progress", "In behandeling nemen", HANDLER),
        Transition("send_to_review", ("in_progress",), "review", "Ter toetsing aanbieden", HANDLER),
        Transition("approve", ("review",), "in_progress", "Toetsing akkoord", REVIEWER),
        Transition(
            "return_from_review", ("review",), "in_progress", "Terug naar behandelaar", REVIEWER, needs_reason=True
        ),
        Transition(
            "decide",
            ("in_progress",),
            "decided",
            "Besluit nemen",
            HANDLER,
            TermEffect.STOP,
            guard=_final_decision_taken,
        ),  # fmt: skip
        Transition("mark_paid", ("decided",), "paid", "Betaald", ("case_handler", "admin")),
        Transition("close", ("decided", "paid"), "closed", "Zaak afsluiten", HANDLER),
    )


def _waiting_and_withdrawal(states) -> tuple[Transition, ...]:
    """Every process can ask the applicant, resume, extend the term once, and be withdrawn."""
    working = tuple(s for s in states if s not in CLOSED)
    return (
        Transition(
            "ask_applicant", working, "waiting_for_applicant", "Informatie vragen aan aanvrager",
            HANDLER_OR_GUIDE, TermEffect.SUSPEND, needs_reason=True,
        ),
        Transition(
            "applicant_answered", ("waiting_for_applicant",), "in_progress", "Aanvrager heeft gereageerd",
            HANDLER_OR_GUIDE, TermEffect.RESUME,
        ),
        Transition(
            "extend_term", working, "in_progress", "Beslistermijn verdagen", HANDLER, TermEffect.EXTEND,
            needs_reason=True,
        ),
        Transition(
            "withdraw", (*working, "waiting_for_applicant"), "withdrawn", "Aanvraag ingetrokken",
            HANDLER_OR_GUIDE, TermEffect.STOP, needs_reason=True,
        ),
    )  # fmt: skip


def fixed_payment_process(name: str, term_days: int, term_source: str) -> Process:
    """VES, AVV and the other fixed amounts: check, (sampled) review, decide, pay."""
    return Process(
        name=name,
        states=dict(FIXED_STATES),
        initial="received",
        final=frozenset({"closed", "withdrawn"}),
        term_days=term_days,
        term_source=term_source,
        transitions=(*_review_decide_pay(), *_waiting_and_withdrawal(FIXED_STATES)),
        task_on_enter={"review": ("review", "reviewer")},
    )


def inspection_process(name: str, term_days: int, term_source: str) -> Process:
    """Maatwerk and repair: inspection, expert advice, draft decision with zienswijze, decision, pay."""
    return Process(
        name=name,
        states=dict(INSPECTION_STATES),
        initial="received",
        final=frozenset({"closed", "withdrawn"}),
        term_days=term_days,
        term_source=term_source,
        transitions=(
            *_review_decide_pay(),
            Transition("plan_inspection", ("in_progress",), "inspection_planned", "Schade-opname plannen", HANDLER),
            Transition(
                "inspection_done",
                ("inspection_planned",),
                "expert_advice",
                "Schade-opname gedaan",
                HANDLER_OR_INSPECTOR,
                guard=_inspection_complete,
            ),
            Transition(
                "advice_received",
                ("expert_advice",),
                "draft_decision",
                "Advies ontvangen: ontwerpbesluit sturen",
                HANDLER_OR_INSPECTOR,
                guard=_advice_complete,
            ),
            Transition("view_received", ("draft_decision",), "in_progress", "Zienswijze verwerkt", HANDLER),
            *_waiting_and_withdrawal(INSPECTION_STATES),
        ),  # fmt: skip
        task_on_enter={
            "inspection_planned": ("inspection", "inspector"),
            "expert_advice": ("expert_advice", "inspector"),
            "review": ("review", "reviewer"),
        },
    )
