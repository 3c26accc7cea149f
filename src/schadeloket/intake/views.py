"""The intake pages under /aanvragen/: one step per page, each a POST that checks and saves.

Thin views: forms check the input, `services` write (each write audited through `IntakeActor`),
`selectors` read. A BSN never reaches these pages: the person comes from the session API.
"""

import datetime as dt

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from schadeloket.cases.selectors import process_for
from schadeloket.choice_help.forms import AddressForm
from schadeloket.choice_help.selectors import buildings_at, find_address
from schadeloket.identity.session import applicant_required
from schadeloket.schemes.registry import get_scheme

from . import forms, selectors, services, steps
from .actors import IntakeActor
from .models import RegisterRelation, StatedRelation
from .questions import APPLICANT_QUESTIONS

BACK, NEXT, UPLOAD = "back", "next", "upload"
RETURN_TO_CONFIRM = "controleren"


def _step_url(slug: str, *, to_confirm: bool = False) -> str:
    url = reverse("intake:step", args=[slug])
    return f"{url}?terug={RETURN_TO_CONFIRM}" if to_confirm else url


def _redirect_to(draft) -> str:
    slug = selectors.resume_step(draft)
    if slug == steps.RECEIPT:
        return reverse("intake:receipt", args=[draft.public_id])
    return _step_url(slug)


def _to_confirm(request) -> bool:
    return (request.POST.get("terug") or request.GET.get("terug")) == RETURN_TO_CONFIRM


def _render(request, draft, slug, template, context, *, status=200):
    step = steps.BY_SLUG[slug]
    previous = steps.previous_slug(slug)
    return render(
        request,
        template,
        {
            "draft": draft,
            "step": step,
            "step_count": len(steps.STEPS),
            "step_list": selectors.step_list(draft, slug),
            "previous_url": _step_url(previous) if previous else "",
            "to_confirm": _to_confirm(request),
            "return_value": RETURN_TO_CONFIRM,
            **context,
        },
        status=status,
    )


def _after_save(request, draft, slug):
    """Where a saved step leads: back one step, or where the service put the draft."""
    if request.POST.get("action") == BACK:
        previous = steps.previous_slug(slug) or slug
        services.go_to(draft, step=previous)
        return redirect(_step_url(previous))
    if draft.step == steps.CONFIRM:
        return redirect(reverse("intake:step", args=[steps.CONFIRM]))
    return redirect(_step_url(draft.step, to_confirm=_to_confirm(request)))


def _back_without_saving(request, draft, slug):
    """Back with input that does not check out: go back anyway, and say that it was not kept."""
    messages.warning(request, _("Wat u op de vorige pagina invulde, klopte nog niet. Het is niet bewaard."))
    previous = steps.previous_slug(slug) or slug
    services.go_to(draft, step=previous)
    return redirect(_step_url(previous))


def _intake_view(view):
    """Common to every step page: an applicant in the register with an open draft, on a step they can visit."""

    @never_cache
    @applicant_required
    @require_http_methods(["GET", "POST"])
    def wrapper(request, slug):
        if slug not in steps.BY_SLUG:
            raise Http404
        actor = IntakeActor.from_request(request)
        if actor is None:
            return redirect("intake:start")
        draft = selectors.open_draft(actor.person)
        if draft is None:
            messages.info(request, _("Begin hier met een nieuwe aanvraag."))
            return redirect("intake:start")
        if not selectors.can_visit(draft, slug):
            return redirect(_step_url(selectors.first_open_step(draft)))
        try:
            return view(request, actor, draft, slug)
        except services.IntakeError as error:  # e.g. the draft was sent in another window meanwhile
            messages.error(request, str(error))
            return redirect("intake:start")

    return wrapper


# --- start ---------------------------------------------------------------------------------------------


@never_cache
@applicant_required
@require_http_methods(["GET", "POST"])
def start(request):
    """The start: what the intake asks, and either 'Begin' or 'Verder waar u was'."""
    actor = IntakeActor.from_request(request)
    if actor is None:
        return render(request, "intake/not_in_register.html")
    draft = selectors.open_draft(actor.person)
    if request.method == "POST":
        draft = services.start_or_resume(actor)
        return redirect(_redirect_to(draft))
    resume = steps.BY_SLUG.get(selectors.resume_step(draft)) if draft else None
    return render(
        request,
        "intake/start.html",
        {"draft": draft, "resume": resume, "resume_url": _redirect_to(draft) if draft else "", "steps": steps.STEPS},
    )


