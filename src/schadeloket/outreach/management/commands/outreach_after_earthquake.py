"""`manage.py outreach_after_earthquake PLACE DATE`: make the list after a catalogued earthquake.

For an event that was imported without a list (older than the import hook's window, or before
this app existed). Thin: the checks and the work are `services.start_after_earthquake` and
`services.build_campaign`; this prints the result or the Dutch reason why there is no list.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from schadeloket.outreach.services import OutreachError, build_campaign, start_after_earthquake
from schadeloket.register.earthquakes.models import Earthquake


class Command(BaseCommand):
    help = "Maakt de lijst van adressen die een aardbeving uit de catalogus bereikte (2 mm/s bij 1% overschrijding)."

    def add_arguments(self, parser):
        parser.add_argument("place", help=_("plaats van de beving zoals het KNMI die noemt, bijvoorbeeld Huizinge"))
        parser.add_argument("date", help=_("dag van de beving, als 2012-08-16"))

    def handle(self, *args, **options):
        try:
            day = dt.date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(_("Schrijf de datum als 2012-08-16.")) from None
        quake = (
            Earthquake.objects.filter(location_name__iexact=options["place"].strip(), origin_time__date=day)
            .order_by("-magnitude", "origin_time")
            .first()
        )
        if quake is None:
            raise CommandError(
                _("Er staat geen aardbeving bij %(place)s op %(day)s in de catalogus.")
                % {"place": options["place"], "day": day.isoformat()}
            )
        try:
            campaign = start_after_earthquake(quake, actor="manage.py outreach_after_earthquake", enqueue=False)
        except OutreachError as error:
            raise CommandError(" ".join(error.messages)) from None
        campaign = build_campaign(campaign.pk)
        self.stdout.write(
            self.style.SUCCESS(
                _("%(name)s: %(status)s; adressen: %(addresses)d, gebouwen: %(buildings)d; in %(seconds).1f s.")
                % {
                    "name": campaign.name,
                    "status": campaign.get_status_display().lower(),
                    "addresses": campaign.address_count,
                    "buildings": campaign.entry_count,
                    "seconds": campaign.build_seconds or 0.0,
                }
            )
        )
