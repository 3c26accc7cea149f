"""`manage.py load_regions REGIONS.csv [--source ...]`: planning regions by municipality or postcode.

Thin: the work (validation, one transaction, audit) is in `planning.services.load_regions`.
"""

from django.core.management.base import BaseCommand, CommandError

from schadeloket.planning.services import PlanningError, load_regions


class Command(BaseCommand):
    help = "Leest planningsregio's in (per gemeente of per postcodegebied) uit een CSV-bestand."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV: region_code,region_name,municipality,pc4")
        parser.add_argument("--source", default="", help="waar de indeling vandaan komt")

    def handle(self, *args, **options):
        try:
            lines = load_regions(options["file"], actor="manage.py load_regions", source=options["source"])
        except PlanningError as error:
            raise CommandError(str(error)) from None
        for line in lines:
            self.stdout.write(line)
