"""Case work pages under /behandeling/. Thin views: access checks and forms here, writes through the
apps' services, reads through their selectors (and `selectors` for what one page puts together).

A refused change (a service error) is shown in Dutch next to its form with status 400, and the page
is rendered again with what the user typed; only the hidden case version is refreshed, so that
after "someone else was quicker" a second try can succeed once the user has seen the new state.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from schadeloket.accounts.decorators import staff_verified_required
from schadeloket.audit.models import AuditAction
from schadeloket.audit.services import record_event
from schadeloket.cases.selectors import process_for, user_roles
from schadeloket.cases.services import CaseError, assign, open_case, transition
from schadeloket.decisions import letters as letter_files
from schadeloket.decisions.models import DecisionKind, Letter
from schadeloket.decisions.selectors import stored_answers
from schadeloket.decisions.services import deviate, draft_from_rules, finalize, record_view, save_answers
from schadeloket.documents.models import Document
from schadeloket.documents.selectors import case_documents
from schadeloket.documents.services import DocumentError, upload_document
from schadeloket.inspections.models import DamageItem
from schadeloket.inspections.selectors import latest_report
from schadeloket.inspections.services import (
    InspectionError,
    record_expert_assessment,
    record_inspection,
)
from schadeloket.messaging.forms import MessageForm
from schadeloket.messaging.selectors import messages_of, unread_for_staff
from schadeloket.messaging.services import MessageError, mark_read_by_staff, reply_from_staff
from schadeloket.payment_orders.models import PaymentBatch
from schadeloket.payment_orders.selectors import orders_for_case, pending_orders, recent_batches
from schadeloket.payment_orders.services import PaymentError, export_batch, mark_batch_paid, order_for_decision
from schadeloket.register.persons.models import Person
from schadeloket.register.persons.selectors import person_by_bsn
from schadeloket.sampling.selectors import latest_sampling, reviews_of, sampling_statistics
from schadeloket.sampling.services import approve, return_to_handler
from schadeloket.schemes.engine.questions import answers_from_json
from schadeloket.schemes.registry import get_scheme

from . import forms, selectors
from .answers_form import AnswersForm

PER_PAGE = 50
# Every error a service can give: each is a ValueError subclass with a Dutch message.
SERVICE_ERRORS = (CaseError, DocumentError, InspectionError, PaymentError)


# --- access -------------------------------------------------------------------------------------


def _roles(request) -> set[str]:
    return user_roles(request.user)


def _require(request, allowed) -> set[str]:
    roles = _roles(request)
    if not roles & set(allowed):
        raise PermissionDenied
    return roles


def _case_or_404(request, reference):
    """The case, after checking that this user works on cases (contractors do not, here)."""
    _require(request, selectors.CASE_ROLES)
    case = selectors.case_by_reference(reference)
    if case is None:
        raise Http404
    return case


def _record_view(request, case, what: str) -> None:
    record_event(actor=request.user, action=AuditAction.VIEW, obj=("cases.case", case.reference), reason=what)


def _version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _bound(form_class, request, case, **kwargs):
    """The user's input as it was typed, with the version refreshed to the case as it is now."""
    data = request.POST.copy()
    if "version" in form_class.base_fields:
        data["version"] = str(case.version)
    form = form_class(data, request.FILES or None, **kwargs)
    form.is_valid()
    return form


def _fresh(case):
    return selectors.case_by_reference(case.reference)


# --- work lists ---------------------------------------------------------------------------------


@staff_verified_required
@require_GET
def work_list_page(request):
    roles = _require(request, selectors.CASE_ROLES)
    form = forms.WorkListFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {"handler": "all"}
    cases = selectors.filtered_work_list(request.user, roles, **filters)
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "casework/work_list.html",
        {
            "form": form,
            "page": page,
            "cases": selectors.with_deadline_states(page.object_list),
            "query": query.urlencode(),
            "roles": roles,
        },
    )


@staff_verified_required
@require_GET
def review_list(request):
    roles = _require(request, selectors.CASE_ROLES)
    return render(
        request,
        "casework/review_list.html",
        {"cases": selectors.review_cases(request.user, roles), "roles": roles},
    )


@staff_verified_required
@require_GET
def inspection_list(request):
    roles = _require(request, selectors.CASE_ROLES)
    return render(request, "casework/inspection_list.html", {"tasks": selectors.inspection_tasks(), "roles": roles})


# --- a new application at the counter -------------------------------------------------------------


