"""Loading the demo register: `seed_demo(scale=...)` writes addresses, buildings, persons, owner and
resident periods and prior payments, plus (when the files are there) earthquakes and gas fields, and
the case histories of the two years before a reference date (default today; `histories`): cases with
their applicant, status changes, decisions, payment orders, objections and satisfaction responses.

Why: `make run` must show a living register on a fresh machine, and the benchmarks need the same
at IMG scale. The load is deterministic for a seed, all in one transaction with one audit event,
and it never loads twice: demo addresses have recognisable BAG ids (digit 7 of the
nummeraanduiding is 9), and when those exist the report says so and nothing is added.

All coordinates are approximate demo positions, not real address positions. BSNs are synthetic
(11-test valid numbers from 900000000 on) and are only stored encrypted and hashed, never shown.
"""

import datetime as dt
import io
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schadeloket.audit.services import record_event
from schadeloket.register.addresses.models import Address
from schadeloket.register.buildings.models import Building, BuildingRelation
from schadeloket.register.payments.models import PriorPayment
from schadeloket.register.persons.bsn import encrypt_bsn, hash_bsn
from schadeloket.register.persons.models import Person
from schadeloket.reporting.services import freeze_closed_weeks

from . import generator, histories
from .history_writer import HISTORY_MODELS, write_histories
from .inputs import EARTHQUAKES_FILE, GAS_FIELDS_FILE, load_inputs
from .planning import load_planning_demo
from .writer import bulk_load, is_postgresql, next_id, reset_sequences, write_rows

SCALES = {"small": 3_000, "img": 500_000}
#: Cases per scale (about; see histories.VOLUME_FACTOR). img is a stress load for the weekly report:
#: several times the IMG's real two-year volume, in its shape.
CASES = {"small": 4_000, "img": 1_000_000}
#: From this many addresses plus cases on, PostgreSQL loads the tables without their secondary
#: indexes, unique constraints and foreign keys and rebuilds them afterwards (writer.bulk_load).
BULK_LOAD_FROM = 100_000
DEMO_ID_REGEX = r"^[0-9]{4}209[0-9]{9}$"
_CHUNK = 50_000


@dataclass
class SeedReport:
    already_present: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step, for the benchmark


def demo_present() -> bool:
    return Address.objects.filter(nummeraanduiding_id__regex=DEMO_ID_REGEX).exists()


def _chunks(total: int):
    for start in range(0, total, _CHUNK):
        yield start, min(start + _CHUNK, total)


def _address_rows(data, inputs, first_id: int):
    codes = inputs.cbs_code
    for lo, hi in _chunks(len(data.address_number)):
        rows_idx = data.address_pc4_row[lo:hi].tolist()
        streets = data.address_street[lo:hi].tolist()
        numbers = data.address_number[lo:hi].tolist()
        lat, lon = np.round(data.address_lat[lo:hi], 6).tolist(), np.round(data.address_lon[lo:hi], 6).tolist()
        xs, ys = np.round(data.address_rd_x[lo:hi], 2).tolist(), np.round(data.address_rd_y[lo:hi], 2).tolist()
        for k in range(hi - lo):
            i = lo + k
            row = rows_idx[k]
            code = codes[row]
            yield (
                first_id + i,
                f"{code}209{i:09d}",
                f"{code}019{i:09d}",
                data.streets[streets[k]],
                numbers[k],
                "",
                "",
                data.address_postcode[i],
                inputs.place[row],
                inputs.municipality[row],
                xs[k],
                ys[k],
                lat[k],
                lon[k],
            )


