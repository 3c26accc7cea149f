"""Staff roles as groups with permissions, declared here and synced on every migrate.

Why in code: who may do what is part of the system's behaviour and must be reviewed, versioned
and tested like code. Later apps add their permissions to the roles that need them.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    code: str
    group_name: str
    label: str
    permissions: tuple[str, ...]


_VIEW_REGISTER = (
    "persons.view_person",
    "addresses.view_address",
    "buildings.view_building",
    "buildings.view_buildingrelation",
    "areas.view_area",
    "areas.view_gasfield",
    "earthquakes.view_earthquake",
    "payments.view_priorpayment",
)

# Regions, support points with their opening hours, and staff availability are kept by the admin
# role; slots are made from availability (`planning.generate_slots`), so only viewed.
_MANAGE_PLANNING = (
    "planning.view_region",
    "planning.add_region",
    "planning.change_region",
    "planning.view_supportpoint",
    "planning.add_supportpoint",
    "planning.change_supportpoint",
    "planning.view_openinghours",
    "planning.add_openinghours",
    "planning.change_openinghours",
    "planning.view_availability",
    "planning.add_availability",
    "planning.change_availability",
    "planning.view_slot",
)

# Hourly rates per role (costs) and weekly capacity per scheme (forecasts) are kept by the admin
# role in the admin; managers change capacity on the forecast page itself.
_MANAGE_COSTS_AND_FORECASTS = (
    "costs.view_hourlyrate",
    "costs.add_hourlyrate",
    "costs.change_hourlyrate",
    "costs.view_timeentry",
    "forecasts.view_weeklycapacity",
    "forecasts.add_weeklycapacity",
    "forecasts.change_weeklycapacity",
    "forecasts.view_forecastrun",
)

ROLES: tuple[Role, ...] = (
    Role("case_guide", "Zaakbegeleider", _("Zaakbegeleider"), _VIEW_REGISTER),
    Role("case_handler", "Behandelaar", _("Behandelaar"), _VIEW_REGISTER),
    Role("reviewer", "Toetser", _("Toetser"), _VIEW_REGISTER),
    Role("objection_lawyer", "Bezwaarjurist", _("Bezwaarjurist"), _VIEW_REGISTER),
    Role(
        "inspector",
        "Opnemer",
        _("Opnemer of deskundige"),
        ("addresses.view_address", "buildings.view_building", "earthquakes.view_earthquake"),
    ),
    Role("contractor", "Aannemer", _("Aannemer"), ("addresses.view_address", "buildings.view_building")),
    Role("manager", "Manager", _("Manager"), ("areas.view_area", "earthquakes.view_earthquake")),
    # Outreach (stille gedupeerden, lists after an earthquake): sees names and addresses of people who
    # never applied, so a role of its own (see outreach.views); managers see only its figures.
    Role(
        "outreach",
        "Communicatie",
        _("Communicatie (bereik)"),
        (
            "outreach.view_campaign",
            "outreach.add_campaign",
            "outreach.change_campaign",
            "outreach.view_campaignentry",
            "addresses.view_address",
            "areas.view_area",
            "earthquakes.view_earthquake",
        ),
    ),
    Role(
        "admin",
        "Beheerder",
        _("Beheerder"),
        _VIEW_REGISTER
        + (
            "persons.add_person",
            "persons.change_person",
            "addresses.add_address",
            "addresses.change_address",
            "buildings.add_building",
            "buildings.change_building",
            "buildings.add_buildingrelation",
            "buildings.change_buildingrelation",
            "areas.add_area",
            "areas.change_area",
            "payments.add_priorpayment",
            "audit.view_auditevent",
            "accounts.view_user",
            "accounts.add_user",
            "accounts.change_user",
        )
        + _MANAGE_COSTS_AND_FORECASTS
        + _MANAGE_PLANNING,
    ),
)

ROLES_BY_CODE = {role.code: role for role in ROLES}


def sync_roles(sender=None, **kwargs):
    """Create each role's group and give it exactly the declared permissions."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    if sender is not None and sender.label != "accounts":
        return
    using = kwargs.get("using", "default")
    # post_migrate reaches apps in INSTALLED_APPS order; make sure every app's permissions exist
    # before the groups point at them.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role.group_name)
        wanted = []
        for dotted in role.permissions:
            app_label, codename = dotted.split(".")
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is None:
                raise LookupError(f"Role {role.code}: permission {dotted} does not exist.")
            wanted.append(permission)
        group.permissions.set(wanted)
