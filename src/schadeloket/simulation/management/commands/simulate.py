"""`python manage.py simulate SCHEME [--set name=value ...] [--date YYYY-MM-DD] [--json]`."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from schadeloket.schemes.engine.explain import euro
from schadeloket.simulation.services import (
    ParameterError,
    SimulationResult,
    UnknownSchemeError,
    parse_overrides,
    simulate,
)


class Command(BaseCommand):
    help = "Beleidssimulatie: een regeling, huidig en gewijzigd, over het hele register naast elkaar."

    def add_arguments(self, parser):
        parser.add_argument("scheme", help="code van de regeling, zoals VES of AVV")
        parser.add_argument(
            "--set",
            action="append",
            default=[],
            dest="overrides",
            metavar="NAAM=WAARDE",
            help="wijzig een parameter (meermaals te gebruiken), zoals --set ves_amount=12500",
        )
        parser.add_argument("--date", help="peildatum als JJJJ-MM-DD (standaard: vandaag)")
        parser.add_argument("--json", action="store_true", help="uitvoer als JSON")
        parser.add_argument("--workers", type=int, default=1, help="aantal processen (2 op een machine met 2 kernen)")

    def handle(self, *args, scheme, overrides, date, json, workers, **options):
        try:
            on_date = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"De datum '{date}' klopt niet: schrijf hem als 2025-01-31.") from None
        try:
            changes = parse_overrides(overrides)
            result = simulate(scheme, changes, on_date, workers=max(1, workers))
        except (UnknownSchemeError, ParameterError) as error:
            raise CommandError(str(error)) from None
        if json:
            self.stdout.write(_json_dumps(result.as_dict()))
        else:
            self.stdout.write(report(result))


def _json_dumps(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def _signed(number: int) -> str:
    return f"+{number}" if number > 0 else str(number)


def _signed_euro(amount) -> str:
    return ("+" if amount > 0 else "-" if amount < 0 else "") + euro(abs(amount))


def report(result: SimulationResult) -> str:
    """The side-by-side report as plain text with Dutch headings."""
    changes = ", ".join(f"{k}={v}" for k, v in result.overrides.items()) or "geen (huidig = gewijzigd)"
    out = [
        f"Beleidssimulatie {result.scheme_code} ({result.scheme_name})",
        f"Peildatum: {result.on_date.isoformat()}",
        f"Wijzigingen: {changes}",
        f"Gebouwen in het register: {result.buildings}",
        "Aanname: de eigenaar op de peildatum vraagt aan; mede-eigenaren geven toestemming.",
        "",
    ]
    header = (
        f"{'':<34} {'Huidig: aantal':>15} {'Huidig: kosten':>18} {'Gewijzigd: aantal':>18} "
        f"{'Gewijzigd: kosten':>18} {'Verschil aantal':>16} {'Verschil kosten':>18}"
    )
    group = None
    for line in result.lines():
        if line.group != group:
            group = line.group
            title = {"Totaal": "Totaal", "Gemeente": "Per gemeente", "Gebied": "Per gebied"}[group]
            out += ["", title, header]
        out.append(
            f"{line.label[:34]:<34} {line.current.eligible:>15} {euro(line.current.cost):>18} "
            f"{line.changed.eligible:>18} {euro(line.changed.cost):>18} "
            f"{_signed(line.eligible_difference):>16} {_signed_euro(line.cost_difference):>18}"
        )
    out += [
        "",
        "Aantal: gebouwen die in aanmerking komen. Kosten: het totaal van hun bedragen.",
        f"Hangt af van vragen (huidig/gewijzigd): {result.current.total.depends}/{result.changed.total.depends}",
        f"Tijd: feiten verzamelen {result.facts_seconds:.1f} s, beslissen {result.decide_seconds:.1f} s "
        f"({result.evaluations} beslissingen)",
    ]
    return "\n".join(out) + "\n"
