"""`{% load outreach %}{% if user|may_see_outreach %}`: whether to show the link to the campaigns.

Why a filter: access to outreach goes by role (Communicatie sees lists, managers see figures), and
the staff home is a template; the filter asks the same function the views do.
"""

from django import template

register = template.Library()


@register.filter
def may_see_outreach(user) -> bool:
    from schadeloket.outreach.views import may_see_figures

    return may_see_figures(user)
