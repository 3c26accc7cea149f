"""Mijn Dossier under /mijn/: the resident's cases, one page per case, and what they can do there.

Thin views. Who the resident is comes from `identity.session`; every case is looked up through
`identity.selectors.case_for_applicant_or_404`, so another person's case is a 404 exactly like one
that does not exist. Case URLs carry the case reference, never a BSN. Every page that shows personal
data writes a view event; every action is written by a service with its own audit event. A form with
an error comes back with status 400, a Dutch message at the field, and what was typed.
"""

import logging

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from schadeloket.decisions import letters as letter_files
from schadeloket.decisions.models import Letter
from schadeloket.decisions.parameters import OBJECTION_ADDRESS
from schadeloket.decisions.selectors import final_decision, view_period_running
from schadeloket.documents.models import Document
from schadeloket.identity.selectors import case_for_applicant_or_404, cases_for_applicant
from schadeloket.identity.session import acting_authorisation, applicant_required, current_applicant
from schadeloket.messaging.forms import MessageForm
from schadeloket.messaging.services import MessageError, send_from_applicant
from schadeloket.objections.forms import PortalGroundsForm
from schadeloket.objections.models import Objection
from schadeloket.objections.selectors import for_resident, objection_by, objection_window
from schadeloket.objections.services import ObjectionError, add_grounds_from_portal, submit_objection
from schadeloket.satisfaction.selectors import may_answer, response_of
from schadeloket.satisfaction.services import SatisfactionError, give_satisfaction

from . import selectors, services
from .forms import DocumentForm, ObjectionForm, SatisfactionForm, ViewForm

logger = logging.getLogger(__name__)


def _case(request, reference):
    return case_for_applicant_or_404(current_applicant(request), reference=reference)


def _case_url(case, anchor: str = "") -> str:
    return reverse("dossier:case", args=[case.reference]) + (f"#{anchor}" if anchor else "")


def _message_form(*args, **kwargs) -> MessageForm:
    return MessageForm(*args, auto_id="bericht-%s", label=_("Uw bericht aan de behandelaar"), **kwargs)


# --- overview and case page -----------------------------------------------------------------------


@applicant_required
@require_GET
@never_cache
def overview(request):
    person = current_applicant(request)
    acting = acting_authorisation(request) is not None
    cases = selectors.overview(cases_for_applicant(person)[:100], person, acting=acting) if person is not None else []
    if person is not None:
        services.record_overview_view(request, person)
    return render(request, "dossier/overview.html", {"person": person, "cases": cases})


def _render_case(request, case, *, status=200, **forms):
    person = current_applicant(request)
    acting = acting_authorisation(request) is not None
    context = selectors.case_dossier(case, person, acting=acting)  # evaluated before messages are marked read
    context["message_form"] = forms.get("message_form") or _message_form()
    context["document_form"] = forms.get("document_form") or DocumentForm()
    services.record_case_view(request, case, "zaakpagina", read_messages=True)
    return render(request, "dossier/case.html", context, status=status)


@applicant_required
@require_GET
@never_cache
def case_page(request, reference):
    return _render_case(request, _case(request, reference))


@applicant_required
@require_POST
@never_cache
def send_message(request, reference):
    case = _case(request, reference)
    form = _message_form(request.POST)
    if form.is_valid():
        try:
            send_from_applicant(case, form.cleaned_data["text"], request=request)
        except MessageError as error:
            form.add_error("text", str(error))
        else:
            messages.success(request, _("Uw bericht is verstuurd. U krijgt antwoord in Mijn Dossier."))
            return redirect(_case_url(case, "berichten"))
    return _render_case(request, case, status=400, message_form=form)


@applicant_required
@require_POST
@never_cache
def upload(request, reference):
    case = _case(request, reference)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.upload_for_applicant(request, case, form.cleaned_data["file"], kind=form.cleaned_data["kind"])
        except services.DossierError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("Uw document is toegevoegd aan uw dossier."))
            return redirect(_case_url(case, "documenten"))
    return _render_case(request, case, status=400, document_form=form)


# --- downloads ------------------------------------------------------------------------------------


@applicant_required
@require_GET
@never_cache
def letter_download(request, reference, letter_id):
    case = _case(request, reference)
    letter = get_object_or_404(Letter, pk=letter_id, decision__case=case, sent_on__isnull=False)
    if not letter_files.verify(letter):
        # Never hand out a letter that is not the one we sent; staff see the same mark on the case page.
        logger.error("Letter %s of case %s does not match its checksum; not shown to the applicant.", letter.pk, case)
        return render(request, "dossier/letter_unavailable.html", {"case": case}, status=503)
    services.record_case_view(request, case, f"brief {letter.pk} gedownload")
    return FileResponse(
        letter.pdf.open("rb"),
        as_attachment=True,
        filename=f"{case.reference}-{letter.decision.get_kind_display()}-{letter.pk}.pdf".replace(" ", "-"),
        content_type="application/pdf",
    )


@applicant_required
@require_GET
@never_cache
def document_download(request, reference, public_id):
    case = _case(request, reference)
    document = get_object_or_404(Document, public_id=public_id, case=case)
    services.record_case_view(request, case, f"document {document.public_id} geopend")
    extension = document.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        document.file.open("rb"),
        as_attachment=not document.is_image,
        filename=f"{case.reference}-{document.kind}-v{document.version}.{extension}",
        content_type=document.content_type,
    )


