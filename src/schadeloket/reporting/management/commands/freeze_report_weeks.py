"""Freeze the weekly report's closed weeks now, or rebuild every frozen week (`reporting.services`).

The nightly Celery task does the freezing; this command is for operators: after a restore, or with
`--rebuild --reden "..."` when a definition in docs/reporting.md changed and the closed weeks must
be computed again from the case data.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from schadeloket.reporting.services import freeze_closed_weeks, rebuild_frozen_weeks


class Command(BaseCommand):
    help = _("Bevries de weekcijfers van afgesloten weken, of bereken ze allemaal opnieuw (--rebuild).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, default=None, help=_("JJJJ-MM-DD; standaard vandaag")
        )
        parser.add_argument(
            "--rebuild", action="store_true", help=_("alle bevroren weken weggooien en opnieuw bevriezen")
        )
        parser.add_argument("--reden", default="", help=_("verplicht bij --rebuild: waarom de cijfers veranderen"))

    def handle(self, *args, **options):
        actor = "manage.py freeze_report_weeks"
        if options["rebuild"]:
            if not options["reden"].strip():
                raise CommandError(_("Geef met --reden aan waarom de bevroren weekcijfers opnieuw worden berekend."))
            freeze = rebuild_frozen_weeks(actor=actor, reason=options["reden"], today=options["today"])
        else:
            freeze = freeze_closed_weeks(today=options["today"], actor=actor)
        if freeze is None:
            self.stdout.write(_("Er was niets te bevriezen: de afgesloten weken waren al bevroren."))
            return
        self.stdout.write(
            _("Weekcijfers bevroren tot en met %(sunday)s: %(figures)s cijfers, %(late)s late wijzigingen, %(s)s s.")
            % {
                "sunday": f"{freeze.through:%d-%m-%Y}",
                "figures": freeze.figures,
                "late": freeze.late_figures,
                "s": freeze.seconds,
            }  # fmt: skip
        )
