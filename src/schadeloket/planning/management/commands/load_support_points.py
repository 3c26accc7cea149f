"""`manage.py load_support_points POINTS.csv HOURS.csv [--source ...]`: support points and opening hours.

Thin: the work (validation, one transaction, audit) is in `planning.services.load_support_points`.
"""

from django.core.management.base import BaseCommand, CommandError

from schadeloket.planning.services import PlanningError, load_support_points


class Command(BaseCommand):
    help = "Leest steunpunten en hun openingstijden in uit twee CSV-bestanden."

    def add_arguments(self, parser):
        parser.add_argument(
            "points", help="CSV: code,name,is_mobile,street,house_number,postcode,place,municipality,phone"
        )
        parser.add_argument("hours", help="CSV: code,weekday,opens,closes,location")
        parser.add_argument("--source", default="", help="waar de gegevens vandaan komen")

    def handle(self, *args, **options):
        try:
            lines = load_support_points(
                options["points"], options["hours"], actor="manage.py load_support_points", source=options["source"]
            )
        except PlanningError as error:
            raise CommandError(str(error)) from None
        for line in lines:
            self.stdout.write(line)