@staff_verified_required
@sensitive_post_parameters("bsn")
def new_case(request):
    """Step 1: a BSN, POSTed (never in the URL). Step 2: the person's building, scheme and date."""
    _require(request, {"case_handler", "case_guide", "admin"})
    if request.method != "POST":
        return render(request, "casework/new_case.html", {"bsn_form": forms.BsnForm()})

    if "person" not in request.POST:
        bsn_form = forms.BsnForm(request.POST)
        if not bsn_form.is_valid():
            # An impossible BSN stays in the field so the user can correct it.
            return render(request, "casework/new_case.html", {"bsn_form": bsn_form}, status=400)
        person = person_by_bsn(bsn_form.cleaned_data["bsn"])
        if person is None:
            # A valid BSN is never echoed back, not even into the form field.
            return render(
                request, "casework/new_case.html", {"bsn_form": forms.BsnForm(), "not_found": True}, status=400
            )
        record_event(actor=request.user, action=AuditAction.VIEW, obj=person, reason="nieuwe aanvraag: gebouwen")
        form = forms.ApplicationForm(
            initial={"person": person.public_id}, relations=selectors.building_relations(person)
        )
        return render(request, "casework/new_case.html", {"person": person, "form": form})

    person_id = request.POST.get("person", "")
    person = Person.objects.filter(public_id=person_id).first() if _is_uuid(person_id) else None
    if person is None:
        return render(request, "casework/new_case.html", {"bsn_form": forms.BsnForm(), "lost": True}, status=400)
    form = forms.ApplicationForm(request.POST, relations=selectors.building_relations(person))
    if form.is_valid():
        building = form.building_obj()
        received_on = form.cleaned_data["received_on"]
        try:
            case = open_case(
                scheme_code=form.cleaned_data["scheme"],
                building=building,
                applicant=person,
                received_on=received_on,
                actor=request.user,
                pre_registered=form.cleaned_data["pre_registered"],
                in_core_area=selectors.in_core_area(building, received_on),
            )
        except SERVICE_ERRORS as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Aanvraag geregistreerd als zaak %(reference)s.") % {"reference": case.reference}
            )
            return redirect("casework:case", reference=case.reference)
    return render(request, "casework/new_case.html", {"person": person, "form": form}, status=400)


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


# --- the case page --------------------------------------------------------------------------------


def _case_context(request, case, bound: dict) -> dict:
    roles = _roles(request)
    process = process_for(case.scheme_code)
    applicant = selectors.applicant_of(case)
    decision = selectors.decision_summary(case)
    documents = case_documents(case)
    handlers = selectors.users_with_role("Behandelaar")
    inspectors = selectors.users_with_role("Opnemer")
    version = {"version": case.version}

    step_error = bound.get("step")  # (name, message, reason)
    steps = selectors.transition_choices(case, request.user)
    for step in steps:
        mine = step_error is not None and step_error[0] == step["transition"].name
        step["error"] = step_error[1] if mine else ""
        step["reason"] = step_error[2] if mine else ""

    report = latest_report(case) if selectors.has_inspection(case) else None
    assessment_forms = []
    if report is not None:
        for item in report.items.all():
            form = bound.get(f"item-{item.pk}") or forms.AssessmentForm(
                prefix=f"item-{item.pk}",
                inspectors=inspectors,
                initial={
                    "verdict": item.verdict or "yes",
                    "repair_cost": item.repair_cost if item.repair_cost is not None else "",
                    "expert": str(item.expert_id or ""),
                },
            )
            assessment_forms.append((item, form))

    draft = decision["draft"]
    deviate_initial = {**version}
    if draft is not None:
        deviate_initial.update(granted="yes" if draft.granted else "no", amount=str(draft.amount).replace(".", ","))
    final = decision["final"]
    letters = [(letter, letter_files.verify(letter)) for letter in selectors.letters_of(case)]
    return {
        "case": case,
        "roles": roles,
        "process": process,
        "status_label": process.states.get(case.status, case.status),
        "scheme": get_scheme(case.scheme_code),
        "applicant": applicant,
        "address": case.building.address,
        "term_state": selectors.deadline_state(case),
        "term_label": selectors.deadline_label(selectors.deadline_state(case)),
        "deadline_steps": selectors.deadline_steps(case),
        "steps": steps,
        "assign_form": bound.get("assign")
        or forms.AssignForm(initial={**version, "handler": str(case.handler_id or "")}, handlers=handlers),
        "documents": documents,
        "document_form": bound.get("document") or forms.DocumentForm(documents=documents),
        "has_inspection": selectors.has_inspection(case),
        "report": report,
        "inspection_form": bound.get("inspection")
        or forms.InspectionForm(inspectors=inspectors, initial={"inspected_on": timezone.localdate()}),
        "assessment_forms": assessment_forms,
        "decision": decision,
        "draft_form": bound.get("draft") or forms.VersionForm(initial=version),
        "answers_form": _answers_form(case, bound),
        "deviate_form": bound.get("deviate") or forms.DeviateForm(initial=deviate_initial),
        "view_form": bound.get("view") or forms.ViewForm(),
        "finalize_form": bound.get("finalize") or forms.VersionForm(initial=version),
        "letters": letters,
        "payment_form": bound.get("payment")
        or forms.PaymentForm(
            initial={"payee_kind": "applicant", "payee_name": applicant.full_name if applicant else ""}
        ),
        "orders": orders_for_case(case),
        "can_pay": final is not None and final.granted and final.amount > 0,
        "is_handler": "case_handler" in roles,
        # Berichten: the conversation with the applicant (messaging app), and a reply.
        "case_messages": messages_of(case),
        "messages_unread": unread_for_staff(case),
        "message_form": bound.get("message") or _staff_message_form(),
    }


