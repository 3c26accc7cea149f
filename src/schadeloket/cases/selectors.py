"""Reads for cases: the process of a scheme, a case's allowed transitions, work lists."""

from importlib import import_module

from django.db.models import QuerySet

from schadeloket.accounts.roles import ROLES_BY_CODE
from schadeloket.schemes.registry import get_scheme

from .models import Case
from .process import Process, Transition


def process_for(scheme_code: str) -> Process:
    """The process the scheme declares in `schemes/<package>/process.py` (PROCESS)."""
    scheme = get_scheme(scheme_code)
    module = import_module(f"schadeloket.schemes.{scheme.package_name()}.process")
    return module.PROCESS


def user_roles(user) -> set[str]:
    """The role codes of a staff user (from their groups); a superuser has them all."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser:
        return set(ROLES_BY_CODE)
    names = set(user.groups.values_list("name", flat=True))
    return {code for code, role in ROLES_BY_CODE.items() if role.group_name in names}


def allowed_transitions(case: Case, user) -> list[tuple[Transition, str | None]]:
    """Every transition from the case's state with, for each, why this user may not take it (or None)."""
    roles = user_roles(user)
    result = []
    for transition in process_for(case.scheme_code).available(case.status):
        reason = None
        if not roles & set(transition.roles):
            reason = "Deze stap is voor een andere rol."
        elif transition.guard is not None:
            reason = transition.guard(case)
        result.append((transition, reason))
    return result


def work_list(*, roles: set[str], user=None, scheme_code=None, status=None, handler=None) -> QuerySet:
    """Open cases ordered by legal deadline (soonest first), filtered as asked."""
    cases = Case.objects.exclude(status__in=("closed", "withdrawn")).select_related("building__address", "handler")
    if scheme_code:
        cases = cases.filter(scheme_code=scheme_code)
    if status:
        cases = cases.filter(status=status)
    if handler is not None:
        cases = cases.filter(handler=handler)
    return cases.order_by("deadline", "received_on", "id")
