"""Template filters for links to the objection pages, shown only to those who may open them."""

from django import template

from schadeloket.cases.selectors import user_roles

register = template.Library()

ROLES = frozenset({"objection_lawyer", "admin"})


@register.filter
def may_handle_objections(user) -> bool:
    """Objection lawyers and administrators see the objection work list (`objections.views.ROLES`)."""
    return bool(user_roles(user) & ROLES)
