"""Which schemes outreach writes about, and how a list asks them: through the schemes' own rules.

Why this module: outreach never copies a condition of a scheme. It gathers the register's facts
for many buildings at once (`schemes.facts.gather_facts_bulk`, the same records the choice help and
the policy simulation use) and lets each scheme decide (`Scheme.decide`, without the explanation
text, as the simulation does). A scheme that says "no" (open False) leaves the building off the
list; "yes" (True) is "komt waarschijnlijk in aanmerking"; "it depends" (None: something the
register cannot know, such as the value-loss postcode list) is kept too, marked as such: a letter
that invites someone to check costs less than a resident who never hears of a scheme (milder).

The applicant is the building's owner on the date (`applicant="owner"`), and co-owners are assumed
to consent (`assume_consent=True`), as in the policy simulation: consent is asked when they apply.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from schadeloket.schemes.registry import UnknownSchemeError, get_scheme

#: The schemes a silent-victims campaign can be about, and that an earthquake list checks for
#: "newly open". All of them are applied for by the owner of a building, so the register's owner is
#: the applicant. Value loss and AVV first: those are the two the institute writes about (issue 6).
#: Immaterial damage (per person, not per building) and the repair schemes (they need damage to be
#: reported first) are not on this list.
OUTREACH_SCHEMES: tuple[str, ...] = (
    "AVV",
    "WAARDEDALING_WONING",
    "VES",
    "WAARDEDALING_NIET_WONING",
    "MESTKELDER",
)


class SchemeChoiceError(ValueError):
    """The scheme cannot be used for outreach; the message is Dutch."""


def outreach_scheme(code: str):
    """The scheme for `code`, when outreach may write about it; a Dutch SchemeChoiceError otherwise."""
    code = (code or "").strip()
    if not code:
        raise SchemeChoiceError(_("Kies een regeling."))
    try:
        scheme = get_scheme(code)
    except UnknownSchemeError:
        raise SchemeChoiceError(
            _("De regeling '%(code)s' bestaat niet. Kies een regeling uit de lijst.") % {"code": code}
        ) from None
    if scheme.code not in OUTREACH_SCHEMES:
        raise SchemeChoiceError(
            _("Over de regeling %(name)s schrijven we geen bewoners aan. Kies een regeling uit de lijst.")
            % {"name": scheme.name}
        )
    if scheme.is_switched_off:
        raise SchemeChoiceError(_("De regeling %(name)s is nog niet open.") % {"name": scheme.name})
    return scheme


def scheme_choices() -> list[tuple[str, str]]:
    """(code, "name (code)") for the outreach schemes, in the order above."""
    return [(code, f"{get_scheme(code).name} ({code})") for code in OUTREACH_SCHEMES]


def scheme_name(code: str) -> str:
    try:
        return get_scheme(code).name
    except UnknownSchemeError:
        return code


def deciders(codes=OUTREACH_SCHEMES) -> list[tuple[str, object]]:
    """(code, decide) per scheme, each deciding without its explanation text (outcome and amount only)."""
    return [(code, get_scheme(code).without_explanations().decide) for code in codes]
