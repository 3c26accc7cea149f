"""`{{ amount|euro }}`: money the Dutch way (`€ 10.000`, `€ 4.200,50`) in every template.

One formatter for letters, explanations and pages: the rule engine's `euro`.
"""

from django import template

from schadeloket.schemes.engine.explain import euro as format_euro

register = template.Library()


@register.filter
def euro(amount) -> str:
    if amount is None or amount == "":
        return "–"
    return format_euro(amount)
