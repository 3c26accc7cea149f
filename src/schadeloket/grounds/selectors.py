"""Reads for coding: the texts still to code (oldest first), one objection or zienswijze with what
its decision stored about the rules, and the coding it already has.

The list of texts to code is one set-based query: objections and zienswijzen side by side as a
UNION, ordered by the day the text came in, so one page shows the oldest work first whatever its
kind, and the paginator counts and slices in the database. A coded text whose text changed after
it was coded (see `models`: the coding "needs review") is back on that list, marked `review`, until
it is coded again: the comparison of the stored hash with the text's hash runs in the same query.
"""

from dataclasses import dataclass

from django.db.models import CharField, DateField, F, Q, QuerySet, Value
from django.db.models.functions import TruncDate
from django.utils import timezone

from schadeloket.decisions.models import Decision, DecisionKind
from schadeloket.objections.models import Objection
from schadeloket.schemes.engine.explain import euro
from schadeloket.schemes.registry import all_schemes

from .decision_rules import MatchedRule, matched_rules, rule_set_version, rule_tables
from .models import CATEGORY_DESCRIPTIONS, GroundCategory, GroundsCoding, GroundsSubject, review_state, text_sha256

RECENTLY_CODED = 20
_COLUMNS = ("subject", "pid", "received", "at", "decision_id", "review")


def scheme_names() -> dict[str, str]:
    return {scheme.code: scheme.name for scheme in all_schemes()}


def scheme_choices() -> list[tuple[str, str]]:
    return [(scheme.code, f"{scheme.code} – {scheme.name}") for scheme in all_schemes()]


def category_list() -> list[dict]:
    """The coding scheme as shown to staff: value, label and description, in the fixed order."""
    return [
        {"value": category.value, "label": category.label, "description": CATEGORY_DESCRIPTIONS[category]}
        for category in GroundCategory
    ]


def _objections_to_code(scheme_code: str | None) -> QuerySet:
    queryset = (
        Objection.objects.exclude(grounds="")
        .annotate(review=review_state("grounds_coding__text_sha256", F("grounds")))
        .filter(Q(grounds_coding__isnull=True) | Q(review=True))
    )
    if scheme_code:
        queryset = queryset.filter(decision__case__scheme_code=scheme_code)
    return queryset.annotate(
        subject=Value(GroundsSubject.OBJECTION.value, output_field=CharField()),
        pid=F("public_id"),
        received=F("received_on"),
        at=F("submitted_at"),
    ).values(*_COLUMNS)


def _views_to_code(scheme_code: str | None) -> QuerySet:
    queryset = (
        Decision.objects.filter(kind=DecisionKind.DRAFT, view_received_at__isnull=False)
        .exclude(view_text="")
        .annotate(review=review_state("grounds_coding__text_sha256", F("view_text")))
        .filter(Q(grounds_coding__isnull=True) | Q(review=True))
    )
    if scheme_code:
        queryset = queryset.filter(case__scheme_code=scheme_code)
    return queryset.annotate(
        subject=Value(GroundsSubject.VIEW.value, output_field=CharField()),
        pid=F("public_id"),
        received=TruncDate("view_received_at", output_field=DateField()),
        at=F("view_received_at"),
        decision_id=F("id"),
    ).values(*_COLUMNS)


def texts_to_code(*, subject: str | None = None, scheme_code: str | None = None):
    """Objections with grounds and zienswijzen that have no coding yet, or whose coding needs review, oldest first.

    Rows are dicts: subject, pid (public id), received (date), at (moment), decision_id (the decision
    objected to, or the draft reacted on), review (True: coded before the text changed, opnieuw
    bekijken). Pro forma objections (no grounds yet) are left out: there is nothing to code until they
    come. The case's scheme and reference are added for one page of rows by `with_case_facts`: joining
    every row to its decision and case before sorting cost most of the time with tens of thousands of
    texts waiting.
    """
    parts = []
    if subject in (None, "", GroundsSubject.OBJECTION):
        parts.append(_objections_to_code(scheme_code))
    if subject in (None, "", GroundsSubject.VIEW):
        parts.append(_views_to_code(scheme_code))
    queryset = parts[0] if len(parts) == 1 else parts[0].union(parts[1], all=True)
    return queryset.order_by("received", "at", "pid")


def with_case_facts(rows) -> list[dict]:
    """The rows of one page of `texts_to_code`, each with the scheme and reference of its case (one query)."""
    rows = list(rows)
    facts = {
        decision_id: (scheme, reference)
        for decision_id, scheme, reference in Decision.objects.filter(
            id__in={row["decision_id"] for row in rows}
        ).values_list("id", "case__scheme_code", "case__reference")
    }
    return [{**row, "scheme": facts[row["decision_id"]][0], "reference": facts[row["decision_id"]][1]} for row in rows]