def _answers_form(case, bound: dict) -> AnswersForm | None:
    """The scheme's questions, filled with what was stored; None when the scheme asks nothing."""
    questions = get_scheme(case.scheme_code).questions
    if not questions:
        return None
    if "answers" in bound:
        return bound["answers"]
    stored = answers_from_json(questions, stored_answers(case))
    return AnswersForm(questions=questions, stored=stored, initial={"version": case.version})


def _render_case(request, case, *, status=200, **bound):
    case = _fresh(case)
    _record_view(request, case, "zaakpagina")
    return render(request, "casework/case.html", _case_context(request, case, bound), status=status)


@staff_verified_required
@require_GET
def case_page(request, reference):
    return _render_case(request, _case_or_404(request, reference))


@staff_verified_required
@require_GET
def case_timeline(request, reference):
    """The timeline; loaded after the page by htmx, or as a page of its own without JavaScript."""
    case = _case_or_404(request, reference)
    events = [(event, selectors.action_label(event.action)) for event in selectors.timeline(case)[:500]]
    template = "casework/_timeline.html" if request.headers.get("HX-Request") else "casework/timeline.html"
    return render(request, template, {"case": case, "events": events})


@staff_verified_required
@require_POST
def case_transition(request, reference):
    case = _case_or_404(request, reference)
    form = forms.TransitionForm(request.POST)
    name = request.POST.get("name", "")
    reason = request.POST.get("reason", "")
    if not form.is_valid():
        message = _("Het formulier is niet compleet. Laad de pagina opnieuw en probeer het nog eens.")
    elif name in selectors.ELSEWHERE:
        message = selectors.ELSEWHERE[name]
    else:
        try:
            transition(
                case,
                name,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except SERVICE_ERRORS as error:
            message = str(error)
        else:
            messages.success(request, _("De stap is gezet."))
            return redirect("casework:case", reference=case.reference)
    return _render_case(request, case, status=400, step=(name, message, reason))


@staff_verified_required
@require_POST
def case_assign(request, reference):
    case = _case_or_404(request, reference)
    handlers = selectors.users_with_role("Behandelaar")
    form = forms.AssignForm(request.POST, handlers=handlers)
    if form.is_valid():
        if request.POST.get("to_me"):
            handler = request.user
        else:
            handler = {str(user.pk): user for user in handlers}.get(form.cleaned_data["handler"])
        try:
            assign(case, handler, actor=request.user, expected_version=form.cleaned_data["version"])
        except SERVICE_ERRORS as error:
            form = _bound(forms.AssignForm, request, _fresh(case), handlers=handlers)
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De zaak is toegewezen."))
            return redirect("casework:case", reference=case.reference)
    return _render_case(request, case, status=400, assign=form)


# --- documents ----------------------------------------------------------------------------------


@staff_verified_required
@require_POST
def document_upload(request, reference):
    case = _case_or_404(request, reference)
    documents = case_documents(case)
    form = forms.DocumentForm(request.POST, request.FILES, documents=documents)
    if form.is_valid():
        try:
            upload_document(
                case,
                form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                actor=request.user,
                replaces=form.documents.get(form.cleaned_data["replaces"]),
            )
        except SERVICE_ERRORS as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("Het document is geplaatst."))
            return redirect(reverse("casework:case", args=[case.reference]) + "#documenten")
    return _render_case(request, case, status=400, document=form)


