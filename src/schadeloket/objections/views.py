"""The objection lawyers' pages under /behandeling/bezwaren/: the work list by deadline, entering
an objection that came by letter, and one page per objection with its whole history and a form
for each step.

Thin views. Only objection lawyers and administrators see these pages (403 for other staff); every
view of an objection writes an audit event. A refused step (ObjectionError, Dutch) comes back at
its form with status 400 and what was typed; only the hidden version is refreshed, so a second try
works once the lawyer has seen the new state.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from schadeloket.accounts.decorators import staff_verified_required
from schadeloket.audit.models import AuditAction
from schadeloket.audit.services import record_event
from schadeloket.cases.models import Case, CaseParty
from schadeloket.cases.selectors import user_roles
from schadeloket.decisions.selectors import final_decision

from . import forms, selectors, services
from .models import Appeal, Hearing, HearingStatus, Revision
from .parameters import REPAIR_TERM_DAYS, pro_forma_term_weeks
from .services import ObjectionError
from .templatetags.objections import ROLES  # one list for these pages and the link on the home page

PER_PAGE = 50


def _require(request) -> set[str]:
    roles = user_roles(request.user)
    if not roles & ROLES:
        raise PermissionDenied
    return roles


def _objection_or_404(request, public_id):
    _require(request)
    objection = selectors.objection_by_public_id(public_id)
    if objection is None:
        raise Http404
    return objection


def _page_url(objection, anchor: str = "") -> str:
    return reverse("objections:objection", args=[objection.public_id]) + (f"#{anchor}" if anchor else "")


# --- work list ----------------------------------------------------------------------------------


@staff_verified_required
@require_GET
def work_list(request):
    _require(request)
    form = forms.WorkListFilterForm(request.GET or None, choices=selectors.WORK_LIST_FILTERS)
    who = request.GET.get("wie") if request.GET.get("wie") in dict(selectors.WORK_LIST_FILTERS) else "all"
    page = Paginator(selectors.work_list(request.user, who), PER_PAGE).get_page(request.GET.get("pagina"))
    record_event(actor=request.user, action=AuditAction.VIEW, obj=None, reason=f"werkvoorraad bezwaren ({who})")
    return render(
        request,
        "objections/work_list.html",
        {"form": form, "page": page, "objections": selectors.with_deadline_states(page.object_list), "who": who},
    )


# --- an objection that came by letter -------------------------------------------------------------


@staff_verified_required
@require_http_methods(["GET", "POST"])
def new_letter(request):
    """Step 1: the case reference. Step 2: who sent it, when it came, the grounds, the scan."""
    roles = user_roles(request.user)
    if not roles & services.LETTER_ROLES:
        raise PermissionDenied
    if request.method == "GET":
        return render(request, "objections/new_letter.html", {"reference_form": forms.CaseReferenceForm()})
    if "objector" not in request.POST:
        reference_form = forms.CaseReferenceForm(request.POST)
        if not reference_form.is_valid():
            return render(request, "objections/new_letter.html", {"reference_form": reference_form}, status=400)
        case, final, refusal = _case_with_decision(reference_form.cleaned_data["reference"])
        if refusal:
            reference_form.add_error("reference", refusal)
            return render(request, "objections/new_letter.html", {"reference_form": reference_form}, status=400)
        record_event(
            actor=request.user,
            action=AuditAction.VIEW,
            obj=("cases.case", case.reference),
            reason="bezwaarbrief invoeren: partijen",
        )
        form = forms.LetterObjectionForm(initial={"reference": case.reference}, parties=_parties(case))
        return render(request, "objections/new_letter.html", {"case": case, "final": final, "form": form})

    case, final, refusal = _case_with_decision(request.POST.get("reference", ""))
    if refusal:
        return render(
            request,
            "objections/new_letter.html",
            {
                "reference_form": forms.CaseReferenceForm(initial={"reference": request.POST.get("reference", "")}),
                "lost": refusal,
            },
            status=400,
        )
    form = forms.LetterObjectionForm(request.POST, request.FILES, parties=_parties(case))
    if form.is_valid():
        key = form.cleaned_data["objector"]
        try:
            # "Someone else" is no party: the service refuses with a Dutch explanation of what to do.
            objection = services.register_letter_objection(
                final,
                grounds=form.cleaned_data["grounds"],
                objector=form.parties.get(key),
                received_on=form.cleaned_data["received_on"],
                posted_on=form.cleaned_data["posted_on"],
                user=request.user,
                attachment=form.cleaned_data["attachment"],
            )
        except ObjectionError as error:
            form.add_error("objector" if key == "other" else None, str(error))
        else:
            messages.success(request, _("Het bezwaar is ingevoerd."))
            return redirect("objections:objection", public_id=objection.public_id)
    return render(request, "objections/new_letter.html", {"case": case, "final": final, "form": form}, status=400)


def _parties(case):
    return list(CaseParty.objects.filter(case=case).select_related("person").order_by("id"))


def _case_with_decision(reference: str):
    """(case, final decision, None) or (None, None, a Dutch reason)."""
    case = Case.objects.select_related("building__address").filter(reference=reference.strip().upper()).first()
    if case is None:
        return None, None, _("Er is geen zaak met dit nummer. Kijk het zaaknummer in de brief na.")
    final = final_decision(case)
    if final is None:
        return (
            None,
            None,
            _(
                "Over zaak %(reference)s is nog geen besluit genomen. Bezwaar kan pas tegen een besluit. Is het een "
                "reactie op een ontwerpbesluit? Leg het dan vast als zienswijze bij de zaak."
            )
            % {"reference": case.reference},
        )
    return case, final, None


# --- the objection page ---------------------------------------------------------------------------


def _initial(objection) -> dict:
    return {"version": objection.version}


def _context(request, objection, bound: dict) -> dict:
    version = _initial(objection)
    hearings = selectors.hearings_of(objection)
    appeals = selectors.appeals_of(objection)
    revisions = selectors.revisions_of(objection)
    roles = user_roles(request.user)
    own = "admin" in roles or objection.owner_id == request.user.pk
    applicant_name = objection.objector.full_name
    return {
        "objection": objection,
        "case": objection.decision.case,
        "decision": objection.decision,
        "own": own,
        "term_state": selectors.deadline_state(objection),
        "term_label": selectors.deadline_label(selectors.deadline_state(objection)),
        "effective_deadline": selectors.effective_deadline(objection),
        "deadline_steps": selectors.deadline_steps(objection),
        "checks": selectors.admissibility(objection),
        "granted_so_far": selectors.granted_so_far(objection),
        "attachments": list(objection.attachments.select_related("document").order_by("added_at")),
        "repairs": list(objection.repair_requests.order_by("requested_on", "id")),
        "open_repair": selectors.open_repair(objection),
        "contacts": list(objection.contacts.select_related("recorded_by")),
        "hearings": [
            (
                hearing,
                selectors.hearing_place(hearing),
                bound.get(f"verslag-{hearing.pk}")
                or forms.MinutesForm(initial=version, auto_id=f"verslag-{hearing.pk}-%s"),
                bound.get(f"afzeggen-{hearing.pk}")
                or forms.CancelHearingForm(initial=version, auto_id=f"afzeggen-{hearing.pk}-%s"),
            )
            for hearing in hearings
        ],
        "planned_hearing": any(hearing.status == HearingStatus.PLANNED for hearing in hearings),
        "appeals": [
            (
                appeal,
                bound.get(f"uitspraak-{appeal.pk}")
                or forms.AppealUpdateForm(prefix_id=str(appeal.pk), initial={**_appeal_initial(appeal)}),
            )
            for appeal in appeals
        ],
        "revisions": [
            (
                view,
                bound.get(f"betalen-{view.revision.pk}")
                or forms.PayDifferenceForm(
                    prefix_id=str(view.revision.pk), initial={**version, "payee_name": applicant_name}
                ),
            )
            for view in revisions
        ],
        "history": selectors.history(objection),
        "pro_forma_weeks": pro_forma_term_weeks(objection.decision.case.scheme_code),
        "repair_days": REPAIR_TERM_DAYS,
        "assign_form": bound.get("eigenaar")
        or forms.AssignForm(initial={**version, "lawyer": str(objection.owner_id or "")}, lawyers=selectors.lawyers()),
        "lateness_form": bound.get("termijn") or forms.LatenessForm(initial=version),
        "repair_form": bound.get("herstel") or forms.RepairRequestForm(initial=version),
        "repaired_form": bound.get("hersteld") or forms.RepairDoneForm(initial=version),
        "grounds_form": bound.get("gronden") or forms.GroundsForm(initial=version),
        "contact_form": bound.get("contact") or forms.ContactForm(initial=version),
        "attachment_form": bound.get("bijlage") or forms.AttachmentForm(initial=version),
        "committee_form": bound.get("commissie") or forms.CommitteeForm(initial=version),
        "extend_form": bound.get("verdagen") or forms.ExtendForm(initial=version),
        "consent_form": bound.get("uitstel") or forms.ConsentForm(initial=version),
        "hearing_form": bound.get("hoorzitting") or forms.HearingForm(initial=version),
        "decide_form": bound.get("beslissen") or forms.DecideForm(initial=version),
        "withdraw_form": bound.get("intrekken") or forms.WithdrawForm(initial=version),
        "resolve_form": bound.get("oplossen") or forms.ResolveForm(initial=version),
        "appeal_form": bound.get("beroep") or forms.AppealForm(initial=version, appeals=appeals),
    }


def _appeal_initial(appeal: Appeal) -> dict:
    return {
        "version": appeal.version,
        "hearing_on": appeal.hearing_on,
        "judgment_on": appeal.judgment_on,
        "outcome": appeal.outcome,
        "effect": appeal.effect,
        "ordered_amount": str(appeal.ordered_amount).replace(".", ",") if appeal.ordered_amount is not None else "",
        "new_decision_due_on": appeal.new_decision_due_on,
        "effect_note": appeal.effect_note,
    }


def _render(request, objection, *, status=200, **bound):
    objection = selectors.objection_by_public_id(objection.public_id)
    record_event(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=("objections.objection", str(objection.public_id)),
        reason="bezwaarpagina",
    )
    return render(request, "objections/objection.html", _context(request, objection, bound), status=status)


@staff_verified_required
@require_GET
def objection_page(request, public_id):
    return _render(request, _objection_or_404(request, public_id))


# --- steps --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One form on the objection page: its class, what it does, where to go, what to say."""

    form: Callable
    run: Callable  # (request, objection, cleaned_data, form) -> None
    anchor: str
    done: str
    form_kwargs: Callable = dict