def _building_rows(data, inputs, first_id: int, first_address_id: int, woz_day: str):
    descriptions = {
        "home": _("Woning"),
        "small_object": _("Schuur of berging"),
        "farm_building": _("Stal of schuur (agrarisch)"),
        "non_residential": _("Bedrijfspand"),
    }
    codes = inputs.cbs_code
    for lo, hi in _chunks(len(data.building_address)):
        address = data.building_address[lo:hi].tolist()
        pc4_row = data.address_pc4_row[data.building_address[lo:hi]].tolist()
        kinds = data.building_kind[lo:hi].tolist()
        years = data.building_year[lo:hi].tolist()
        areas = data.building_area[lo:hi].tolist()
        woz = data.building_woz_euros[lo:hi].tolist()
        culture = data.building_cultuurcode[lo:hi].tolist()
        cellar = data.building_cellar[lo:hi].tolist()
        cellar_m3 = data.building_cellar_m3[lo:hi].tolist()
        monument = data.building_monument[lo:hi].tolist()
        for k in range(hi - lo):
            i = lo + k
            yield (
                first_id + i,
                first_address_id + address[k],
                kinds[k],
                descriptions[kinds[k]],
                f"{codes[pc4_row[k]]}109{i:09d}",
                "",
                years[k],
                areas[k],
                f"{woz[k]}.00" if woz[k] else None,
                woz_day if woz[k] else None,
                culture[k] or None,
                cellar[k],
                cellar_m3[k] or None,
                monument[k],
            )


def _person_rows(data, first_id: int, created_at, postgres: bool):
    for lo, hi in _chunks(len(data.person_bsn)):
        bsns = [f"{b:09d}" for b in data.person_bsn[lo:hi].tolist()]
        firsts = data.person_first[lo:hi].tolist()
        surnames = data.person_surname[lo:hi].tolist()
        births = generator.days_to_iso(data.person_birth[lo:hi])
        for k in range(hi - lo):
            i = lo + k
            public_id = uuid.UUID(bytes=data.person_uuid_bytes[16 * i : 16 * i + 16], version=4)
            first = data.first_names[firsts[k]]
            prefix, surname = data.surnames[surnames[k]]
            yield (
                first_id + i,
                str(public_id) if postgres else public_id.hex,
                encrypt_bsn(bsns[k]),
                hash_bsn(bsns[k]),
                first[0] + ".",
                first,
                prefix,
                surname,
                births[k],
                None,
                "",
                "",
                created_at,
            )


def _relation_rows(data, first_id: int, first_person_id: int, first_building_id: int):
    for lo, hi in _chunks(len(data.relation_person)):
        persons = data.relation_person[lo:hi].tolist()
        buildings = data.relation_building[lo:hi].tolist()
        kinds = data.relation_kind[lo:hi].tolist()
        starts = generator.days_to_iso(data.relation_from[lo:hi])
        until_days = data.relation_until[lo:hi]
        untils = generator.days_to_iso(np.maximum(until_days, 0))
        open_end = (until_days < 0).tolist()
        for k in range(hi - lo):
            yield (
                first_id + lo + k,
                first_person_id + persons[k],
                first_building_id + buildings[k],
                kinds[k],
                starts[k],
                None if open_end[k] else untils[k],
            )


def _payment_rows(data, first_id: int, first_building_id: int):
    for lo, hi in _chunks(len(data.payment_building)):
        buildings = data.payment_building[lo:hi].tolist()
        payers = data.payment_payer[lo:hi].tolist()
        kinds = data.payment_kind[lo:hi].tolist()
        days = generator.days_to_iso(data.payment_day[lo:hi])
        amounts = generator.cents_to_text(data.payment_cents[lo:hi])
        for k in range(hi - lo):
            i = lo + k
            payer = generator.PAYERS[payers[k]]
            yield (
                first_id + i,
                f"DEMO-{payer}-{i:09d}",
                payer,
                days[k],
                amounts[k],
                generator.SCHEMES[payer],
                kinds[k],
                first_building_id + buildings[k],
            )


def _columns(model, names: list[str]) -> list[str]:
    return [model._meta.get_field(name).column for name in names]


