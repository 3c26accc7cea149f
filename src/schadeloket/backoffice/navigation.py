"""The staff home page's links, grouped by task and filtered by the user's roles.

Why here and not in the template: the home page grew into one flat list that every app added a line
to. Staff look for their work by task ("what do I do today", "how are we doing"), not by app, and a
link to a page that answers 403 is a dead end. So each link says who may follow it, using the same
check as the page it points to (the apps' own `may_...` filters or role sets), and this module builds
only the groups and links a user can use. The template just loops; tests ask this module per role.

A link's `allowed(user, roles)` gets the user's role codes (`cases.selectors.user_roles`, computed
once) for the role-based pages, and the user for the permission-based admin pages.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from schadeloket.cases.selectors import user_roles
from schadeloket.casework.selectors import CASE_ROLES, PAYMENT_VIEW_ROLES, STATISTICS_ROLES
from schadeloket.costs.templatetags.costs import may_see_costs
from schadeloket.forecasts.templatetags.forecasts import may_see_forecasts
from schadeloket.grounds.access import may_code
from schadeloket.grounds.access import may_see_report as may_see_grounds_report
from schadeloket.objections.templatetags.objections import may_handle_objections
from schadeloket.outreach.templatetags.outreach import may_see_outreach
from schadeloket.reporting.templatetags.reporting import may_see_report
from schadeloket.simulation.views import may_simulate

#: Who may enter a paper application (`casework.views.new_case` checks this set inline).
NEW_CASE_ROLES = frozenset({"case_handler", "case_guide", "admin"})
#: Who is shown the review list: everyone with case roles may open it, but only these toetsen.
REVIEW_ROLES = frozenset({"reviewer", "manager", "admin"})
#: Who is shown the inspection and expert-advice tasks (all may open it; these plan or do them).
INSPECTION_ROLES = frozenset({"inspector", "case_handler", "case_guide", "manager", "admin"})

Allowed = Callable[[object, set[str]], bool]


def _any_of(allowed_roles) -> Allowed:
    return lambda user, roles: bool(roles & allowed_roles)


def _user_check(check) -> Allowed:
    """An app's own `may_...(user)` check, so the home page and the page itself never disagree."""
    return lambda user, roles: check(user)


def _perm(permission: str) -> Allowed:
    return lambda user, roles: user.has_perm(permission)


def _any_role(user, roles) -> bool:
    return bool(roles)


@dataclass(frozen=True)
class Link:
    url: str
    label: str
    explanation: str


@dataclass(frozen=True)
class Group:
    code: str
    heading: str
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class _Entry:
    url_name: str
    label: Promise
    explanation: Promise
    allowed: Allowed
    kwargs: dict = field(default_factory=dict)


@dataclass(frozen=True)
class _GroupSpec:
    code: str
    heading: Promise
    entries: tuple[_Entry, ...]


