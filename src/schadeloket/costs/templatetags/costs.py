"""`{% if user|may_see_costs %}`: the staff home links to the cost page for the roles that may open it."""

from django import template

from schadeloket.cases.selectors import user_roles

from ..views import OVERVIEW_ROLES

register = template.Library()


@register.filter
def may_see_costs(user) -> bool:
    return bool(user_roles(user) & OVERVIEW_ROLES)