def _load_external(data_dir: Path | None) -> list[str]:
    """Earthquakes and gas fields through their own commands; a failure is a note, not a stop."""
    notes: list[str] = []
    jobs = [
        ("import_earthquakes", EARTHQUAKES_FILE, _("aardbevingen (KNMI)")),
        ("load_gas_fields", GAS_FIELDS_FILE, _("gasvelden")),
    ]
    for command, filename, label in jobs:
        path = data_dir / filename if data_dir else None
        if not path or not path.is_file():
            notes.append(
                _("Niet ingelezen: %(what)s; het bestand %(file)s ontbreekt.") % {"what": label, "file": filename}
            )
            continue
        buffer = io.StringIO()
        try:
            with transaction.atomic():
                call_command(command, str(path), stdout=buffer, stderr=buffer)
        except Exception as error:  # noqa: BLE001 (the demo must keep working; the note says what failed)
            notes.append(
                _("Let op: %(what)s niet ingelezen met '%(command)s' (%(error)s). De demo werkt verder zonder.")
                % {"what": label, "command": command, "error": str(error) or error.__class__.__name__}
            )
        else:
            notes.append(_("Ingelezen: %(what)s uit %(path)s.") % {"what": label, "path": path})
    return notes


def seed_demo(
    *,
    scale: str = "small",
    data_dir: Path | str | None = None,
    seed: int = 1,
    addresses: int | None = None,
    cases: int | None = None,
    load_external: bool = True,
    reference_date: dt.date | None = None,
) -> SeedReport:
    """Load the demo register and case histories once.

    `addresses` overrides the scale's number of addresses; the number of cases then follows in
    proportion unless `cases` sets it (0: no cases). The case histories cover the two years before
    `reference_date`, by default today: then the demo's weekly report and dashboard (which show the
    last weeks up to today) have something to show. Tests and benchmarks pass a fixed date, so the
    same seed and date give the same data.
    """
    report = SeedReport()
    if scale not in SCALES:
        raise ValueError(scale)
    data_dir = Path(data_dir) if data_dir is not None else Path(settings.DATA_DIR)
    if not data_dir.is_dir():
        data_dir = None

    if demo_present():
        report.already_present = True
        report.lines.append(_("Demogegevens staan er al; er is niets toegevoegd."))
        return report

    inputs = load_inputs(data_dir)
    report.lines.append(_("Gebruikte invoer: %(inputs)s.") % {"inputs": "; ".join(inputs.used)})
    report.lines.append(_("Let op: de coördinaten zijn benaderde demoposities, geen echte adresposities."))
    started = time.perf_counter()
    data = generator.generate(inputs, addresses or SCALES[scale], seed)
    report.timings["register genereren"] = round(time.perf_counter() - started, 2)
    if cases is None:
        cases = round(CASES[scale] * (addresses or SCALES[scale]) / SCALES[scale])
    history = None
    if cases:
        core_rows, _catalogue = demo_core_rows(inputs, _busy_places(data_dir if load_external else None))
        started = time.perf_counter()
        history = _generate_histories(
            data, inputs, cases, seed, data_dir, core_rows, reference_date or timezone.localdate()
        )
        report.timings["zaken genereren"] = round(time.perf_counter() - started, 2)

    postgres = is_postgresql()
    created_at = timezone.now()
    created_at_db = created_at if postgres else connection.ops.adapt_datetimefield_value(created_at)
    woz_day = f"{generator.REFERENCE_DATE.year - 1}-01-01"
    register_models = [Address, Building, Person, BuildingRelation, PriorPayment]
    big = (addresses or SCALES[scale]) + (cases or 0) >= BULK_LOAD_FROM
    started = time.perf_counter()
    loaded = register_models + (HISTORY_MODELS if history is not None else [])
    with transaction.atomic(), bulk_load(loaded, enabled=big):
        report.timings["indexen en sleutels weghalen"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        ids = {model: next_id(model) for model in register_models}
        counts = report.counts
        counts["adressen"] = write_rows(
            Address,
            [
                "id",
                *_columns(
                    Address,
                    [
                        "nummeraanduiding_id",
                        "verblijfsobject_id",
                        "street",
                        "house_number",
                        "house_letter",
                        "house_number_addition",
                        "postcode",
                        "place",
                        "municipality",
                        "rd_x",
                        "rd_y",
                        "latitude",
                        "longitude",
                    ],
                ),
            ],
            _address_rows(data, inputs, ids[Address]),
        )
        counts["gebouwen"] = write_rows(
            Building,
            [
                "id",
                *_columns(
                    Building,
                    [
                        "address",
                        "kind",
                        "description",
                        "pand_id",
                        "cadastral_object",
                        "construction_year",
                        "floor_area_m2",
                        "woz_value",
                        "woz_reference_date",
                        "cultuurcode",
                        "has_manure_cellar",
                        "manure_cellar_volume_m3",
                        "is_monument",
                    ],
                ),
            ],
            _building_rows(data, inputs, ids[Building], ids[Address], woz_day),
        )
        counts["personen"] = write_rows(
            Person,
            [
                "id",
                *_columns(
                    Person,
                    [
                        "public_id",
                        "bsn_encrypted",
                        "bsn_hash",
                        "initials",
                        "first_names",
                        "surname_prefix",
                        "surname",
                        "date_of_birth",
                        "date_of_death",
                        "email",
                        "phone",
                        "created_at",
                    ],
                ),
            ],
            _person_rows(data, ids[Person], created_at_db, postgres),
        )
        counts["eigenaren en bewoners"] = write_rows(
            BuildingRelation,
            ["id", *_columns(BuildingRelation, ["person", "building", "kind", "valid_from", "valid_until"])],
            _relation_rows(data, ids[BuildingRelation], ids[Person], ids[Building]),
        )
        counts["eerdere betalingen"] = write_rows(
            PriorPayment,
            ["id", *_columns(PriorPayment, ["reference", "payer", "paid_on", "amount", "scheme", "kind", "building"])],
            _payment_rows(data, ids[PriorPayment], ids[Building]),
        )
        changed = ["addresses", "buildings", "persons", "building_relations", "prior_payments"]
        report.timings["register schrijven"] = round(time.perf_counter() - started, 2)
        if history is not None:
            counts.update(
                write_histories(history, data, {"person": ids[Person], "building": ids[Building]}, report.timings)
            )
            changed += ["cases", "status_changes", "decisions", "payment_orders", "objections", "satisfaction"]
        reset_sequences([Address, Building, Person, BuildingRelation, PriorPayment, *HISTORY_MODELS])
        record_event(
            actor="seed_demo",
            action="import",
            obj=("demo.seed", scale),
            changed_fields=changed,
            reason=_("Demogegevens geladen (schaal %(scale)s, seed %(seed)s): %(counts)s.")
            % {"scale": scale, "seed": seed, "counts": ", ".join(f"{v} {k}" for k, v in counts.items())},
        )
        started = time.perf_counter()  # from here: rebuilding indexes and keys (bulk_load), the commit
    report.timings["indexen en sleutels herbouwen, vastleggen"] = round(time.perf_counter() - started, 2)
    if history is not None:
        # As the nightly task would have done: the closed weeks' figures are frozen (reporting.services).
        started = time.perf_counter()
        freeze_closed_weeks(today=histories.day_date(history.today))
        report.timings["weekcijfers bevriezen"] = round(time.perf_counter() - started, 2)
    for name, value in report.counts.items():
        report.lines.append(_("Toegevoegd: %(n)s %(what)s.") % {"n": value, "what": name})
    if history is not None:
        first, last = (histories.day_date(day) for day in (history.first_day, history.today - 1))
        report.lines.append(
            _("De zaken lopen van %(first)s tot en met %(last)s (en zaken van het jaar ervoor die toen nog liepen).")
            % {"first": f"{first:%d-%m-%Y}", "last": f"{last:%d-%m-%Y}"}
        )
    report.lines.append(
        _("Tijd per stap (s): %(steps)s.") % {"steps": "; ".join(f"{k} {v}" for k, v in report.timings.items())}
    )
    if load_external:
        report.lines.extend(_load_external(data_dir))
    report.lines.extend(_load_demo_areas(inputs))
    report.lines.extend(load_planning_demo())
    return report


def _generate_histories(
    data, inputs, cases: int, seed: int, data_dir: Path | None, core_rows: np.ndarray, reference_date: dt.date
):
    """The case histories, with the schemes' own parameters, terms and objection terms."""
    from schadeloket.cases.selectors import process_for
    from schadeloket.decisions.selectors import objection_term, zienswijze_term_days
    from schadeloket.schemes.registry import get_scheme

    codes = histories.CODES
    return histories.generate_histories(
        data,
        inputs,
        cases,
        seed,
        params={code: get_scheme(code).parameters.as_context() for code in codes},
        terms={code: process_for(code).term_days for code in codes},
        objection_weeks={code: objection_term(code).weeks for code in codes},
        zienswijze_days=zienswijze_term_days(),
        data_dir=data_dir,
        core=core_rows,
        reference=reference_date,
    )


CORE_MIN_EPICENTRES = 35


def _busy_places(data_dir: Path | None = None) -> set[str]:
    """Places KNMI names as the epicentre of at least CORE_MIN_EPICENTRES quakes: from the register,
    or (before it is loaded) from the catalogue file in `data_dir` that the seed is about to load."""
    from collections import Counter

    from django.db.models import Count

    from schadeloket.register.earthquakes.models import Earthquake

    if Earthquake.objects.exists() or data_dir is None or not (data_dir / EARTHQUAKES_FILE).is_file():
        rows = Earthquake.objects.values("location_name").annotate(n=Count("id"))
        return {row["location_name"] for row in rows.filter(n__gte=CORE_MIN_EPICENTRES)}
    with open(data_dir / EARTHQUAKES_FILE, encoding="utf-8", newline="") as handle:
        counts = Counter(line.split(",")[2].strip() for line in list(handle)[1:] if line.count(",") >= 7)
    return {place for place, n in counts.items() if n >= CORE_MIN_EPICENTRES}


def demo_core_rows(inputs, busy_places: set[str]) -> tuple[np.ndarray, bool]:
    """Which PC4 areas form the demo core area, and whether the catalogue decided it (`_load_demo_areas`
    says how); the case histories' `in_core_area` uses the same."""
    by_catalogue = np.array([bool(c) and p in busy_places for c, p in zip(inputs.core, inputs.place, strict=True)])
    if by_catalogue.any():
        return by_catalogue, True
    return np.asarray(inputs.core, dtype=bool), False


def _load_demo_areas(inputs) -> list[str]:
    """A demo core area and a demo reinforcement area, as configurable postcode sets.

    Neither has a public boundary (docs/open-questions.md, items 1 and 4). For the demo, the core
    is every postcode of a place in a gas-field municipality that KNMI names as the epicentre of at
    least 35 quakes (or, with
    no catalogue, the places of the gas-field core municipalities), and the reinforcement area is
    every postcode of the gas-field core municipalities. Both say "demo" in name and source.
    """
    from schadeloket.register.areas.models import AreaKind
    from schadeloket.register.areas.services import load_area

    core_rows, from_catalogue = demo_core_rows(inputs, _busy_places())
    rows = range(len(inputs.pc4))
    core = sorted({f"{inputs.pc4[i]:04d}" for i in rows if core_rows[i]})
    if from_catalogue:
        core_source = _(
            "Demo: postcodes van plaatsen boven het Groningenveld die KNMI minstens %(n)s keer als epicentrum noemt"
        ) % {"n": CORE_MIN_EPICENTRES}
    else:
        core_source = _("Demo: postcodes van de gemeenten boven het Groningenveld (geen aardbevingscatalogus)")
    reinforcement = sorted({f"{inputs.pc4[i]:04d}" for i in rows if inputs.core[i]})
    note = _("Demo-aanname, geen beleid: zie docs/open-questions.md.")
    load_area(
        kind=AreaKind.CORE, name="Kerngebied (demo)", source=core_source, postcodes=core, note=note, actor="seed_demo"
    )
    load_area(
        kind=AreaKind.REINFORCEMENT,
        name="Versterkingsgebied (demo)",
        source=_("Demo: postcodes van de gemeenten boven het Groningenveld"),
        postcodes=reinforcement,
        note=note,
        actor="seed_demo",
    )
    return [
        _("Demogebied geladen: kerngebied met %(n)s postcodes (%(source)s).") % {"n": len(core), "source": core_source},
        _("Demogebied geladen: versterkingsgebied met %(n)s postcodes.") % {"n": len(reinforcement)},
    ]
