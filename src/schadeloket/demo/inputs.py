"""The inputs of the demo generator: real places and IMG outcomes when present, shipped tables otherwise.

Why: the demo should look like Groningen and Drenthe (real PC4 postcodes, places, municipalities,
population, where IMG paid how much), but `make run` on a user's machine has no data folder. So
every input has a shipped fallback, and `DemoInputs.used` says in Dutch which inputs were used.

Coordinates are approximate demo positions: a place sits at the median epicentre the KNMI
catalogue gives for a location of that name (real village positions) when that lies within 20 km
of the municipality centre; otherwise near the municipality centre from our own table
(`data/municipalities.csv`). They are not real address positions.
"""

import csv
import math
import statistics
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.utils.translation import gettext as _

SHIPPED_DIR = Path(__file__).resolve().parent / "data"
PC4_FILE = "pc4-groningen-drenthe.csv"
KNMI_FILE = "knmi-earthquakes.csv"
IMG_FILE = "img-physical-damage-pc4.csv"
EARTHQUAKES_FILE = KNMI_FILE
GAS_FIELDS_FILE = "gas-fields.geojson"
_KM_PER_DEGREE = 111.32


@dataclass
class Municipality:
    name: str
    province: str
    cbs_code: str
    latitude: float
    longitude: float
    gas_field_core: bool


@dataclass
class DemoInputs:
    """One row per PC4 area (arrays aligned), plus the IMG weights per (pc4 row, year)."""

    pc4: np.ndarray  # int
    place: list[str]
    municipality: list[str]
    cbs_code: list[str]
    inhabitants: np.ndarray  # float
    latitude: np.ndarray
    longitude: np.ndarray
    core: np.ndarray  # bool: gas-field core municipality
    img_row: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # index into pc4 arrays
    img_year: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    img_decisions: np.ndarray = field(default_factory=lambda: np.zeros(0))
    img_mean_amount: np.ndarray = field(default_factory=lambda: np.zeros(0))
    used: list[str] = field(default_factory=list)

    @property
    def has_img(self) -> bool:
        return len(self.img_row) > 0


def load_municipalities() -> dict[str, Municipality]:
    with open(SHIPPED_DIR / "municipalities.csv", encoding="utf-8") as handle:
        return {
            row["municipality"]: Municipality(
                name=row["municipality"],
                province=row["province"],
                cbs_code=row["cbs_code"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                gas_field_core=row["gas_field_core"] == "1",
            )
            for row in csv.DictReader(handle)
        }


def load_word_list(name: str) -> list[str]:
    with open(SHIPPED_DIR / name, encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip()]


def _distance_km(lat1, lon1, lat2, lon2) -> float:
    return math.hypot((lat1 - lat2) * _KM_PER_DEGREE, (lon1 - lon2) * _KM_PER_DEGREE * math.cos(math.radians(lat1)))


def _knmi_places(path: Path) -> dict[str, tuple[float, float]]:
    """Median epicentre per LOCATION name in the KNMI catalogue."""
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            try:
                points[row["LOCATION"].strip()].append((float(row["LAT"]), float(row["LON"])))
            except (KeyError, TypeError, ValueError):
                continue
    return {
        name: (statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts))
        for name, pts in points.items()
    }