@staff_verified_required
@require_GET
def document_download(request, reference, public_id):
    """Stream a private document after checking that it belongs to a case this user may see."""
    case = _case_or_404(request, reference)
    document = get_object_or_404(Document, public_id=public_id, case=case)
    _record_view(request, case, f"document {document.public_id} geopend")
    extension = document.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        document.file.open("rb"),
        as_attachment=not document.is_image,
        filename=f"{case.reference}-{document.kind}-v{document.version}.{extension}",
        content_type=document.content_type,
    )


# --- inspection ---------------------------------------------------------------------------------


@staff_verified_required
@require_POST
def inspection_record(request, reference):
    case = _case_or_404(request, reference)
    inspectors = selectors.users_with_role("Opnemer")
    form = forms.InspectionForm(request.POST, inspectors=inspectors)
    if form.is_valid():
        try:
            record_inspection(
                case,
                inspector=form.inspectors[form.cleaned_data["inspector"]],
                inspected_on=form.cleaned_data["inspected_on"],
                items=form.item_list(),
                notes=form.cleaned_data["notes"],
                actor=request.user,
            )
        except SERVICE_ERRORS as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De schade-opname is vastgelegd."))
            return redirect(reverse("casework:case", args=[case.reference]) + "#opname")
    return _render_case(request, case, status=400, inspection=form)


@staff_verified_required
@require_POST
def expert_assessment(request, reference, item_id):
    case = _case_or_404(request, reference)
    item = get_object_or_404(DamageItem, pk=item_id, report__case=case)
    inspectors = selectors.users_with_role("Opnemer")
    prefix = f"item-{item.pk}"
    form = forms.AssessmentForm(request.POST, prefix=prefix, inspectors=inspectors)
    if form.is_valid():
        try:
            record_expert_assessment(
                item,
                verdict=form.cleaned_data["verdict"],
                repair_cost=form.cleaned_data["repair_cost"],
                expert=form.inspectors[form.cleaned_data["expert"]],
                actor=request.user,
            )
        except SERVICE_ERRORS as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Het oordeel is vastgelegd."))
            return redirect(reverse("casework:case", args=[case.reference]) + "#opname")
    return _render_case(request, case, status=400, **{prefix: form})


# --- decisions ----------------------------------------------------------------------------------


@staff_verified_required
@require_POST
def decision_draft(request, reference):
    case = _case_or_404(request, reference)
    form = forms.VersionForm(request.POST)
    if form.is_valid():
        try:
            draft_from_rules(case, actor=request.user, expected_version=form.cleaned_data["version"])
        except SERVICE_ERRORS as error:
            form = _bound(forms.VersionForm, request, _fresh(case))
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Het ontwerpbesluit is gemaakt volgens de regels."))
            return redirect(reverse("casework:case", args=[case.reference]) + "#besluit")
    return _render_case(request, case, status=400, draft=form)


@staff_verified_required
@require_POST
def decision_answers(request, reference):
    """Store the answers to the scheme's questions; with "draft", also make the draft from the rules.

    The answers are stored first, so that they stay even when the rules cannot decide yet; the
    message then says what is still open.
    """
    case = _case_or_404(request, reference)
    questions = get_scheme(case.scheme_code).questions
    form = AnswersForm(request.POST, questions=questions)
    if form.is_valid():
        try:
            save_answers(case, form.answers(), actor=request.user, expected_version=form.cleaned_data["version"])
        except SERVICE_ERRORS as error:
            form = _bound(AnswersForm, request, _fresh(case), questions=questions)
            form.add_error(None, str(error))
            return _render_case(request, case, status=400, answers=form)
        if request.POST.get("action") != "draft":
            messages.success(request, _("De antwoorden zijn bewaard."))
            return redirect(reverse("casework:case", args=[case.reference]) + "#besluit")
        try:
            draft_from_rules(case, actor=request.user, expected_version=case.version)
        except SERVICE_ERRORS as error:
            form = _bound(AnswersForm, request, _fresh(case), questions=questions)
            form.add_error(None, _("De antwoorden zijn bewaard. %(error)s") % {"error": error})
        else:
            messages.success(request, _("De antwoorden zijn bewaard. Het ontwerpbesluit is gemaakt volgens de regels."))
            return redirect(reverse("casework:case", args=[case.reference]) + "#besluit")
    return _render_case(request, case, status=400, answers=form)


