"""The weekly report as CSV and XLSX: the same rows and columns as `WeekRow.as_dict` (docs/reporting.md).

CSV: one row per scheme and week (the total as scheme "TOTAAL"), UTF-8, comma-separated, ISO dates,
a decimal point and no thousands separator, empty for "not defined" (a share without decisions): a
file for programs and for comparing with other computations. XLSX (openpyxl): the same rows as
numbers with Dutch number formats on sheet "Weken", satisfaction per month on "Tevredenheid" and
what every column means on "Toelichting": a file for people.
"""

import csv
import datetime as dt
import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .weekly import COLUMNS, WeeklyReport

# What each column means, in Dutch, for the XLSX sheet "Toelichting" and the page's tables.
LABELS = {
    "regeling": _("Regeling (code), of TOTAAL voor de gekozen regelingen samen"),
    "week": _("Maandag van de week (ISO-week, maandag tot en met zondag)"),
    "jaar": _("ISO-jaar van de week"),
    "weeknummer": _("ISO-weeknummer"),
    "week_loopt_nog": _("1 als de week nog niet voorbij is: de cijfers groeien nog"),
    "ingediend": _("Aanvragen ontvangen in de week"),
    "voorraad": _("Aanvragen open aan het eind van de week (voorraad)"),
    "voorraad_verschil": _("Verschil in voorraad met de week ervoor"),
    "afgerond": _("Aanvragen afgerond: besluit genomen of anders afgehandeld"),
    "beschikt": _("Besluiten genomen (beschikt)"),
    "anders_afgehandeld": _("Anders afgehandeld: aanvraag ingetrokken"),
    "toegekend": _("Besluiten met een vergoeding (toegekend)"),
    "afgewezen": _("Besluiten zonder vergoeding (afgewezen)"),
    "toegekend_als_maatwerk": _("Toegekend als schadevergoeding op maat"),
    "toegekend_als_herstel_eigen_aannemer": _("Toegekend als herstel met eigen aannemer (HEA)"),
    "toegekend_als_herstel_aannemer_instituut": _("Toegekend als herstel door een aannemer van het instituut (HIN)"),
    "beschikt_binn_termijn": _("Besluiten binnen de wettelijke termijn"),
    "beschikt_buiten_termijn": _("Besluiten na de wettelijke termijn"),
    "beschikt_binn_termijn_perc": _("Percentage besluiten binnen de termijn in de week"),
    "beschikt_binn_termijn_perc_cumulatief": _("Percentage besluiten binnen de termijn sinds de start"),
    "oud_voorraad_binnen_termijn": _("Open aanvragen, niet ouder dan één termijn"),
    "oud_voorraad_1_2_termijn": _("Open aanvragen, 1 tot 2 termijnen oud"),
    "oud_voorraad_2_4_termijn": _("Open aanvragen, 2 tot 4 termijnen oud"),
    "oud_voorraad_buiten_4_termijn": _("Open aanvragen, ouder dan 4 termijnen"),
    "dlt_gerealiseerd_mediaan_dagen": _("Doorlooptijd (mediaan, dagen) van de besluiten van de week"),
    "dlt_gerealiseerd_gemiddeld_dagen": _("Doorlooptijd (gemiddeld, dagen) van de besluiten van de week"),
    "dlt_verwacht_rolling8_dagen": _("Verwachte doorlooptijd (dagen): voorraad gedeeld door het tempo van 8 weken"),
    "bedrag_verleend_totaal": _("Bedrag toegekend in besluiten (euro)"),
    "bedrag_betaald_totaal": _("Bedrag betaald (euro)"),
    "bz_ingediend": _("Bezwaren ontvangen"),
    "bz_voorraad": _("Bezwaren open aan het eind van de week"),
    "bz_afgerond": _("Bezwaren afgerond"),
    "bz_toegekend": _("Bezwaren (deels) gegrond"),
    "bz_afgewezen": _("Bezwaren ongegrond of niet-ontvankelijk"),
    "bz_anders_afgehandeld": _("Bezwaren ingetrokken of opgelost met een nieuw besluit"),
    "uren": _("Behandeluren"),
    "kosten": _("Behandelkosten (euro)"),
    "zaken_met_uren": _("Zaken met behandeluren"),
    "kosten_per_zaak": _("Behandelkosten per zaak (euro)"),
}
CUMULATIVE_LABEL = _("sinds de start (cumulatief)")
SATISFACTION_COLUMNS = (
    ("regeling", _("Regeling")),
    ("maand", _("Maand")),
    ("maandcijfer", _("Gemiddeld cijfer in de maand")),
    ("aantal_respondenten", _("Aantal mensen dat een cijfer gaf")),
    ("doorlopend_cijfer", _("Gemiddeld cijfer sinds de start")),
    ("aantal_respondenten_doorlopend", _("Aantal mensen sinds de start")),
)
AMOUNT_COLUMNS = {column for _name, column in COLUMNS if column.startswith(("bedrag_", "kosten"))}


def header() -> list[str]:
    return ["regeling", "week", "jaar", "weeknummer", *(column for _name, column in COLUMNS)]


def label(column: str) -> str:
    if column.endswith("_cumulatief") and column not in LABELS:
        return f"{LABELS[column.removesuffix('_cumulatief')]}, {CUMULATIVE_LABEL}"
    return str(LABELS[column])


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def to_csv(report: WeeklyReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = header()
    writer.writerow(columns)
    for row in report.rows:
        data = row.as_dict()
        writer.writerow([_csv_value(data[column]) for column in columns])
    return out.getvalue()


def _xlsx_value(value):
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, Decimal):
        return float(value)  # Excel stores numbers as floats; euros keep two places by the cell format
    return value


def to_xlsx(report: WeeklyReport) -> bytes:
    workbook = Workbook(write_only=True)
    weeks = workbook.create_sheet(str(_("Weken")))
    columns = header()
    bold = Font(bold=True)

    def heading(sheet, names):
        cells = []
        for name in names:
            cell = WriteOnlyCell(sheet, value=str(name))
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)

    heading(weeks, columns)
    for row in report.rows:
        data = row.as_dict()
        cells = []
        for column in columns:
            cell = WriteOnlyCell(weeks, value=_xlsx_value(data[column]))
            if column == "week":
                cell.number_format = "yyyy-mm-dd"
            elif column in AMOUNT_COLUMNS or column.removesuffix("_cumulatief") in AMOUNT_COLUMNS:
                cell.number_format = "#,##0.00"
            cells.append(cell)
        weeks.append(cells)

    satisfaction = workbook.create_sheet(str(_("Tevredenheid")))
    heading(satisfaction, [column for column, _label in SATISFACTION_COLUMNS])
    for months in report.satisfaction.values():
        for month in months:
            data = month.as_dict()
            cells = []
            for column, _label in SATISFACTION_COLUMNS:
                cell = WriteOnlyCell(satisfaction, value=_xlsx_value(data[column]))
                if column == "maand":
                    cell.number_format = "yyyy-mm"
                cells.append(cell)
            satisfaction.append(cells)

    notes = workbook.create_sheet(str(_("Toelichting")))
    heading(notes, [_("Kolom"), _("Betekenis")])
    notes.append([str(_("Periode")), f"{report.start:%Y-%m-%d} – {report.end:%Y-%m-%d}"])
    notes.append([str(_("Berekend op")), f"{timezone.localtime(report.computed_at):%Y-%m-%d %H:%M}"])
    for column in columns:
        notes.append([column, label(column)])
    for column, text in SATISFACTION_COLUMNS:
        notes.append([column, str(text)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
