"""`{% load reporting %}{% if user|may_see_report %}`: the staff home shows the link to the weekly
report only to the roles that may open it."""

from django import template

from schadeloket.cases.selectors import user_roles

from ..views import REPORT_ROLES

register = template.Library()


@register.filter
def may_see_report(user) -> bool:
    return bool(user_roles(user) & REPORT_ROLES)
