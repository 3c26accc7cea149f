"""What `create_demo_accounts` prints about logging in as a resident with the demo DigiD login."""

from django.conf import settings


def demo_applicant_bsn() -> str:
    """A demo resident who owns a home today, so that the intake has something to apply for.

    The first 11-test valid numbers from 900000000 (synthetic) are tried in order; without demo data
    the very first one is given.
    """
    from schadeloket.demo.generator import valid_bsns
    from schadeloket.register.persons.selectors import person_by_bsn

    candidates = [f"{int(number):09d}" for number in valid_bsns(200)]
    owners = []
    for bsn in candidates:
        person = person_by_bsn(bsn)
        if person is not None and _owned_building(person) is not None:
            if _can_apply(person):
                return bsn
            owners.append(bsn)
    return (owners or candidates)[0]


def _can_apply(person) -> bool:
    """At least one scheme is open for this owner's home today (the demo should lead somewhere)."""
    from django.utils import timezone

    from schadeloket.choice_help.services import Status, options_for

    building = _owned_building(person)
    options = options_for(building=building, person=person, on_date=timezone.localdate())
    return any(option.status == Status.OPEN for option in options)


def _owned_building(person):
    from django.utils import timezone

    from schadeloket.register.buildings.models import BuildingRelation, RelationKind

    today = timezone.localdate()
    relation = (
        BuildingRelation.objects.filter(person=person, kind=RelationKind.OWNER, valid_from__lte=today)
        .exclude(valid_until__lt=today)
        .select_related("building__address")
        .order_by("id")
        .first()
    )
    return relation.building if relation else None


def demo_applicant_lines() -> list[str]:
    """Dutch lines for the demo instructions: which BSN to type, the home to apply for, and the cases."""
    from schadeloket.register.persons.selectors import person_by_bsn

    from .selectors import cases_for_applicant

    if not getattr(settings, "DIGID_DEMO_LOGIN", False):
        return ["Demo-DigiD staat uit (zet DIGID_DEMO_LOGIN aan om als inwoner in te loggen)."]
    bsn = demo_applicant_bsn()
    person = person_by_bsn(bsn)
    if person is None:
        return [
            "Inloggen als inwoner: /inloggen/ → 'Inloggen met demo-DigiD' met elk geldig BSN. "
            "Laad eerst de demogegevens (python manage.py seed_demo) voor een inwoner uit het register."
        ]
    lines = [
        f"Inloggen als inwoner: /inloggen/ → 'Inloggen met demo-DigiD', BSN {bsn} "
        f"({person.full_name}, uit het demoregister)."
    ]
    building = _owned_building(person)
    if building is not None:
        address = building.address
        lines.append(
            f"Aanvragen: /aanvragen/ → postcode {address.postcode}, huisnummer {address.house_number}"
            f"{address.house_letter}{('-' + address.house_number_addition) if address.house_number_addition else ''} "
            f"({address}); deze inwoner is daar eigenaar."
        )
    cases = cases_for_applicant(person).count()
    lines.append(
        f"Deze inwoner heeft {cases} zaak/zaken; die staan onder /mijn/."
        if cases
        else "Na de aanvraag staat de zaak onder /mijn/ (Mijn Dossier)."
    )
    return lines
