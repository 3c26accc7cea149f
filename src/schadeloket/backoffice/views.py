"""Staff pages. Thin views: access checks here, reads in selectors, writes (audit) in services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from schadeloket.accounts.decorators import staff_verified_required
from schadeloket.audit.models import AuditAction
from schadeloket.audit.services import record_event
from schadeloket.register.persons.models import Person
from schadeloket.register.persons.selectors import person_by_bsn, person_overview

from .forms import PersonSearchForm
from .navigation import has_a_role, navigation_for
from .selectors import register_counts


def _home(request, search_form, *, status=200):
    """The start page: the links grouped by task for this user's roles, the register and its search."""
    context = {
        "groups": navigation_for(request.user),
        "has_role": has_a_role(request.user),
        "counts": register_counts(),
        "search_form": search_form,
    }
    return render(request, "backoffice/home.html", context, status=status)


@staff_verified_required
def home(request):
    return _home(request, PersonSearchForm())


@staff_verified_required
@require_POST
@sensitive_post_parameters("bsn")
def person_search(request):
    """Find a person by BSN. POST only, and the answer is a redirect to an opaque ID."""
    if not request.user.has_perm("persons.view_person"):
        raise PermissionDenied
    form = PersonSearchForm(request.POST)
    if not form.is_valid():
        # What was typed stays in the field (it is not a valid BSN) so the user can correct it.
        return _home(request, form, status=400)
    person = person_by_bsn(form.cleaned_data["bsn"])
    if person is not None:
        return redirect("backoffice:person-detail", public_id=person.public_id)
    # A valid BSN is never echoed back, not even into the form field.
    messages.info(request, _("Er staat niemand met dit BSN in het register. Controleer het nummer."))
    return _home(request, PersonSearchForm())


@staff_verified_required
def person_detail(request, public_id):
    """Show one person's record. Every view of personal data writes an audit event."""
    if not request.user.has_perm("persons.view_person"):
        raise PermissionDenied
    person = get_object_or_404(Person, public_id=public_id)
    record_event(actor=request.user, action=AuditAction.VIEW, obj=person, reason="backoffice person record")
    return render(request, "backoffice/person_detail.html", person_overview(person))