def _assign(request, objection, data, form):
    lawyer = request.user if request.POST.get("to_me") else form.lawyers.get(data["lawyer"])
    if lawyer is None:
        raise ObjectionError(_("Kies een bezwaarjurist, of neem het bezwaar zelf."))
    services.assign_owner(objection, lawyer, actor=request.user, expected_version=data["version"])


def _decide(request, objection, data, form):
    services.decide_objection(
        objection,
        outcome=data["outcome"],
        reasons=data["reasons"],
        new_amount=data["new_amount"],
        inadmissible_ground=data["inadmissible_ground"],
        no_hearing_reason=data["no_hearing_reason"],
        actor=request.user,
        expected_version=data["version"],
    )


def _plan(request, objection, data, form):
    services.plan_hearing(
        objection,
        location_kind=data["location_kind"],
        support_point=data["support_point"],
        location_detail=data["location_detail"],
        starts_at=form.starts_at(),
        with_committee=data["with_committee"],
        actor=request.user,
        expected_version=data["version"],
    )


def _appeal(request, objection, data, form):
    services.register_appeal(
        objection,
        court=data["court"],
        case_number=data["case_number"],
        filed_on=data["filed_on"],
        filed_by=data["filed_by"],
        appeal_of=form.appeals.get(data["appeal_of"]),
        actor=request.user,
    )


