"""`manage.py build_evidence_presumption_area`: rebuild the art. 10oa area from the loaded gas fields."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from schadeloket.register.areas.services import AreaValidationError, rebuild_evidence_presumption_area


class Command(BaseCommand):
    help = "Bouwt het effectgebied bewijsvermoeden (6 km rond de gasvelden, 2 mm/s) opnieuw op."

    def handle(self, *args, **options):
        try:
            area = rebuild_evidence_presumption_area(actor="manage.py build_evidence_presumption_area")
        except AreaValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(_("Opbouwen mislukt.")) from exc
        self.stdout.write(self.style.SUCCESS(_("Gebied opgebouwd: %(area)s") % {"area": area}))