def _offset(lat: float, lon: float, key: str, min_km: float, max_km: float) -> tuple[float, float]:
    """A deterministic offset of min..max km from (lat, lon), chosen by a checksum of `key`."""
    checksum = zlib.crc32(key.encode())
    angle = (checksum % 3600) / 3600 * 2 * math.pi
    distance = min_km + (checksum // 3600 % 1000) / 1000 * (max_km - min_km)
    dlat = distance * math.cos(angle) / _KM_PER_DEGREE
    dlon = distance * math.sin(angle) / (_KM_PER_DEGREE * math.cos(math.radians(lat)))
    return lat + dlat, lon + dlon


def load_inputs(data_dir: Path | None) -> DemoInputs:
    """Read the PC4 table, place positions and IMG weights; fall back to the shipped tables."""
    municipalities = load_municipalities()
    used: list[str] = []
    data_dir = Path(data_dir) if data_dir else None

    pc4_path = data_dir / PC4_FILE if data_dir else None
    rows: list[dict] = []
    if pc4_path and pc4_path.is_file():
        with open(pc4_path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                if row.get("gemeente") in municipalities:
                    rows.append(
                        {
                            "pc4": int(row["postcode"]),
                            "place": row["plaats"],
                            "municipality": row["gemeente"],
                            "inhabitants": float(row["inwoners"] or 0),
                            "latitude": None,
                            "longitude": None,
                        }
                    )
        used.append(
            _("postcodes, plaatsen en inwoners uit %(path)s (%(n)s postcodegebieden)")
            % {"path": pc4_path, "n": len(rows)}
        )
    if not rows:
        with open(SHIPPED_DIR / "places.csv", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                rows.append(
                    {
                        "pc4": int(row["pc4"]),
                        "place": row["place"],
                        "municipality": row["municipality"],
                        "inhabitants": float(row["inhabitants"] or 0),
                        "latitude": float(row["latitude"]) if row["latitude"] else None,
                        "longitude": float(row["longitude"]) if row["longitude"] else None,
                    }
                )
        used.append(_("meegeleverde plaatsenlijst (%(n)s plaatsen in 22 gemeenten)") % {"n": len(rows)})
    rows.sort(key=lambda r: r["pc4"])

    knmi_path = data_dir / KNMI_FILE if data_dir else None
    knmi = _knmi_places(knmi_path) if knmi_path and knmi_path.is_file() else {}
    if knmi:
        used.append(_("plaatsposities uit de epicentra in %(path)s") % {"path": knmi_path})
    used.append(_("middelpunten van gemeenten uit de meegeleverde tabel"))

    # Position per place first, then spread the PC4 areas of one place around it.
    pc4_per_place: dict[tuple[str, str], int] = defaultdict(int)
    for row in rows:
        pc4_per_place[(row["place"], row["municipality"])] += 1
    for row in rows:
        municipality = municipalities[row["municipality"]]
        if row["latitude"] is None:
            known = knmi.get(row["place"])
            if known and _distance_km(*known, municipality.latitude, municipality.longitude) <= 20:
                row["latitude"], row["longitude"] = known
            elif row["place"] == municipality.name:
                row["latitude"], row["longitude"] = municipality.latitude, municipality.longitude
            else:
                row["latitude"], row["longitude"] = _offset(
                    municipality.latitude, municipality.longitude, row["place"], 1.5, 5.0
                )
        if pc4_per_place[(row["place"], row["municipality"])] > 1:
            row["latitude"], row["longitude"] = _offset(row["latitude"], row["longitude"], str(row["pc4"]), 0.0, 2.0)

    inputs = DemoInputs(
        pc4=np.array([r["pc4"] for r in rows], dtype=np.int64),
        place=[r["place"] for r in rows],
        municipality=[r["municipality"] for r in rows],
        cbs_code=[municipalities[r["municipality"]].cbs_code for r in rows],
        inhabitants=np.array([r["inhabitants"] for r in rows], dtype=float),
        latitude=np.array([r["latitude"] for r in rows], dtype=float),
        longitude=np.array([r["longitude"] for r in rows], dtype=float),
        core=np.array([municipalities[r["municipality"]].gas_field_core for r in rows], dtype=bool),
        used=used,
    )

    img_path = data_dir / IMG_FILE if data_dir else None
    if img_path and img_path.is_file():
        index = {int(pc4): i for i, pc4 in enumerate(inputs.pc4)}
        img_row, img_year, decisions, means = [], [], [], []
        with open(img_path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                try:
                    pc4, year = int(row["pc4"]), int(row["year"])
                    n = float(row["pos_besluiten_n"] or 0)
                    paid = float(row["vergoeding_eur"] or 0)
                except (KeyError, ValueError):
                    continue
                if pc4 in index and n > 0 and paid > 0:
                    img_row.append(index[pc4])
                    img_year.append(year)
                    decisions.append(n)
                    means.append(paid / n)
        inputs.img_row = np.array(img_row, dtype=np.int64)
        inputs.img_year = np.array(img_year, dtype=np.int64)
        inputs.img_decisions = np.array(decisions, dtype=float)
        inputs.img_mean_amount = np.array(means, dtype=float)
        used.append(_("IMG-besluiten en -bedragen per postcode en jaar uit %(path)s") % {"path": img_path})
    else:
        used.append(_("geen IMG-cijfers per postcode: betalingen verdeeld naar inwoners, meer in het kerngebied"))
    return inputs
