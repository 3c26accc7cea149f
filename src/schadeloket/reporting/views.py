"""Reporting pages: the weekly report for management (/medewerkers/rapportage/, with CSV and XLSX
export) and the public dashboard (/dashboard/). Thin views: the figures come from `weekly` and
`dashboard`, the charts are `schadeloket.charts.Chart`s.

No audit event on viewing or exporting the report: it shows aggregates per scheme and week only,
never a person, a case or anything that identifies one, so it is not a view of personal data (the
rule "every staff view of personal data writes an audit event" does not apply). Access is still
limited to the roles that steer the work (manager, admin); other staff get 403.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from schadeloket.accounts.decorators import staff_verified_required
from schadeloket.cases.selectors import user_roles
from schadeloket.charts import STACKED, Chart, Series, format_number, week_label

from . import exports
from .dashboard import SMALL_NUMBER_THRESHOLD, dashboard_data
from .forms import ReportForm
from .weekly import TOTAL, known_schemes, weekly_report

REPORT_ROLES = frozenset({"manager", "admin"})


def _require_report_role(request) -> None:
    if not user_roles(request.user) & REPORT_ROLES:
        raise PermissionDenied


def _euros(value) -> str:
    return "–" if value is None else f"€ {format_number(value)}"


def _form_and_report(request):
    """The bound form and, when it is valid, the report; otherwise (form, None)."""
    today = timezone.localdate()
    data = request.GET if request.GET else None
    if data is None:
        initial = ReportForm.initial_for(today)
        form = ReportForm({"van": initial["van"].isoformat(), "tot": initial["tot"].isoformat()}, today=today)
    else:
        form = ReportForm(data, today=today)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, weekly_report(data["van"], data["tot"], data["regelingen"], today=today)


def _period_summary(report) -> dict:
    rows = report.totals
    within = sum(row.decided_within_term for row in rows)
    outside = sum(row.decided_outside_term for row in rows)
    amount_granted = sum((row.amount_granted for row in rows), Decimal("0.00"))
    amount_paid = sum((row.amount_paid for row in rows), Decimal("0.00"))
    return {
        "amount_granted_text": _euros(amount_granted),
        "amount_paid_text": _euros(amount_paid),
        "submitted": sum(row.submitted for row in rows),
        "completed": sum(row.completed for row in rows),
        "decided": sum(row.decided for row in rows),
        "granted": sum(row.granted for row in rows),
        "rejected": sum(row.rejected for row in rows),
        "stock": rows[-1].stock,
        "within_share": round(100 * within / (within + outside), 1) if within + outside else None,
        "amount_granted": amount_granted,
        "amount_paid": amount_paid,
        "objections": sum(row.objections_submitted for row in rows),
    }


def _charts(report) -> list[Chart]:
    rows = report.totals
    labels = [week_label(row.week) for row in rows]
    scope = _("alle regelingen") if len(report.schemes) == len(known_schemes()) else ", ".join(report.schemes)
    period = f"{labels[0]} – {labels[-1]}"

    def values(name):
        return [getattr(row, name) for row in rows]

    charts = [
        Chart(
            "instroom",
            _("Ingediend en afgerond per week"),
            _(
                "Lijngrafiek over %(scope)s, %(period)s: in totaal %(submitted)s aanvragen ingediend "
                "en %(completed)s afgerond."
            )
            % {
                "scope": scope,
                "period": period,
                "submitted": sum(values("submitted")),
                "completed": sum(values("completed")),
            },
            labels,
            [Series(_("Ingediend"), values("submitted")), Series(_("Afgerond"), values("completed"))],
            unit=_("aantal aanvragen"),
        ),
        Chart(
            "voorraad",
            _("Voorraad aan het eind van de week, naar leeftijd"),
            _(
                "Gestapelde staven over %(scope)s, %(period)s: de open aanvragen per week, verdeeld naar hoe oud "
                "ze zijn "
                "in beslistermijnen. Aan het eind: %(stock)s open."
            )
            % {"scope": scope, "period": period, "stock": rows[-1].stock},
            labels,
            [
                Series(_("Binnen de termijn"), values("stock_within_term")),
                Series(_("1 tot 2 termijnen"), values("stock_1_2_terms")),
                Series(_("2 tot 4 termijnen"), values("stock_2_4_terms")),
                Series(_("Meer dan 4 termijnen"), values("stock_over_4_terms")),
            ],
            kind=STACKED,
            unit=_("aantal open aanvragen"),
        ),
        Chart(
            "termijn",
            _("Besluiten binnen de termijn (procent)"),
            _(
                "Lijngrafiek over %(scope)s, %(period)s: het percentage besluiten binnen de wettelijke termijn "
                "per week "
                "en sinds de start. Een week zonder besluiten heeft geen punt."
            )
            % {"scope": scope, "period": period},
            labels,
            [
                Series(_("In de week"), values("within_term_share")),
                Series(_("Sinds de start"), values("within_term_share_cumulative")),
            ],
            unit=_("procent"),
        ),
        Chart(
            "doorlooptijd",
            _("Doorlooptijd in dagen"),
            _(
                "Lijngrafiek over %(scope)s, %(period)s: de doorlooptijd van de besluiten van de week (mediaan en "
                "gemiddeld) en de verwachte doorlooptijd van de voorraad."
            )
            % {"scope": scope, "period": period},
            labels,
            [
                Series(_("Mediaan"), values("lead_time_median_days")),
                Series(_("Gemiddeld"), values("lead_time_mean_days")),
                Series(_("Verwacht (8 weken)"), values("expected_lead_time_days")),
            ],
            unit=_("dagen"),
        ),
        Chart(
            "bedragen",
            _("Bedragen per week (euro)"),
            _("Lijngrafiek over %(scope)s, %(period)s: toegekend in besluiten %(granted)s, betaald %(paid)s.")
            % {
                "scope": scope,
                "period": period,
                "granted": _euros(sum(values("amount_granted"))),
                "paid": _euros(sum(values("amount_paid"))),
            },
            labels,
            [Series(_("Toegekend"), values("amount_granted")), Series(_("Betaald"), values("amount_paid"))],
            unit=_("euro"),
        ),
        Chart(
            "bezwaren",
            _("Bezwaren per week"),
            _(
                "Lijngrafiek over %(scope)s, %(period)s: bezwaren ontvangen en afgerond per week, en open aan het eind "
                "van de week."
            )
            % {"scope": scope, "period": period},
            labels,
            [
                Series(_("Ontvangen"), values("objections_submitted")),
                Series(_("Afgerond"), values("objections_completed")),
                Series(_("Open"), values("objections_stock")),
            ],
            unit=_("aantal bezwaren"),
        ),
    ]
    if report.costs_available:
        charts.append(
            Chart(
                "kosten",
                _("Behandelkosten per zaak (euro)"),
                _("Lijngrafiek over %(scope)s, %(period)s: de behandelkosten per zaak met geschreven uren, per week.")
                % {"scope": scope, "period": period},
                labels,
                [Series(_("Kosten per zaak"), values("cost_per_case"))],
                unit=_("euro"),
            )
        )
    return charts


@staff_verified_required
@require_GET
def report_page(request):
    """The weekly report: form, period totals, charts with tables, a table per scheme, satisfaction."""
    _require_report_role(request)
    form, report = _form_and_report(request)
    context = {"form": form, "report": report}
    if report is not None:
        names = dict(known_schemes())
        context.update(
            summary=_period_summary(report),
            charts=_charts(report) if report.has_activity else [],
            tables=[
                {"code": key, "name": names.get(key, _("Alle gekozen regelingen samen")), "rows": report.rows_of(key)}
                for key in (TOTAL, *report.schemes)
            ],
            satisfaction=[month for key in (TOTAL, *report.schemes) for month in report.satisfaction[key]],
            query=request.GET.urlencode(),
        )
    return render(request, "reporting/report.html", context, status=200 if report is not None else 400)


def _export_name(report, extension: str) -> str:
    return f"weekrapport-{report.start:%Y%m%d}-{report.end:%Y%m%d}.{extension}"


@staff_verified_required
@require_GET
def export_csv(request):
    _require_report_role(request)
    form, report = _form_and_report(request)
    if report is None:
        return render(request, "reporting/report.html", {"form": form, "report": None}, status=400)
    response = HttpResponse(exports.to_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(report, "csv")}"'
    return response


@staff_verified_required
@require_GET
def export_xlsx(request):
    _require_report_role(request)
    form, report = _form_and_report(request)
    if report is None:
        return render(request, "reporting/report.html", {"form": form, "report": None}, status=400)
    response = HttpResponse(
        exports.to_xlsx(report), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name(report, "xlsx")}"'
    return response


def _count_display(values: list) -> list[str]:
    less = _("minder dan %(n)s") % {"n": SMALL_NUMBER_THRESHOLD}
    return [less if value is None else format_number(value) for value in values]


@require_GET
def dashboard_page(request):
    """The public dashboard: totals since the start and weekly trends per scheme, from the cache."""
    data = dashboard_data()
    labels = [week_label(week) for week in data["weeks"]]
    period = f"{labels[0]} – {labels[-1]}"
    overall = Chart(
        "alle-regelingen",
        _("Alle regelingen: ingediend en afgerond per week"),
        _("Lijngrafiek, %(period)s: aanvragen ingediend en afgerond per week, alle regelingen samen.")
        % {"period": period},
        labels,
        [
            Series(_("Ingediend"), data["submitted_weeks"], _count_display(data["submitted_weeks"])),
            Series(_("Afgerond"), data["completed_weeks"], _count_display(data["completed_weeks"])),
        ],
        unit=_("aantal aanvragen"),
    )
    per_scheme = [
        Chart(
            f"regeling-{scheme['code'].lower()}",
            f"{scheme['code']}: {scheme['name']}",
            _(
                "Lijngrafiek, %(period)s: aanvragen voor %(name)s ingediend en afgerond per week. Aantallen van "
                "1 tot en "
                "met %(max)s tonen we niet."
            )
            % {"period": period, "name": scheme["name"], "max": SMALL_NUMBER_THRESHOLD - 1},
            labels,
            [
                Series(_("Ingediend"), scheme["submitted"], _count_display(scheme["submitted"])),
                Series(_("Afgerond"), scheme["completed"], _count_display(scheme["completed"])),
            ],
            unit=_("aantal aanvragen"),
        )
        for scheme in data["schemes"]
    ]
    context = {
        "data": data,
        "overall": overall,
        "per_scheme": per_scheme,
        "threshold": SMALL_NUMBER_THRESHOLD,
        "amount_text": _euros(data["amount_granted"]),
        "computed_at": timezone.localtime(data["computed_at"]),
    }
    return render(request, "reporting/dashboard.html", context)