@staff_verified_required
@require_POST
def decision_deviate(request, reference):
    case = _case_or_404(request, reference)
    form = forms.DeviateForm(request.POST)
    draft = selectors.decision_summary(case)["draft"]
    if form.is_valid():
        try:
            if draft is None:
                raise CaseError(_("Er is nog geen ontwerpbesluit. Maak eerst een besluit volgens de regels."))
            deviate(
                draft,
                amount=form.cleaned_data["amount"],
                granted=form.cleaned_data["granted"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except SERVICE_ERRORS as error:
            form = _bound(forms.DeviateForm, request, _fresh(case))
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De afwijking is vastgelegd."))
            return redirect(reverse("casework:case", args=[case.reference]) + "#besluit")
    return _render_case(request, case, status=400, deviate=form)


@staff_verified_required
@require_POST
def decision_view(request, reference):
    case = _case_or_404(request, reference)
    form = forms.ViewForm(request.POST)
    draft = selectors.decision_summary(case)["draft"]
    if form.is_valid():
        try:
            if draft is None:
                raise CaseError(_("Er is nog geen ontwerpbesluit waarop de aanvrager kan reageren."))
            record_view(draft, form.cleaned_data["text"], request.user)
        except SERVICE_ERRORS as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De zienswijze is vastgelegd."))
            return redirect(reverse("casework:case", args=[case.reference]) + "#besluit")
    return _render_case(request, case, status=400, view=form)


@staff_verified_required
@require_POST
def decision_finalize(request, reference):
    case = _case_or_404(request, reference)
    form = forms.VersionForm(request.POST)
    if form.is_valid():
        try:
            finalize(case, actor=request.user, expected_version=form.cleaned_data["version"])
        except SERVICE_ERRORS as error:
            form = _bound(forms.VersionForm, request, _fresh(case))
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Het besluit is genomen. De brief staat bij Brieven."))
            return redirect(reverse("casework:case", args=[case.reference]) + "#brieven")
    return _render_case(request, case, status=400, finalize=form)


@staff_verified_required
@require_GET
def letter_download(request, reference, letter_id):
    case = _case_or_404(request, reference)
    letter = get_object_or_404(Letter, pk=letter_id, decision__case=case)
    _record_view(request, case, f"brief {letter.pk} geopend")
    return FileResponse(
        letter.pdf.open("rb"),
        as_attachment=True,
        filename=f"{case.reference}-{letter.decision.get_kind_display()}-{letter.pk}.pdf".replace(" ", "-"),
        content_type="application/pdf",
    )


# --- messages with the applicant --------------------------------------------------------------------


def _staff_message_form(*args):
    return MessageForm(*args, auto_id="bericht-%s", label=_("Bericht aan de aanvrager"))


@staff_verified_required
@require_POST
def message_reply(request, reference):
    """Reply to the applicant, or ("read") mark their messages as read without replying."""
    case = _case_or_404(request, reference)
    form = _staff_message_form(request.POST)
    try:
        if request.POST.get("read"):
            mark_read_by_staff(case, user=request.user)
            messages.success(request, _("De berichten staan op gelezen."))
            return redirect(reverse("casework:case", args=[case.reference]) + "#berichten")
        if form.is_valid():
            reply_from_staff(case, form.cleaned_data["text"], user=request.user)
            messages.success(request, _("Het bericht is verstuurd. De aanvrager ziet het in Mijn Dossier."))
            return redirect(reverse("casework:case", args=[case.reference]) + "#berichten")
    except MessageError as error:
        form = _staff_message_form(request.POST)
        form.add_error(None, str(error))
    return _render_case(request, case, status=400, message=form)


# --- payments -----------------------------------------------------------------------------------


@staff_verified_required
@require_POST
@sensitive_post_parameters("iban")
def payment_order(request, reference):
    case = _case_or_404(request, reference)
    _require(request, selectors.PAYMENT_ROLES)
    form = forms.PaymentForm(request.POST)
    final = selectors.decision_summary(case)["final"]
    if form.is_valid():
        try:
            if final is None or final.kind != DecisionKind.FINAL:
                raise PaymentError(_("Er is nog geen definitief besluit. Neem eerst het besluit."))
            order_for_decision(
                final,
                payee_kind=form.cleaned_data["payee_kind"],
                payee_name=form.cleaned_data["payee_name"],
                iban=form.cleaned_data["iban"],
                actor=request.user,
            )
        except SERVICE_ERRORS as error:
            form.add_error("iban" if "IBAN" in str(error) else None, str(error))
        else:
            messages.success(request, _("De betaalopdracht is gemaakt."))
            return redirect(reverse("casework:case", args=[case.reference]) + "#betaling")
    return _render_case(request, case, status=400, payment=form)


def _payments_page(request, *, export_form=None, status=200):
    roles = _require(request, selectors.PAYMENT_VIEW_ROLES)
    record_event(actor=request.user, action=AuditAction.VIEW, obj=None, reason="betalingen bekeken")
    return render(
        request,
        "casework/payments.html",
        {
            "orders": pending_orders().select_related("decision__case"),
            "batches": recent_batches(),
            "export_form": export_form or forms.ExportForm(initial={"execution_date": timezone.localdate()}),
            "can_pay": bool(roles & selectors.PAYMENT_ROLES),
        },
        status=status,
    )


@staff_verified_required
@require_GET
def payments(request):
    return _payments_page(request)


@staff_verified_required
@require_POST
def export_payments(request):
    _require(request, selectors.PAYMENT_ROLES)
    form = forms.ExportForm(request.POST)
    if form.is_valid():
        try:
            batch = export_batch(actor=request.user, execution_date=form.cleaned_data["execution_date"])
        except SERVICE_ERRORS as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Betaalbestand %(id)s gemaakt met %(count)s betalingen.")
                % {"id": batch.message_id, "count": batch.order_count},
            )
            return redirect("casework:payments")
    return _payments_page(request, export_form=form, status=400)


@staff_verified_required
@require_GET
def batch_file(request, message_id):
    _require(request, selectors.PAYMENT_ROLES)
    batch = get_object_or_404(PaymentBatch, message_id=message_id)
    record_event(actor=request.user, action=AuditAction.VIEW, obj=("payment_orders.paymentbatch", batch.message_id))
    response = HttpResponse(batch.xml.encode("utf-8"), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{batch.message_id}.xml"'
    return response


@staff_verified_required
@require_POST
def batch_paid(request, message_id):
    _require(request, selectors.PAYMENT_ROLES)
    batch = get_object_or_404(PaymentBatch, message_id=message_id)
    try:
        moved = mark_batch_paid(batch, request.user)
    except SERVICE_ERRORS as error:
        messages.error(request, str(error))
        return _payments_page(request, status=400)
    messages.success(
        request,
        _("Betaalbestand %(id)s is betaald. %(count)s zaken staan nu op Betaald.")
        % {"id": batch.message_id, "count": len(moved)},
    )
    return redirect("casework:payments")


# --- quality review -----------------------------------------------------------------------------


def _review_context(request, case, form=None) -> dict:
    decision = selectors.decision_summary(case)
    return {
        "case": case,
        "status_label": process_for(case.scheme_code).states.get(case.status, case.status),
        "scheme": get_scheme(case.scheme_code),
        "decision": decision,
        "sampling": latest_sampling(case),
        "reviews": reviews_of(case),
        "form": form or forms.ReviewForm(initial={"version": case.version}),
        "is_reviewer": "reviewer" in _roles(request),
    }


@staff_verified_required
def review_case(request, reference):
    case = _case_or_404(request, reference)
    form = None
    status = 200
    if request.method == "POST":
        _require(request, {"reviewer"})
        form = forms.ReviewForm(request.POST)
        if form.is_valid():
            try:
                if form.cleaned_data["outcome"] == "approve":
                    approve(case, reviewer=request.user, expected_version=form.cleaned_data["version"])
                    done = _("Toetsing akkoord. De behandelaar kan het besluit nemen.")
                else:
                    return_to_handler(
                        case,
                        reviewer=request.user,
                        reason=form.cleaned_data["reason"],
                        expected_version=form.cleaned_data["version"],
                    )
                    done = _("Teruggestuurd naar de behandelaar.")
            except SERVICE_ERRORS as error:
                form = _bound(forms.ReviewForm, request, _fresh(case))
                form.add_error(None, str(error))
            else:
                messages.success(request, done)
                return redirect("casework:review-list")
        status = 400
        case = _fresh(case)
    _record_view(request, case, "toetspagina")
    return render(request, "casework/review.html", _review_context(request, case, form), status=status)


@staff_verified_required
@require_GET
def sampling_statistics_page(request):
    _require(request, selectors.STATISTICS_ROLES)
    form = forms.StatisticsFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    statistics = sampling_statistics(
        scheme_code=data.get("scheme") or None, since=data.get("since"), until=data.get("until")
    )
    return render(request, "casework/statistics.html", {"form": form, "statistics": statistics})
