"""The default sampling policy, present from the first migrate and after every database flush.

Why a post_migrate handler (as for the staff roles) and not only a data migration: a database
flush (tests with real transactions, `manage.py flush`) removes rows a migration made, and without
a policy every draft would go to review. Every value is a PLACEHOLDER (docs/open-questions.md):
the IMG publishes no threshold, no number of first decisions and no random share. The seed is drawn
per installation, so the lottery cannot be predicted from the source code; an auditor reads it in
the admin.
"""

import datetime
import secrets
from decimal import Decimal

SOURCE = (
    "PLACEHOLDER: de IMG publiceert geen drempelbedrag, geen aantal eerste besluiten en geen "
    "steekproefpercentage voor kwaliteitsgericht toetsen. Voorlopige waarden: altijd toetsen boven "
    "EUR 25.000, bij afwijken van de regels, de eerste 20 besluiten van een nieuwe behandelaar per "
    "regeling, en 5% van de overige besluiten door loting. Zie docs/open-questions.md."
)


def ensure_default_policy(sender=None, using="default", **kwargs) -> None:
    from .models import SamplingPolicy

    if sender is not None and sender.label != "sampling":
        return
    if SamplingPolicy.objects.using(using).filter(scheme_code="").exists():
        return
    SamplingPolicy.objects.using(using).create(
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
