"""What `create_demo_accounts` prints about logging in as a resident with the demo DigiD login."""

from django.conf import settings


def demo_applicant_bsn() -> str:
    """The demo register's first person: the first 11-test valid number from 900000000 (synthetic)."""
    from schadeloket.demo.generator import valid_bsns

    return f"{int(valid_bsns(1)[0]):09d}"


def demo_applicant_lines() -> list[str]:
    """Dutch lines for the demo instructions: which BSN to type, and whether that person has cases."""
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
    cases = cases_for_applicant(person).count()
    if cases:
        lines.append(f"Deze inwoner heeft {cases} zaak/zaken; die staan onder /mijn/.")
    else:
        lines.append(
            "De demogegevens hebben nog geen zaken voor inwoners. Maak er een als demo-behandelaar "
            "(/behandeling/nieuw/, met dit BSN); daarna staat die onder /mijn/."
        )
    return lines
