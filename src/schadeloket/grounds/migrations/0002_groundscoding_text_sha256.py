"""The hash of the text a coding was made on, so a later change of the grounds flags the coding.

Codings made before this field existed get the hash of the text as it is now: whether the text
changed between their coding and this migration cannot be known any more, and flagging every old
coding would fill the work list with texts that did not change.
"""

import hashlib

from django.db import migrations, models


def fill_hashes(apps, schema_editor):
    GroundsCoding = apps.get_model("grounds", "GroundsCoding")
    for coding in GroundsCoding.objects.select_related("objection", "draft").iterator(chunk_size=500):
        text = coding.objection.grounds if coding.objection_id else coding.draft.view_text
        coding.text_sha256 = hashlib.sha256((text or "").encode()).hexdigest()
        coding.save(update_fields=["text_sha256"])


class Migration(migrations.Migration):
    dependencies = [
        ("grounds", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="groundscoding",
            name="text_sha256",
            field=models.CharField(
                default="",
                help_text=(
                    "SHA-256 van de gronden of de zienswijze zoals die gecodeerd zijn. Anders nu: opnieuw bekijken."
                ),
                max_length=64,
                verbose_name="versie van de tekst (sha256)",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_hashes, migrations.RunPython.noop),
    ]
