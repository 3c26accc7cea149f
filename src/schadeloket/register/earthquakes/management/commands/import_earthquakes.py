"""`manage.py import_earthquakes FILE`: import the KNMI earthquake catalogue (CSV).

Thin: all checking and writing is in `services.import_catalogue`; this only prints the result.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from schadeloket.register.earthquakes.services import CatalogueImportError, import_catalogue


class Command(BaseCommand):
    help = "Leest de KNMI-aardbevingscatalogus (CSV) in. Alles of niets; twee keer inlezen voegt niets toe."

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("pad naar het CSV-bestand van het KNMI"))

    def handle(self, *args, **options):
        try:
            report = import_catalogue(options["file"], actor="manage.py import_earthquakes")
        except CatalogueImportError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(_("Inlezen mislukt.")) from exc
        self.stdout.write(self.style.SUCCESS(report.summary()))