@never_cache
@applicant_required
@require_POST
def discard(request):
    actor = IntakeActor.from_request(request)
    draft = selectors.open_draft(actor.person if actor else None)
    if draft is not None:
        services.discard(draft, actor=actor)
        messages.success(request, _("Uw aanvraag in uitvoering is weggegooid. U kunt opnieuw beginnen."))
    return redirect("intake:start")


# --- the steps -----------------------------------------------------------------------------------------


def _address_step(request, actor, draft, slug):
    buildings = buildings_at(draft.address) if draft.address_id else []
    if request.method != "POST":
        initial = dict((draft.answers or {}).get("address_input") or {})
        initial["building"] = str(draft.building_id or "")
        several = len(buildings) > 1
        form = forms.AddressStepForm(initial=initial, buildings=buildings if several else ())
        context = {"form": form, "choose_building_for": draft.address if several else None}
        return _render(request, draft, slug, "intake/step_address.html", context)

    form = AddressForm(request.POST)  # the address first; the building (if any) is checked below
    address = None
    if form.is_valid():
        data = form.cleaned_data
        address = find_address(
            postcode=data["postcode"],
            house_number=data["house_number"],
            house_letter=data["house_letter"],
            addition=data["addition"],
        )
        if address is None:
            form.add_error(
                None,
                _(
                    "We vinden dit adres niet in ons register. Kijk of de postcode en het huisnummer kloppen. "
                    "Staat uw adres er echt niet in? Neem dan contact met ons op of ga naar een steunpunt: "
                    "dan zoeken we het samen uit."
                ),
            )
    if address is not None:
        buildings = buildings_at(address)
        if not buildings:
            form.add_error(
                None,
                _(
                    "Bij dit adres staat geen gebouw in ons register. Neem contact met ons op of ga naar een "
                    "steunpunt: dan zoeken we het samen uit."
                ),
            )
            address = None
    if address is None:
        if request.POST.get("action") == BACK:  # pragma: no cover - the first step has no Back button
            return _back_without_saving(request, draft, slug)
        return _render(request, draft, slug, "intake/step_address.html", {"form": form}, status=400)

    typed = {key: request.POST.get(key, "") for key in ("postcode", "house_number", "house_letter", "addition")}
    if len(buildings) == 1:
        building = buildings[0]
    else:
        form = forms.AddressStepForm(request.POST, buildings=buildings)
        form.is_valid()
        building = form.chosen_building()
        if building is None:
            shown = request.POST.get("buildings_shown") == str(address.pk)
            if shown and "building" not in form.errors:
                form.add_error("building", _("Kies om welk gebouw het gaat."))
            services.save_address(draft, actor=actor, address=address, building=None, typed=typed)
            return _render(
                request,
                draft,
                slug,
                "intake/step_address.html",
                {"form": form, "choose_building_for": address},
                status=400 if form.errors else 200,
            )
    draft = services.save_address(
        draft, actor=actor, address=address, building=building, typed=typed, to_confirm=_to_confirm(request)
    )
    return _after_save(request, draft, slug)


REGISTER_SAYS = {
    RegisterRelation.OWNER: _("In ons register staat u als eigenaar van dit gebouw."),
    RegisterRelation.FORMER_OWNER: _("In ons register staat u als oud-eigenaar van dit gebouw."),
    RegisterRelation.RESIDENT: _("In ons register staat u als bewoner van dit gebouw."),
    RegisterRelation.NONE: _("In ons register staat u (nog) niet bij dit gebouw."),
}


def _relation_step(request, actor, draft, slug):
    register = selectors.register_relation(draft.person, draft.building)
    context = {
        "register_says": REGISTER_SAYS[register],
        "building": draft.building,
    }
    if request.method != "POST":
        form = forms.RelationForm(
            initial={"relation": draft.relation, "co_owners": (draft.answers or {}).get("co_owners", "")}
        )
        return _render(request, draft, slug, "intake/step_relation.html", {"form": form, **context})
    form = forms.RelationForm(request.POST)
    if not form.is_valid():
        if request.POST.get("action") == BACK:
            return _back_without_saving(request, draft, slug)
        return _render(request, draft, slug, "intake/step_relation.html", {"form": form, **context}, status=400)
    draft = services.save_relation(
        draft,
        actor=actor,
        relation=form.cleaned_data["relation"],
        co_owners=form.cleaned_data.get("co_owners") or "",
        to_confirm=_to_confirm(request),
    )
    if draft.needs_register_check and request.POST.get("action") != BACK:
        messages.info(
            request,
            _(
                "U zegt iets anders dan ons register. Dat is geen probleem: u kunt gewoon verder. "
                "Een medewerker kijkt het na."
            ),
        )
    return _after_save(request, draft, slug)


