"""`manage.py import_payments FILE.csv`: read earlier payments (NAM, CVW, TCMG, IMG) from a CSV file.

Thin: the checking and storing live in `payments.services.import_payments`. Prints the report in
Dutch and exits non-zero when the file has errors (then nothing was stored).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from schadeloket.register.payments.services import COLUMNS, import_payments


class Command(BaseCommand):
    help = "Leest eerdere betalingen in uit een CSV-bestand. Kolommen: " + ",".join(COLUMNS)

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV-bestand met eerdere betalingen")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Het bestand %(path)s bestaat niet.") % {"path": path})
        report = import_payments(path, actor="import_payments")
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(_("De import is afgebroken; er is niets opgeslagen."))