STEPS = {
    "eigenaar": Step(
        forms.AssignForm,
        _assign,
        "eigenaar",
        gettext_lazy("De bezwaarjurist is vastgelegd."),
        lambda: {"lawyers": selectors.lawyers()},
    ),
    "termijn": Step(
        forms.LatenessForm,
        lambda r, o, d, f: services.judge_lateness(
            o, excusable=d["excusable"], reasoning=d["reasoning"], actor=r.user, expected_version=d["version"]
        ),
        "ontvankelijkheid",
        gettext_lazy("Het oordeel over de termijn is vastgelegd."),
    ),
    "herstel": Step(
        forms.RepairRequestForm,
        lambda r, o, d, f: services.request_repair(
            o,
            kind=d["kind"],
            description=d["description"],
            due_on=d["due_on"],
            actor=r.user,
            expected_version=d["version"],
        ),
        "herstel",
        gettext_lazy("Het verzoek om herstel is verstuurd. De beslistermijn staat stil."),
    ),
    "hersteld": Step(
        forms.RepairDoneForm,
        lambda r, o, d, f: services.record_repair(
            o, repaired_on=d["repaired_on"], actor=r.user, expected_version=d["version"]
        ),
        "herstel",
        gettext_lazy("Het herstel is vastgelegd. De beslistermijn loopt weer."),
    ),
    "gronden": Step(
        forms.GroundsForm,
        lambda r, o, d, f: services.record_grounds(
            o, grounds=d["grounds"], received_on=d["received_on"], actor=r.user, expected_version=d["version"]
        ),
        "gronden",
        gettext_lazy("De gronden zijn vastgelegd."),
    ),
    "contact": Step(
        forms.ContactForm,
        lambda r, o, d, f: services.record_contact(
            o,
            contacted_on=d["contacted_on"],
            channel=d["channel"],
            outcome=d["outcome"],
            note=d["note"],
            actor=r.user,
            expected_version=d["version"],
        ),
        "contact",
        gettext_lazy("Het contact is vastgelegd."),
    ),
    "bijlage": Step(
        forms.AttachmentForm,
        lambda r, o, d, f: services.add_attachment(
            o, d["file"], kind=d["kind"], actor=r.user, expected_version=d["version"]
        ),
        "gronden",
        gettext_lazy("Het document is toegevoegd."),
    ),
    "commissie": Step(
        forms.CommitteeForm,
        lambda r, o, d, f: services.refer_to_committee(o, actor=r.user, expected_version=d["version"]),
        "termijn",
        gettext_lazy("Het bezwaar gaat naar de Bezwaaradviescommissie. De beslistermijn is 12 weken."),
    ),
    "verdagen": Step(
        forms.ExtendForm,
        lambda r, o, d, f: services.extend_term(
            o, days=d["days"], reason=d["reason"], actor=r.user, expected_version=d["version"]
        ),
        "termijn",
        gettext_lazy("De beslistermijn is verdaagd. De indiener heeft een bericht gekregen."),
    ),
    "uitstel": Step(
        forms.ConsentForm,
        lambda r, o, d, f: services.postpone_with_consent(
            o,
            days=d["days"],
            consent_on=d["consent_on"],
            consent_channel=d["consent_channel"],
            actor=r.user,
            expected_version=d["version"],
        ),
        "termijn",
        gettext_lazy("Het uitstel met instemming is vastgelegd."),
    ),
    "hoorzitting": Step(
        forms.HearingForm, _plan, "hoorzitting", gettext_lazy("De hoorzitting is gepland. De uitnodiging is verstuurd.")
    ),
    "beslissen": Step(
        forms.DecideForm,
        _decide,
        "beslissing",
        gettext_lazy("De beslissing op bezwaar is genomen. De brief staat bij de beslissing."),
    ),
    "intrekken": Step(
        forms.WithdrawForm,
        lambda r, o, d, f: services.withdraw_objection(
            o,
            confirmed_on=d["confirmed_on"],
            confirmation=d["confirmation"],
            note=d["note"],
            actor=r.user,
            expected_version=d["version"],
        ),
        "beslissing",
        gettext_lazy("De intrekking is vastgelegd."),
    ),
    "oplossen": Step(
        forms.ResolveForm,
        lambda r, o, d, f: services.resolve_with_new_decision(
            o, new_amount=d["new_amount"], note=d["note"], actor=r.user, expected_version=d["version"]
        ),
        "beslissing",
        gettext_lazy("De oplossing is vastgelegd. Er is een vervolgzaak voor het nieuwe besluit."),
    ),
    "beroep": Step(
        forms.AppealForm,
        _appeal,
        "beroep",
        gettext_lazy("De beroepszaak is geregistreerd."),
    ),
}


