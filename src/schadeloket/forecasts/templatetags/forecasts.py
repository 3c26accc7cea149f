"""`{% if user|may_see_forecasts %}`: the staff home links to the forecast page for the roles that may open it."""

from django import template

from schadeloket.cases.selectors import user_roles

from ..views import FORECAST_ROLES

register = template.Library()


@register.filter
def may_see_forecasts(user) -> bool:
    return bool(user_roles(user) & FORECAST_ROLES)
