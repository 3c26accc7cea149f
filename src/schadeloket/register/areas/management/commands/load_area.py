"""`manage.py load_area`: load a configurable area (core, reinforcement, deep subsidence) from
4-digit postcodes or a GeoJSON file. Thin: checks and writes are in `areas.services.load_area`.

The IMG has no formal boundary of the core area, so it is a configurable set of postcodes.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from schadeloket.register.areas.services import AreaValidationError, load_area


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("De datum '%(value)s' is niet geldig (verwacht jjjj-mm-dd).") % {"value": value}) from None


class Command(BaseCommand):
    help = "Laadt een gebied (kerngebied, versterkingsgebied, diepe bodemdaling) uit postcodes of GeoJSON."

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, help="core | reinforcement | deep_subsidence")
        parser.add_argument("--name", required=True, help=_("naam van het gebied"))
        parser.add_argument("--postcodes", nargs="*", default=[], help=_("postcodes van 4 cijfers, bijv. 9919,9921"))
        parser.add_argument("--geojson", help=_("pad naar een GeoJSON-bestand (WGS84)"))
        parser.add_argument("--valid-from", help=_("geldig vanaf (jjjj-mm-dd)"))
        parser.add_argument("--valid-until", help=_("geldig tot en met (jjjj-mm-dd)"))
        parser.add_argument("--source", required=True, help=_("bron van het gebied"))
        parser.add_argument("--source-url", default="", help=_("link naar de bron"))
        parser.add_argument("--note", default="", help=_("toelichting"))

    def handle(self, *args, **options):
        try:
            area = load_area(
                kind=options["kind"],
                name=options["name"],
                source=options["source"],
                postcodes=" ".join(options["postcodes"]),
                geojson=options["geojson"],
                valid_from=_date(options["valid_from"]) if options["valid_from"] else None,
                valid_until=_date(options["valid_until"]) if options["valid_until"] else None,
                source_url=options["source_url"],
                note=options["note"],
                actor="manage.py load_area",
            )
        except AreaValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(_("Opslaan mislukt.")) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Gebied opgeslagen: %(area)s (%(n)d postcodes)") % {"area": area, "n": len(area.postcodes)}
            )
        )
