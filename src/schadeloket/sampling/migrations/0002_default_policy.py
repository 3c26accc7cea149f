"""The default sampling policy, so that sampling works from the first migrate.

Every value is a PLACEHOLDER (docs/open-questions.md): the IMG publishes no threshold, no number of
first decisions and no random share. The seed is drawn per installation, so the lottery cannot be
predicted from the source code; an auditor reads it in the admin.
"""

import datetime
import secrets
from decimal import Decimal

from django.db import migrations

SOURCE = (
    "PLACEHOLDER: de IMG publiceert geen drempelbedrag, geen aantal eerste besluiten en geen "
    "steekproefpercentage voor kwaliteitsgericht toetsen. Voorlopige waarden: altijd toetsen boven "
    "EUR 25.000, bij afwijken van de regels, de eerste 20 besluiten van een nieuwe behandelaar per "
    "regeling, en 5% van de overige besluiten door loting. Zie docs/open-questions.md."
)


def create_default(apps, schema_editor):
    SamplingPolicy = apps.get_model("sampling", "SamplingPolicy")
    if SamplingPolicy.objects.filter(scheme_code="").exists():
        return
    SamplingPolicy.objects.create(
        scheme_code="",
        valid_from=datetime.date(2020, 1, 1),
        amount_threshold=Decimal("25000.00"),
        review_deviations=True,
        new_handler_count=20,
        random_share=Decimal("5.00"),
        seed=secrets.token_hex(16),
        status="placeholder",
        source=SOURCE,
    )


class Migration(migrations.Migration):
    dependencies = [("sampling", "0001_initial")]

    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
