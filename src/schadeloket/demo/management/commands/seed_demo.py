"""`manage.py seed_demo --scale small|img`: load deterministic demo data (once).

Thin: the work is in `demo.services.seed_demo`. `small` (about 3,000 addresses) is what `make run`
loads; `img` (about 500,000 addresses and 1,000,000 prior payments) is for benchmarks. The output
says which inputs were used; coordinates are approximate demo positions.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from schadeloket.demo.services import SCALES, seed_demo


class Command(BaseCommand):
    help = "Laadt demogegevens: adressen, gebouwen, personen, eigenaren en bewoners, eerdere betalingen."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", choices=sorted(SCALES), default="small", help="small (ca. 3.000 adressen) of img"
        )
        parser.add_argument("--data-dir", default=None, help="map met de openbare gegevens (standaard: DATA_DIR)")
        parser.add_argument(
            "--seed", type=int, default=1, help="startgetal voor het toeval (zelfde getal, zelfde gegevens)"
        )
        parser.add_argument(
            "--addresses", type=int, default=None, help="aantal adressen (overschrijft de schaal; voor tests)"
        )
        parser.add_argument("--skip-external", action="store_true", help="aardbevingen en gasvelden niet inlezen")

    def handle(self, *args, **options):
        if options["addresses"] is not None and options["addresses"] < 1:
            raise CommandError(_("Het aantal adressen moet minstens 1 zijn."))
        report = seed_demo(
            scale=options["scale"],
            data_dir=options["data_dir"],
            seed=options["seed"],
            addresses=options["addresses"],
            load_external=not options["skip_external"],
        )
        for line in report.lines:
            self.stdout.write(line)
