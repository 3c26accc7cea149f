"""`manage.py load_gas_fields FILE.geojson`: load gas-field outlines and rebuild the
evidence-presumption area (6 km zone). Thin: the work is in `areas.services`.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from schadeloket.register.areas.services import AreaValidationError, load_gas_fields, rebuild_evidence_presumption_area


class Command(BaseCommand):
    help = "Leest gasvelden in (GeoJSON, WGS84) en bouwt het effectgebied bewijsvermoeden opnieuw op."

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("pad naar het GeoJSON-bestand"))
        parser.add_argument(
            "--no-area", action="store_true", help=_("het effectgebied bewijsvermoeden niet opnieuw opbouwen")
        )

    def handle(self, *args, **options):
        actor = "manage.py load_gas_fields"
        try:
            report = load_gas_fields(options["file"], actor=actor)
            self.stdout.write(self.style.SUCCESS(report.summary()))
            if not options["no_area"]:
                area = rebuild_evidence_presumption_area(actor=actor)
                self.stdout.write(self.style.SUCCESS(_("Gebied opgebouwd: %(area)s") % {"area": area}))
        except AreaValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(_("Inlezen mislukt.")) from exc