def _damage_context(draft, form, photo_errors=()):
    return {"form": form, "photos": list(draft.photos.all()), "photo_errors": list(photo_errors),
            "max_photos": services.MAX_PHOTOS}  # fmt: skip


def _damage_step(request, actor, draft, slug):
    if request.method != "POST":
        damage = (draft.answers or {}).get("damage") or {}
        form = forms.DamageForm(
            initial={"description": damage.get("description", ""), "noticed_on": damage.get("noticed_on")}
        )
        return _render(request, draft, slug, "intake/step_damage.html", _damage_context(draft, form))

    action = request.POST.get("action") or NEXT
    photo_errors, added = [], 0
    for uploaded in request.FILES.getlist("photos"):
        try:
            services.add_photo(draft, uploaded, actor=actor)
            added += 1
        except services.IntakeError as error:
            photo_errors.append(str(error))
    remove = request.POST.get("remove_photo")
    if remove:
        try:
            services.remove_photo(draft, remove, actor=actor)
        except services.IntakeError as error:
            photo_errors.append(str(error))
    stay = bool(remove) or action == UPLOAD or bool(photo_errors)
    form = forms.DamageForm(request.POST)
    if form.is_valid():
        draft = services.save_damage(
            draft,
            actor=actor,
            description=form.cleaned_data["description"],
            noticed_on=form.cleaned_data["noticed_on"],
            stay=stay or action == BACK,
            to_confirm=_to_confirm(request),
        )
    elif action == BACK and not photo_errors:
        return _back_without_saving(request, draft, slug)
    if added:
        messages.success(
            request,
            ngettext(
                "%(count)s foto toegevoegd. Die is gecontroleerd en zonder locatiegegevens bewaard.",
                "%(count)s foto's toegevoegd. Die zijn gecontroleerd en zonder locatiegegevens bewaard.",
                added,
            )
            % {"count": added},
        )
    if not form.is_valid() or photo_errors:
        draft.refresh_from_db()
        return _render(
            request, draft, slug, "intake/step_damage.html", _damage_context(draft, form, photo_errors), status=400
        )
    if stay:
        if remove:
            messages.success(request, _("De foto is verwijderd."))
        return redirect(_step_url(slug, to_confirm=_to_confirm(request)))
    return _after_save(request, draft, slug)


def _questions_step(request, actor, draft, slug):
    questions = selectors.questions_to_ask(draft)
    stored = (draft.answers or {}).get("questions") or {}
    names = {code: get_scheme(code).name for code in {q.scheme_code for q in questions}}
    if request.method != "POST":
        form = forms.QuestionsForm(questions=questions, stored=stored)
        return _render(request, draft, slug, "intake/step_questions.html", {"form": form, "scheme_names": names})
    form = forms.QuestionsForm(request.POST, questions=questions, stored=stored)
    if not form.is_valid():
        if request.POST.get("action") == BACK:
            return _back_without_saving(request, draft, slug)
        return _render(
            request, draft, slug, "intake/step_questions.html", {"form": form, "scheme_names": names}, status=400
        )
    draft = services.save_questions(draft, actor=actor, answers=form.answers(), to_confirm=_to_confirm(request))
    return _after_save(request, draft, slug)


def _compare_step(request, actor, draft, slug):
    if request.method == "POST":
        if request.POST.get("action") == BACK:
            services.go_to(draft, step=steps.previous_slug(slug))
            return redirect(_step_url(steps.previous_slug(slug)))
        draft = services.mark_compared(draft, actor=actor, to_confirm=_to_confirm(request))
        return _after_save(request, draft, slug)
    comparison = selectors.compare(draft)
    return _render(request, draft, slug, "intake/step_compare.html", {"comparison": comparison})


def _choice_step(request, actor, draft, slug):
    comparison = selectors.compare(draft)
    context = {"comparison": comparison}
    if request.method != "POST":
        form = forms.ChoiceForm(initial={"scheme": draft.scheme_code}, options=comparison.choosable)
        return _render(request, draft, slug, "intake/step_choice.html", {"form": form, **context})
    form = forms.ChoiceForm(request.POST, options=comparison.choosable)
    if not form.is_valid():
        if request.POST.get("action") == BACK:
            return _back_without_saving(request, draft, slug)
        return _render(request, draft, slug, "intake/step_choice.html", {"form": form, **context}, status=400)
    draft = services.choose_scheme(draft, actor=actor, scheme_code=form.cleaned_data["scheme"])
    return _after_save(request, draft, slug)