def pro_forma_waiting() -> int:
    """Objections without grounds yet (pro forma) and without a coding."""
    return Objection.objects.filter(grounds="", grounds_coding__isnull=True).count()


def recently_coded(limit: int = RECENTLY_CODED) -> list[GroundsCoding]:
    return list(
        GroundsCoding.objects.with_review_state()
        .select_related("objection", "draft", "decision__case", "coded_by")
        .prefetch_related("codes")
        .order_by("-coded_at", "-pk")[:limit]
    )


def objection_to_code(public_id) -> Objection | None:
    return Objection.objects.select_related("decision__case", "owner").filter(public_id=public_id).first()


def draft_to_code(public_id) -> Decision | None:
    """A draft decision with a zienswijze; None for anything else (a final decision, no reaction)."""
    return (
        Decision.objects.select_related("case")
        .filter(public_id=public_id, kind=DecisionKind.DRAFT, view_received_at__isnull=False)
        .first()
    )


def coding_of(obj) -> GroundsCoding | None:
    """The coding of an objection, or of a draft decision's zienswijze (None when not coded)."""
    queryset = GroundsCoding.objects.with_review_state().select_related("coded_by").prefetch_related("codes", "rules")
    if isinstance(obj, Objection):
        return queryset.filter(objection=obj).first()
    if isinstance(obj, Decision):
        return queryset.filter(draft=obj).first()
    return None


@dataclass(frozen=True)
class CodingPage:
    """Everything the coding page shows about one text and its decision."""

    subject: str
    public_id: object
    text: str
    received_on: object
    case_reference: str
    scheme_code: str
    scheme_name: str
    decision: Decision
    rules: list[MatchedRule]
    rule_set_version: str
    coding: GroundsCoding | None
    objection: Objection | None = None

    @property
    def text_sha256(self) -> str:
        """The version of the text the user reads; the form sends it back so a change meanwhile is noticed."""
        return text_sha256(self.text)

    @property
    def needs_review(self) -> bool:
        """Coded before the text changed: opnieuw bekijken."""
        return self.coding is not None and self.coding.text_sha256 != self.text_sha256

    @property
    def is_objection(self) -> bool:
        return self.subject == GroundsSubject.OBJECTION

    @property
    def short_rule_set_version(self) -> str:
        return self.rule_set_version[:12]

    @property
    def amount_text(self) -> str:
        return euro(self.decision.amount)

    @property
    def codeable(self) -> bool:
        return bool(self.text.strip())

    @property
    def categories(self) -> list[str]:
        return [code.category for code in self.coding.codes.all()] if self.coding else []

    @property
    def disputed(self) -> list[str]:
        return [rule.key for rule in self.coding.rules.all() if rule.disputed] if self.coding else []

    @property
    def version(self) -> int:
        return self.coding.version if self.coding else 0


def _rules_for_page(decision: Decision, coding: GroundsCoding | None) -> list[MatchedRule]:
    """The rules to choose from: as copied when the text was coded, else as the decision stores them."""
    current = matched_rules(decision.rule_outcome)
    if coding is None:
        return current
    names = {rule.table_id: rule.table_name for rule in current}
    return [
        MatchedRule(
            table_id=rule.table_id,
            table_name=names.get(rule.table_id, rule.table_id),
            table_version=rule.table_version,
            row=rule.row,
            rule_id=rule.rule_id,
            legal_basis=rule.legal_basis,
            link="",
        )
        for rule in sorted(coding.rules.all(), key=lambda r: r.pk)
    ]


def coding_page(obj) -> CodingPage:
    names = scheme_names()
    if isinstance(obj, Objection):
        decision = obj.decision
        subject, text, received_on = GroundsSubject.OBJECTION, obj.grounds, obj.received_on
    else:
        decision = obj
        subject, text = GroundsSubject.VIEW, obj.view_text
        received_on = timezone.localdate(obj.view_received_at)
    coding = coding_of(obj)
    # A coded text shows the rules as they were copied; an uncoded one what the decision stores now.
    version = coding.rule_set_version if coding else rule_set_version(rule_tables(decision.rule_outcome))
    case = decision.case
    return CodingPage(
        subject=subject,
        public_id=obj.public_id,
        text=text,
        received_on=received_on,
        case_reference=case.reference,
        scheme_code=case.scheme_code,
        scheme_name=names.get(case.scheme_code, case.scheme_code),
        decision=decision,
        rules=_rules_for_page(decision, coding),
        rule_set_version=version,
        coding=coding,
        objection=obj if isinstance(obj, Objection) else None,
    )
