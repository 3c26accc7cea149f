"""Applicant login (DigiD or the demo login), logout, staying logged in, and case guides' machtigingen.

Thin views: the session API (`session.py`) says who the applicant is, services write, selectors read.
A BSN only ever travels in a POST body: never in a URL, a redirect or a log line.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from schadeloket.accounts.decorators import staff_verified_required
from schadeloket.register.persons.selectors import person_by_bsn

from . import selectors, services, session
from .forms import AuthorisationForm, DemoLoginForm, RevokeForm
from .models import Authorisation


@require_GET
@never_cache
def login_page(request):
    """Where `applicant_required` sends people: DigiD, and in dev the demo login. Keeps `next`."""
    next_url = session.safe_next_url(request, request.GET.get("next"))
    if session.is_applicant(request) and session.login_method(request) != session.VIA_AUTHORISATION:
        return redirect(next_url)
    return render(
        request,
        "identity/login.html",
        {
            "next": next_url,
            "digid_available": selectors.digid_configured(),
            "demo_login": selectors.demo_login_enabled(),
        },
    )


@sensitive_post_parameters("bsn")
@require_http_methods(["GET", "POST"])
@never_cache
def demo_login(request):
    """Demo DigiD: type a BSN, it is checked with the 11-test and POSTed into the session. Dev only."""
    if not selectors.demo_login_enabled():
        raise Http404
    next_url = session.safe_next_url(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST":
        form = DemoLoginForm(request.POST)
        if form.is_valid():
            session.login_applicant(request, form.cleaned_data["bsn"], via=session.VIA_DEMO)
            return redirect(next_url)
        return render(request, "identity/demo_login.html", {"form": form, "next": next_url}, status=400)
    return render(request, "identity/demo_login.html", {"form": DemoLoginForm(), "next": next_url})


@require_http_methods(["GET", "POST"])
@never_cache
def logout(request):
    """GET asks for confirmation (a link must not log anyone out); POST logs out."""
    if request.method == "POST":
        if session.stop_acting(request):
            messages.success(request, _("U handelt niet meer namens de inwoner."))
            return redirect("identity:authorisations")
        if session.logout_applicant(request):
            messages.success(request, _("U bent uitgelogd. Sluit voor de veiligheid ook uw browser."))
        return redirect("portal:home")
    if not session.is_applicant(request):
        return redirect("portal:home")
    return render(request, "identity/logout.html")


@require_POST
def keep_alive(request):
    """'Ingelogd blijven': the request itself is the activity. JSON for the script, a redirect without it."""
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not session.is_applicant(request):
        if wants_json:
            return JsonResponse({"expired": True, "login_url": reverse("identity:login")}, status=401)
        return redirect("identity:login")
    session.touch(request, force=True)
    if wants_json:
        return JsonResponse({"expired": False, "seconds_left": session.seconds_left(request)})
    return redirect(session.safe_next_url(request, request.POST.get("next")))


@require_GET
@never_cache
def session_status(request):
    """How long the applicant part still lasts, for the warning script. Not counted as activity."""
    if not session.is_applicant(request):
        return JsonResponse({"expired": True, "seconds_left": 0})
    return JsonResponse({"expired": False, "seconds_left": session.seconds_left(request)})


# --- case guides ----------------------------------------------------------------------------------


def _require_case_guide(request) -> None:
    if not selectors.is_case_guide(request.user):
        raise PermissionDenied


def _authorisations_page(request, form, *, status=200):
    return render(
        request,
        "identity/authorisations.html",
        {
            "form": form,
            "authorisations": selectors.authorisations_of_case_guide(request.user),
            "acting": session.acting_authorisation(request),
        },
        status=status,
    )


@sensitive_post_parameters("bsn")
@staff_verified_required
@require_http_methods(["GET", "POST"])
def authorisations(request):
    """A case guide's machtigingen, and a form to record a new one."""
    _require_case_guide(request)
    if request.method != "POST":
        return _authorisations_page(request, AuthorisationForm())
    form = AuthorisationForm(request.POST)
    if not form.is_valid():
        return _authorisations_page(request, form, status=400)
    person = person_by_bsn(form.cleaned_data["bsn"])
    if person is None:
        form.add_error("bsn", _("Er staat niemand met dit BSN in het register. Controleer het nummer."))
        return _authorisations_page(request, form, status=400)
    try:
        services.record_authorisation(
            case_guide=request.user,
            person=person,
            consent_given_on=form.cleaned_data["consent_given_on"],
            consent_method=form.cleaned_data["consent_method"],
            consent_reference=form.cleaned_data["consent_reference"],
            valid_until=form.cleaned_data["valid_until"],
            recorded_by=request.user,
        )
    except ValidationError as error:
        for field, field_messages in error.message_dict.items():
            for message in field_messages:
                form.add_error(field if field in form.fields else None, message)
        return _authorisations_page(request, form, status=400)
    messages.success(request, _("De machtiging voor %(name)s is vastgelegd.") % {"name": person.full_name})
    return redirect("identity:authorisations")


@staff_verified_required
@require_POST
def revoke(request, public_id):
    _require_case_guide(request)
    authorisation = get_object_or_404(Authorisation, public_id=public_id, case_guide=request.user)
    form = RevokeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    acting = session.acting_authorisation(request)
    if acting is not None and acting.pk == authorisation.pk:
        session.stop_acting(request)
    services.revoke_authorisation(authorisation, by=request.user, reason=reason)
    messages.success(request, _("De machtiging is ingetrokken."))
    return redirect("identity:authorisations")


@staff_verified_required
@require_POST
def act_for(request, public_id):
    """Start acting for the applicant of an active machtiging; the applicant pages then show their data."""
    _require_case_guide(request)
    authorisation = selectors.active_authorisations(case_guide=request.user).filter(public_id=public_id).first()
    if authorisation is None:
        raise Http404
    session.act_for(request, authorisation)  # the applicant pages say so in a banner
    return redirect(session.default_next_url())


@require_POST
def stop_acting(request):
    session.stop_acting(request)
    messages.success(request, _("U handelt niet meer namens de inwoner."))
    return redirect("identity:authorisations")
