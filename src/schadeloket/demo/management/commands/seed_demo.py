"""`manage.py seed_demo --scale small|img`: load deterministic demo data (once).

Thin: the work is in `demo.services.seed_demo`. `small` (about 3,000 addresses and 4,000 cases with
their histories) is what `make run` loads; `img` (about 500,000 addresses, 1,000,000 prior payments
and 1,000,000 cases over two years) is for benchmarks. The output says which inputs were used;
coordinates are approximate demo positions.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from schadeloket.demo.services import SCALES, seed_demo


class Command(BaseCommand):
    help = "Laadt demogegevens: adressen, gebouwen, personen, eigenaren en bewoners, eerdere betalingen, zaken."

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
        parser.add_argument(
            "--cases",
            type=int,
            default=None,
            help="aantal zaken met hun geschiedenis (standaard: small ca. 4.000, img ca. 1.000.000; 0 = geen)",
        )
        parser.add_argument(
            "--reference-date",
            type=dt.date.fromisoformat,
            default=None,
            help="de zaken lopen tot deze datum (JJJJ-MM-DD; standaard vandaag; vast voor benchmarks en tests)",
        )
        parser.add_argument("--skip-external", action="store_true", help="aardbevingen en gasvelden niet inlezen")

    def handle(self, *args, **options):
        if options["addresses"] is not None and options["addresses"] < 1:
            raise CommandError(_("Het aantal adressen moet minstens 1 zijn."))
        if options["cases"] is not None and options["cases"] < 0:
            raise CommandError(_("Het aantal zaken kan niet negatief zijn. Kies 0 of meer."))
        report = seed_demo(
            scale=options["scale"],
            data_dir=options["data_dir"],
            seed=options["seed"],
            addresses=options["addresses"],
            cases=options["cases"],
            reference_date=options["reference_date"],
            load_external=not options["skip_external"],
        )
        for line in report.lines:
            self.stdout.write(line)