def _rebound(form_class, request, version: int, **kwargs):
    """The user's input as typed, with the version refreshed to the objection as it is now."""
    data = request.POST.copy()
    data["version"] = str(version)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


@staff_verified_required
@require_POST
def step(request, public_id, name):
    objection = _objection_or_404(request, public_id)
    spec = STEPS.get(name)
    if spec is None:
        raise Http404
    kwargs = spec.form_kwargs()
    if name == "beroep":
        kwargs = {"appeals": selectors.appeals_of(objection)}
    form = spec.form(request.POST, request.FILES or None, **kwargs)
    if form.is_valid():
        try:
            spec.run(request, objection, form.cleaned_data, form)
        except ObjectionError as error:
            fresh = selectors.objection_by_public_id(objection.public_id)
            form = _rebound(spec.form, request, fresh.version, **kwargs)
            form.add_error(None, str(error))
        else:
            messages.success(request, str(spec.done))
            return redirect(_page_url(objection, spec.anchor))
    return _render(request, objection, status=400, **{name: form})


@staff_verified_required
@require_POST
def hearing_step(request, public_id, hearing_id, name):
    objection = _objection_or_404(request, public_id)
    hearing = get_object_or_404(Hearing, public_id=hearing_id, objection=objection)
    form_class = {"gehouden": forms.MinutesForm, "afzeggen": forms.CancelHearingForm}.get(name)
    if form_class is None:
        raise Http404
    key = f"{'verslag' if name == 'gehouden' else 'afzeggen'}-{hearing.pk}"
    form = form_class(request.POST, request.FILES or None, auto_id=f"{key}-%s")
    if form.is_valid():
        try:
            if name == "gehouden":
                services.record_hearing_held(
                    hearing,
                    minutes_file=form.cleaned_data["minutes"],
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                )
            else:
                services.cancel_hearing(
                    hearing,
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                )
        except ObjectionError as error:
            fresh = selectors.objection_by_public_id(objection.public_id)
            form = _rebound(form_class, request, fresh.version, auto_id=f"{key}-%s")
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Het verslag is vastgelegd.") if name == "gehouden" else _("De hoorzitting is afgezegd.")
            )
            return redirect(_page_url(objection, "hoorzitting"))
    return _render(request, objection, status=400, **{key: form})


