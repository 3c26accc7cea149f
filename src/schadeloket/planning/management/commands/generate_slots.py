"""`manage.py generate_slots [--from 2025-06-02] [--to 2025-07-27 | --weeks 8] [--staff user]`.

Thin: the work is in `planning.services.generate_slots`; safe to run again (what exists stays).
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from schadeloket.accounts.models import User
from schadeloket.planning import times
from schadeloket.planning.services import PlanningError, generate_slots


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("Vul een datum in als 2025-06-02.")) from None


class Command(BaseCommand):
    help = "Maakt tijdsloten uit de beschikbaarheid van opnemers en zaakbegeleiders (feestdagen overgeslagen)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", default=None, help="eerste dag (standaard: vandaag)")
        parser.add_argument("--to", dest="end", default=None, help="laatste dag")
        parser.add_argument("--weeks", type=int, default=8, help="aantal weken als --to ontbreekt (standaard 8)")
        parser.add_argument("--staff", default=None, help="alleen voor deze gebruikersnaam")

    def handle(self, *args, **options):
        start = _date(options["start"]) if options["start"] else times.today()
        if options["end"]:
            end = _date(options["end"])
        else:
            if options["weeks"] < 1:
                raise CommandError(_("Het aantal weken moet minstens 1 zijn."))
            end = start + dt.timedelta(weeks=options["weeks"], days=-1)
        staff = None
        if options["staff"]:
            staff = User.objects.filter(username=options["staff"]).first()
            if staff is None:
                raise CommandError(_("Er is geen gebruiker '%(name)s'.") % {"name": options["staff"]})
        try:
            report = generate_slots(start=start, end=end, actor="manage.py generate_slots", staff=staff)
        except PlanningError as error:
            raise CommandError(str(error)) from None
        for line in report.lines():
            self.stdout.write(line)