GROUPS: tuple[_GroupSpec, ...] = (
    _GroupSpec(
        "mijn-werk",
        _("Mijn werk"),
        (
            _Entry(
                "casework:work-list",
                _("Werkvoorraad zaken"),
                _("Alle open zaken. De zaak met de eerste termijn staat bovenaan."),
                _any_of(CASE_ROLES),
            ),
            _Entry(
                "casework:new-case",
                _("Aanvraag op papier invoeren"),
                _("Een aanvraag die per post of aan de balie binnenkwam, zelf invoeren."),
                _any_of(NEW_CASE_ROLES),
            ),
            _Entry(
                "casework:review-list",
                _("Zaken toetsen"),
                _("Besluiten die klaarstaan voor een toets door een tweede medewerker."),
                _any_of(REVIEW_ROLES),
            ),
            _Entry(
                "casework:inspection-list",
                _("Opnames en advies"),
                _("Opnames van schade en adviezen van deskundigen die nog open staan, op datum."),
                _any_of(INSPECTION_ROLES),
            ),
            _Entry(
                "casework:payments",
                _("Betalingen"),
                _("Betaalopdrachten die klaarstaan, en de betaalbestanden voor de bank."),
                _any_of(PAYMENT_VIEW_ROLES),
            ),
            _Entry(
                "objections:work-list",
                _("Bezwaren"),
                _("Bezwaarschriften. Het bezwaar met de eerste beslistermijn staat bovenaan."),
                _user_check(may_handle_objections),
            ),
            _Entry(
                "grounds:list",
                _("Gronden coderen"),
                _("Lees bezwaren en zienswijzen en geef aan waar ze over gaan."),
                _user_check(may_code),
            ),
            _Entry(
                "identity:authorisations",
                _("Machtigingen"),
                _("Leg een machtiging vast en werk namens een bewoner in Mijn Dossier."),
                _any_of(frozenset({"case_guide"})),
            ),
        ),
    ),
    _GroupSpec(
        "sturen",
        _("Sturen en verantwoorden"),
        (
            _Entry(
                "reporting:report",
                _("Weekrapportage"),
                _("Instroom, voorraad, doorlooptijd en bedragen per regeling, per week."),
                _user_check(may_see_report),
            ),
            _Entry(
                "forecasts:page",
                _("Prognose"),
                _("Hoe de voorraad en de rij de komende weken groeien, en het werk voor aannemers."),
                _user_check(may_see_forecasts),
            ),
            _Entry(
                "costs:overview",
                _("Behandelkosten"),
                _("Wat het behandelen van een zaak kost, per regeling."),
                _user_check(may_see_costs),
            ),
            _Entry(
                "grounds:report",
                _("Gronden van bezwaren en zienswijzen"),
                _("Cijfers over waar bezwaren en zienswijzen over gaan."),
                _user_check(may_see_grounds_report),
            ),
            _Entry(
                "casework:sampling-statistics",
                _("Steekproefcijfers"),
                _("Hoeveel besluiten een tweede medewerker toetste, en wat daaruit kwam."),
                _any_of(STATISTICS_ROLES),
            ),
            _Entry(
                "simulation:index",
                _("Beleid doorrekenen"),
                _("Reken uit wat een andere regel kost en hoeveel mensen het raakt."),
                _user_check(may_simulate),
            ),
        ),
    ),
    _GroupSpec(
        "bewoners",
        _("Bewoners bereiken"),
        (
            _Entry(
                "outreach:overview",
                _("Campagnes"),
                _("Brieven aan mensen die nog geen schade meldden, ook na een aardbeving."),
                _user_check(may_see_outreach),
            ),
        ),
    ),
    # The register's search form and counts are drawn by the template inside this group.
    _GroupSpec("register", _("Register"), ()),
    _GroupSpec(
        "openbaar",
        _("Wat bewoners zien"),
        (
            _Entry(
                "reporting:dashboard",
                _("Openbaar dashboard"),
                _("De cijfers over aanvragen en afgeronde zaken die op de website staan."),
                _any_role,
            ),
            _Entry(
                "algorithms:list",
                _("Algoritmeregister"),
                _("Welke rekenregels wij gebruiken, in gewone taal uitgelegd."),
                _any_role,
            ),
        ),
    ),
    _GroupSpec(
        "beheer",
        _("Beheer"),
        (
            _Entry(
                "admin:index",
                _("Naar het beheer"),
                _("Gegevens van het register, uurtarieven en capaciteit aanpassen."),
                lambda user, roles: user.is_superuser or user.has_perm("audit.view_auditevent"),
            ),
            _Entry(
                "admin:accounts_user_changelist",
                _("Medewerkers en rollen"),
                _("Geef een medewerker een account en de rol die bij het werk past."),
                _perm("accounts.change_user"),
            ),
            _Entry(
                "admin:app_list",
                _("Planning"),
                _("Regio's, steunpunten met openingstijden, en wanneer medewerkers beschikbaar zijn."),
                _perm("planning.change_supportpoint"),
                {"app_label": "planning"},
            ),
            _Entry(
                "admin:audit_auditevent_changelist",
                _("Audit-log"),
                _("Wie wat bekeek of veranderde, en wanneer."),
                _perm("audit.view_auditevent"),
            ),
        ),
    ),
)


def has_a_role(user) -> bool:
    """Staff without a role see no work, but a message saying whom to ask for one."""
    return bool(user_roles(user))


def navigation_for(user) -> list[Group]:
    """The groups with the links this user may follow; a group without links is left out.

    Only the register group is always there: its counts are for all staff, and the template adds
    the person search for those with `persons.view_person`."""
    roles = user_roles(user)
    groups = []
    for spec in GROUPS:
        links = tuple(
            Link(reverse(entry.url_name, kwargs=entry.kwargs), str(entry.label), str(entry.explanation))
            for entry in spec.entries
            if entry.allowed(user, roles)
        )
        if links or spec.code == "register":
            groups.append(Group(spec.code, str(spec.heading), links))
    return groups