# --- zienswijze -----------------------------------------------------------------------------------


@applicant_required
@require_http_methods(["GET", "POST"])
@never_cache
def view(request, reference):
    """React on the draft decision (zienswijze)."""
    case = _case(request, reference)
    form = ViewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.react_to_draft(request, case, form.cleaned_data["text"])
            except services.DossierError as error:
                form.add_error("text", str(error))
            else:
                messages.success(
                    request, _("Dank u wel. Wij hebben uw reactie ontvangen. Wij lezen die voordat wij besluiten.")
                )
                return redirect(_case_url(case, "besluit"))
        status = 400
    else:
        services.record_case_view(request, case, "zienswijze")
    draft = selectors.sent_draft(case)
    context = {
        "case": case,
        "form": form,
        "draft": selectors.decision_view(draft),
        "running": draft is not None and view_period_running(draft, timezone.localdate()),
        "letter": next(
            (letter for letter in selectors.letters_of(case) if draft and letter.decision_id == draft.pk), None
        ),
    }
    return render(request, "dossier/view.html", context, status=status)


# --- bezwaar --------------------------------------------------------------------------------------


@applicant_required
@require_http_methods(["GET", "POST"])
@never_cache
def objection(request, reference):
    try:
        case = _case(request, reference)
    except Http404:
        # Never silently dropped: say why, and what is possible instead. The same page for a case
        # that does not exist, so nobody learns whether someone else's case number exists.
        return render(
            request,
            "dossier/objection_not_yours.html",
            {"reference": reference, "objection_address": OBJECTION_ADDRESS},
            status=404,
        )
    person = current_applicant(request)
    final = final_decision(case)
    earlier = objection_by(final, person) if final is not None else None
    if earlier is not None:
        return redirect("dossier:objection-receipt", reference=case.reference, public_id=earlier.public_id)
    form = ObjectionForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and final is not None:
        if form.is_valid():
            try:
                received = submit_objection(
                    final,
                    grounds=form.cleaned_data["grounds"],
                    request=request,
                    attachment=form.cleaned_data["attachment"],
                )
            except ObjectionError as error:
                form.add_error("grounds", str(error))
            else:
                return redirect("dossier:objection-receipt", reference=case.reference, public_id=received.public_id)
        status = 400
    elif request.method == "POST":
        status = 400
    else:
        services.record_case_view(request, case, "bezwaar")
    context = {
        "case": case,
        "form": form,
        "final": selectors.decision_view(final),
        "window": objection_window(final) if final is not None else None,
        "objection_address": OBJECTION_ADDRESS,
    }
    return render(request, "dossier/objection.html", context, status=status)


def _own_objection(request, case, public_id) -> Objection:
    return get_object_or_404(
        Objection.objects.select_related("decision", "owner", "decision_letter"),
        public_id=public_id,
        decision__case=case,
        objector=current_applicant(request),
    )


def _render_objection(request, case, received, *, grounds_form=None, status=200):
    """The objection page: the receipt, and then its status, owner, hearing and decision."""
    context = {
        "case": case,
        "objection": received,
        "progress": for_resident(received),
        "grounds_form": grounds_form or PortalGroundsForm(),
    }
    return render(request, "dossier/objection_receipt.html", context, status=status)


@applicant_required
@require_GET
@never_cache
def objection_receipt(request, reference, public_id):
    case = _case(request, reference)
    received = _own_objection(request, case, public_id)
    services.record_case_view(request, case, f"bezwaar {received.public_id}")
    return _render_objection(request, case, received)


@applicant_required
@require_POST
@never_cache
def objection_grounds(request, reference, public_id):
    """The resident adds the reasons of their objection (a pro-forma one, or more reasons)."""
    case = _case(request, reference)
    received = _own_objection(request, case, public_id)
    form = PortalGroundsForm(request.POST)
    if form.is_valid():
        try:
            add_grounds_from_portal(received, form.cleaned_data["grounds"], request=request)
        except ObjectionError as error:
            form.add_error("grounds", str(error))
        else:
            messages.success(request, _("Dank u wel. Uw redenen staan nu bij uw bezwaar."))
            return redirect("dossier:objection-receipt", reference=case.reference, public_id=received.public_id)
    return _render_objection(request, case, received, grounds_form=form, status=400)


# --- tevredenheid ---------------------------------------------------------------------------------


@applicant_required
@require_http_methods(["GET", "POST"])
@never_cache
def satisfaction(request, reference):
    case = _case(request, reference)
    person = current_applicant(request)
    final = final_decision(case)
    if final is None:
        raise Http404("No decision yet.")
    form = SatisfactionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                give_satisfaction(
                    final, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"], request=request
                )
            except SatisfactionError as error:
                form.add_error("score", str(error))
            else:
                messages.success(request, _("Dank u wel voor uw cijfer. Daar leren wij van."))
                return redirect(_case_url(case))
        status = 400
    else:
        services.record_case_view(request, case, "tevredenheidsvraag")
    context = {
        "case": case,
        "form": form,
        "answered": response_of(final, person),
        "may_answer": may_answer(final, person) and acting_authorisation(request) is None,
    }
    return render(request, "dossier/satisfaction.html", context, status=status)
