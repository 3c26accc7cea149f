"""Template tags for other apps' pages.

On a staff objection page (or a case page with a zienswijze):

    {% load grounds %}
    {% grounds_coding objection %}      {# an objections.Objection #}
    {% grounds_coding draft %}          {# a draft decisions.Decision with a zienswijze #}

shows how the grounds are coded (categories, who, when, and "opnieuw bekijken" when the text
changed after the coding) or that they are not yet, with a link to code them for users who may
(for an objection: its owner), which returns to the current page afterwards. Nothing of the
resident's text is shown, so the tag writes no audit event; the coding page itself does.

    {% grounds_links %}   links to the coding list and the report, for the roles that may use them
"""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from schadeloket.decisions.models import Decision
from schadeloket.objections.models import Objection

from ..access import may_code, may_see_report
from ..selectors import coding_of
from ..services import owner_refusal

register = template.Library()


@register.inclusion_tag("grounds/_coding_status.html", takes_context=True)
def grounds_coding(context, obj):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if isinstance(obj, Objection):
        url = reverse("grounds:code-objection", args=[obj.public_id])
        codeable = bool(obj.grounds.strip())
    elif isinstance(obj, Decision):
        url = reverse("grounds:code-view", args=[obj.public_id])
        codeable = obj.view_received_at is not None and bool(obj.view_text.strip())
    else:
        return {"known": False}
    if request is not None:
        url += "?" + urlencode({"next": request.get_full_path()})
    coding = coding_of(obj)
    may = user is not None and may_code(user)
    if may and isinstance(obj, Objection):
        may = not owner_refusal(obj, user)
    return {
        "known": True,
        "is_objection": isinstance(obj, Objection),
        "coding": coding,
        "codes": list(coding.codes.all()) if coding else [],
        "codeable": codeable,
        "url": url if may else "",
    }


@register.inclusion_tag("grounds/_links.html", takes_context=True)
def grounds_links(context):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return {"may_code": may_code(user), "may_see_report": may_see_report(user)}


@register.filter
def percent(value) -> str:
    """12.5 → 12,5%; None → – (nothing to divide by)."""
    if value is None or value == "":
        return "–"
    return f"{value}".replace(".", ",") + "%"