@staff_verified_required
@require_POST
def appeal_step(request, public_id, appeal_id):
    objection = _objection_or_404(request, public_id)
    appeal = get_object_or_404(Appeal, public_id=appeal_id, objection=objection)
    key = f"uitspraak-{appeal.pk}"
    form = forms.AppealUpdateForm(request.POST, prefix_id=str(appeal.pk))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_appeal(
                appeal,
                hearing_on=data["hearing_on"],
                judgment_on=data["judgment_on"],
                outcome=data["outcome"],
                effect=data["effect"],
                effect_note=data["effect_note"],
                ordered_amount=data["ordered_amount"],
                new_decision_due_on=data["new_decision_due_on"],
                actor=request.user,
                expected_version=data["version"],
            )
        except ObjectionError as error:
            appeal.refresh_from_db()
            form = _rebound(forms.AppealUpdateForm, request, appeal.version, prefix_id=str(appeal.pk))
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De beroepszaak is bijgewerkt."))
            return redirect(_page_url(objection, "beroep"))
    return _render(request, objection, status=400, **{key: form})


@staff_verified_required
@require_POST
@sensitive_post_parameters("iban")
def pay_difference(request, public_id, revision_id):
    objection = _objection_or_404(request, public_id)
    revision = get_object_or_404(Revision, pk=revision_id, objection=objection)
    key = f"betalen-{revision.pk}"
    form = forms.PayDifferenceForm(request.POST, prefix_id=str(revision.pk))
    if form.is_valid():
        try:
            services.pay_difference(
                revision, payee_name=form.cleaned_data["payee_name"], iban=form.cleaned_data["iban"], actor=request.user
            )
        except ObjectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De betaalopdracht voor het verschil staat klaar. Hij wordt één keer betaald."))
            return redirect(_page_url(objection, "nieuw-besluit"))
    return _render(request, objection, status=400, **{key: form})