def _summary(draft) -> dict:
    answers = draft.answers or {}
    damage = answers.get("damage") or {}
    stored = answers.get("questions") or {}
    questions = [
        {"label": q.label, "scheme": get_scheme(q.scheme_code).name, "value": stored[q.scheme_code][q.name]}
        for q in APPLICANT_QUESTIONS
        if q.name in stored.get(q.scheme_code, {})
    ]
    scheme = get_scheme(draft.scheme_code) if draft.scheme_code else None
    return {
        "address": draft.address,
        "building": draft.building,
        "relation_label": StatedRelation(draft.relation).label if draft.relation else "",
        "co_owners": dict(forms.CO_OWNER_CHOICES).get(answers.get("co_owners") or ""),
        "damage_description": damage.get("description", ""),
        "noticed_on": dt.date.fromisoformat(damage["noticed_on"]) if damage.get("noticed_on") else None,
        "photos": list(draft.photos.all()),
        "questions": questions,
        "scheme": scheme,
    }


def _confirm_step(request, actor, draft, slug, form=None, status=200):
    if request.method == "POST" and form is None:
        return redirect(reverse("intake:step", args=[slug]))
    comparison = selectors.compare(draft)
    chosen = comparison.option(draft.scheme_code)
    still_choosable = chosen is not None and chosen in comparison.choosable
    form = form or forms.ConfirmForm(initial={"token": draft.submit_token})
    context = {"form": form, "summary": _summary(draft), "chosen": chosen, "still_choosable": still_choosable}
    return _render(request, draft, slug, "intake/step_confirm.html", context, status=status)


HANDLERS = {
    steps.ADDRESS: _address_step,
    steps.RELATION: _relation_step,
    steps.DAMAGE: _damage_step,
    steps.QUESTIONS: _questions_step,
    steps.COMPARE: _compare_step,
    steps.CHOICE: _choice_step,
    steps.CONFIRM: _confirm_step,
}


@_intake_view
def step(request, actor, draft, slug):
    return HANDLERS[slug](request, actor, draft, slug)


# --- sending and the receipt ------------------------------------------------------------------------------


@never_cache
@applicant_required
@require_POST
def submit(request):
    """Send the application. A second click or a replayed POST shows the same receipt; never a second case."""
    actor = IntakeActor.from_request(request)
    if actor is None:
        return redirect("intake:start")
    form = forms.ConfirmForm(request.POST)
    token = request.POST.get("token", "")
    sent = selectors.submitted_draft_by_token(actor.person, token)
    if sent is not None:
        return redirect("intake:receipt", public_id=sent.public_id)
    draft = selectors.open_draft(actor.person)
    if draft is None:
        return redirect("intake:start")
    if not form.is_valid():
        return _confirm_step(request, actor, draft, steps.CONFIRM, form=form, status=400)
    try:
        draft, _created = services.submit(actor=actor, token=form.cleaned_data["token"])
    except services.StaleDraftError as error:
        messages.warning(request, str(error))
        return redirect("intake:step", slug=steps.CONFIRM)
    except services.IntakeError as error:
        form.add_error(None, str(error))
        return _confirm_step(request, actor, draft, steps.CONFIRM, form=form, status=400)
    return redirect("intake:receipt", public_id=draft.public_id)


@never_cache
@applicant_required
@require_GET
def receipt(request, public_id):
    actor = IntakeActor.from_request(request)
    draft = selectors.submitted_draft(actor.person if actor else None, public_id)
    if draft is None:
        raise Http404
    case = draft.submitted_case
    scheme = get_scheme(case.scheme_code)
    return render(
        request,
        "intake/receipt.html",
        {
            "draft": draft,
            "case": case,
            "scheme": scheme,
            "address": draft.building.address,
            "photo_count": draft.photos.exclude(document=None).count(),
            "term": selectors.term_text(process_for(case.scheme_code).term_days),
            "dossier_url": reverse("dossier:case", args=[case.reference]),
        },
    )


@never_cache
@applicant_required
@require_GET
def photo(request, public_id):
    """A photo of the resident's open draft (re-encoded at upload), only for that resident."""
    actor = IntakeActor.from_request(request)
    found = selectors.photo_of(actor.person if actor else None, public_id)
    if found is None or not found.file.name:
        raise Http404
    response = FileResponse(found.file.open("rb"), content_type=found.content_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    return response
