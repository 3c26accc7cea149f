"""Staff pages for grounds analysis. Thin views: access checks and forms here, writes through
`services`, reads through `selectors` and `report`.

- /behandeling/gronden/                       texts still to code, oldest first (objection lawyer, reviewer)
- /behandeling/gronden/bezwaar/<public_id>/    code one objection (shows its grounds: audited)
- /behandeling/gronden/zienswijze/<public_id>/ code one zienswijze (the draft decision's public id)
- /medewerkers/gronden/                       the monthly report (manager, admin, objection lawyer)
- /medewerkers/gronden/<tabel>.csv            the report's tables as CSV

A refused coding is shown in Dutch above the form with status 400, with what the user ticked and
typed kept; only the hidden version is refreshed, so after "someone else was quicker" the user sees
the coding as it is now and can save again. The coding pages take `?next=<local path>` to return
to the page they came from (the objection page links here that way).

An objection is coded by its owner only (`services`). Someone else who opens it reads the text
(their role may read it) and is told whose it is, without a form; a POST anyway is refused with
status 403 and the same Dutch message, and the service audits the attempt. A coding whose text
changed since it was made is shown as "opnieuw bekijken" on the list and on its page.
"""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from schadeloket.accounts.decorators import staff_verified_required
from schadeloket.charts import BARS, Chart, Series

from . import selectors
from .access import may_code, may_see_report
from .forms import CodingForm, ReportForm, TextsFilterForm
from .models import CATEGORY_DESCRIPTIONS, GroundsSubject
from .report import Report, default_period, grounds_report
from .services import (
    GroundsError,
    NotOwnerError,
    check_objection_owner,
    code_objection,
    code_view,
    owner_refusal,
    record_text_view,
)

PER_PAGE = 50
CSV_TABLES = ("regelingen", "gronden", "regels")


def _require_coder(request) -> None:
    if not may_code(request.user):
        raise PermissionDenied


def _require_report(request) -> None:
    if not may_see_report(request.user):
        raise PermissionDenied


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


# --- the list -------------------------------------------------------------------------------------


@staff_verified_required
@require_GET
def texts_to_code_page(request):
    _require_coder(request)
    form = TextsFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {"subject": None, "scheme_code": None}
    page = Paginator(selectors.texts_to_code(**filters), PER_PAGE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    names = selectors.scheme_names()
    today = timezone.localdate()
    rows = [
        {
            **row,
            "scheme_name": names.get(row["scheme"], row["scheme"]),
            "is_objection": row["subject"] == GroundsSubject.OBJECTION,
            "waiting": max((today - row["received"]).days, 0),
            "url": reverse(
                "grounds:code-objection" if row["subject"] == GroundsSubject.OBJECTION else "grounds:code-view",
                args=[row["pid"]],
            ),
        }
        for row in selectors.with_case_facts(page.object_list)
    ]
    return render(
        request,
        "grounds/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "pro_forma": selectors.pro_forma_waiting(),
            "recent": selectors.recently_coded(),
        },
        status=200 if not request.GET or form.is_valid() else 400,
    )


# --- coding one text ------------------------------------------------------------------------------


def _refusal(request, page) -> str:
    return owner_refusal(page.objection, request.user) if page.objection is not None else ""


def _coding(request, obj, service):
    page = selectors.coding_page(obj)
    status = 200
    refusal = _refusal(request, page)
    if request.method == "POST" and page.objection is not None:
        try:
            check_objection_owner(page.objection, request.user)
        except NotOwnerError as error:
            refusal = str(error)
            status = 403
        else:
            refusal = ""
    if status == 403:
        form = CodingForm(rules=page.rules)
    elif request.method == "POST":
        form = CodingForm(request.POST, rules=page.rules)
        if not page.codeable:
            form.add_error(None, _("Er zijn nog geen gronden om te coderen."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                coding = service(
                    obj,
                    categories=data["categories"],
                    note=data["note"],
                    disputed=data.get("rules", []),
                    actor=request.user,
                    expected_version=data["version"],
                    expected_text_sha256=data.get("text_version") or None,
                )
            except NotOwnerError as error:
                page = selectors.coding_page(obj)
                refusal = str(error)
                status = 403
            except GroundsError as error:
                page = selectors.coding_page(obj)  # show the coding and the text as they are now
                data = request.POST.copy()
                data["version"] = str(page.version)
                data["text_version"] = page.text_sha256
                form = CodingForm(data, rules=page.rules)
                form.is_valid()
                form.add_error(None, str(error))
            else:
                if page.version and coding.version == page.version:
                    messages.info(request, _("Er is niets gewijzigd."))
                else:
                    messages.success(
                        request,
                        _("De gronden van zaak %(reference)s zijn gecodeerd.") % {"reference": page.case_reference},
                    )
                return redirect(_safe_next(request) or reverse("grounds:list"))
        status = status if status != 200 else 400
    else:
        initial = {
            "categories": page.categories,
            "rules": page.disputed,
            "version": page.version,
            "text_version": page.text_sha256,
        }
        if page.coding is not None:
            initial["note"] = page.coding.note
        form = CodingForm(initial=initial, rules=page.rules)
    if page.codeable:
        record_text_view(
            actor=request.user, subject=page.subject, case_reference=page.case_reference, public_id=page.public_id
        )
    return render(
        request,
        "grounds/code.html",
        {
            "page": page,
            "form": form,
            "category_boxes": [(box, CATEGORY_DESCRIPTIONS[box.data["value"]]) for box in form["categories"]],
            "rule_boxes": list(form["rules"]) if "rules" in form.fields else [],
            "next": _safe_next(request),
            "refusal": refusal,
        },
        status=status,
    )


@staff_verified_required
@require_http_methods(["GET", "POST"])
def code_objection_page(request, public_id):
    _require_coder(request)
    objection = selectors.objection_to_code(public_id)
    if objection is None:
        raise Http404
    return _coding(request, objection, code_objection)


@staff_verified_required
@require_http_methods(["GET", "POST"])
def code_view_page(request, public_id):
    _require_coder(request)
    draft = selectors.draft_to_code(public_id)
    if draft is None:
        raise Http404
    return _coding(request, draft, code_view)


# --- the report -----------------------------------------------------------------------------------


def _report_from(request) -> tuple[ReportForm, Report | None]:
    today = timezone.localdate()
    keys = {"van", "tot", "regeling"}
    if not keys & set(request.GET):
        form = ReportForm(today=today)
        return form, grounds_report(default_period(today))
    form = ReportForm(request.GET, today=today)
    if not form.is_valid():
        return form, None
    return form, grounds_report(form.cleaned_data["period"], form.cleaned_data.get("regeling") or None)


def _percent(value) -> str | None:
    """25.0 -> 25,0%, as in the report's tables; None stays None (the chart writes its `missing` text)."""
    return None if value is None else f"{value}".replace(".", ",") + "%"


def _report_charts(report) -> dict[str, Chart]:
    """The report's two bar charts: the share per scheme, and the categories named. The page has a
    table with the same figures after each (and more columns), so the charts link to those."""
    period = f"{report.period.first:%m-%Y} {_('tot en met')} {report.period.last:%m-%Y}"
    result = {}
    if report.per_scheme:
        objected = [row.objection_share for row in report.per_scheme]
        viewed = [row.view_share for row in report.per_scheme]
        result["shares"] = Chart(
            "grafiek-aandeel",
            _("Aandeel besluiten met bezwaar en ontwerpbesluiten met zienswijze, per regeling"),
            _(
                "Staafdiagram over %(period)s. Per regeling twee staven: het percentage besluiten waartegen bezwaar "
                "is gemaakt, en het percentage ontwerpbesluiten waarop een zienswijze kwam. De tabel hieronder geeft "
                "dezelfde cijfers."
            )
            % {"period": period},
            [row.scheme_code for row in report.per_scheme],
            [
                Series(_("Besluiten met bezwaar"), objected, [_percent(value) for value in objected]),
                Series(_("Ontwerpbesluiten met zienswijze"), viewed, [_percent(value) for value in viewed]),
            ],
            kind=BARS,
            missing=_("geen"),
            table_id="tabel-aandeel",
            draw_zeros=True,  # 0% is a finding
        )
    if report.category_totals:
        result["categories"] = Chart(
            "grafiek-gronden",
            _("Gronden per categorie: hoe vaak genoemd in bezwaren en in zienswijzen"),
            _(
                "Staafdiagram over %(period)s. Per categorie twee staven: het aantal gecodeerde bezwaren en het "
                "aantal gecodeerde zienswijzen dat deze categorie noemt. De tabel hieronder geeft dezelfde cijfers."
            )
            % {"period": period},
            [row.label for row in report.category_totals],
            [
                Series(_("Bezwaren"), [row.objections for row in report.category_totals]),
                Series(_("Zienswijzen"), [row.views for row in report.category_totals]),
            ],
            kind=BARS,
            missing=_("geen"),
            table_id="tabel-categorie",
            draw_zeros=True,
        )
    return result


@staff_verified_required
@require_GET
def report_page(request):
    _require_report(request)
    form, report = _report_from(request)
    context = {"form": form, "report": report, "csv_tables": CSV_TABLES}
    if report is not None:
        context["charts"] = _report_charts(report)
        context["query"] = request.GET.urlencode()
        context["scheme_name"] = selectors.scheme_names().get(report.scheme_code or "", "")
    return render(request, "grounds/report.html", context, status=200 if report is not None else 400)


def _text(value) -> str:
    """A text cell that a spreadsheet must not read as a formula."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def _share(value) -> str:
    return "" if value is None else str(value)


@staff_verified_required
@require_GET
def report_csv(request, table):
    _require_report(request)
    if table not in CSV_TABLES:
        raise Http404
    form, report = _report_from(request)
    if report is None:
        return render(request, "grounds/report.html", {"form": form, "report": None, "csv_tables": CSV_TABLES},
                      status=400)  # fmt: skip
    period = report.period
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="gronden-{table}-{period.first:%Y-%m}-{period.last:%Y-%m}.csv"'
    )
    response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    if table == "regelingen":
        writer.writerow([
            "maand", "regeling", "besluiten", "besluiten_met_bezwaar", "aandeel_met_bezwaar_procent", "bezwaren",
            "bezwaren_gecodeerd", "ontwerpbesluiten_met_reactiemoment", "ontwerpbesluiten_met_zienswijze",
            "aandeel_met_zienswijze_procent", "zienswijzen_gecodeerd", "bezwaren_opnieuw_bekijken",
            "zienswijzen_opnieuw_bekijken",
        ])  # fmt: skip
        for row in report.per_scheme_month:
            writer.writerow([
                f"{row.month:%Y-%m}", row.scheme_code, row.decisions, row.objected, _share(row.objection_share),
                row.objections, row.coded_objections, row.drafts, row.reacted, _share(row.view_share), row.coded_views,
                row.review_objections, row.review_views,
            ])  # fmt: skip
    elif table == "gronden":
        writer.writerow(
            ["maand", "regeling", "versie_regels", "categorie", "categorie_naam", "bezwaren", "zienswijzen"]
        )
        for row in report.per_category:
            writer.writerow([
                f"{row.month:%Y-%m}", row.scheme_code, row.rule_set_version, row.category, _text(row.label),
                row.objections, row.views,
            ])  # fmt: skip
    else:
        writer.writerow([
            "maand", "regeling", "tabel", "rij", "regel", "versie_tabel", "grondslag", "genoemd_in_bezwaren",
            "genoemd_in_zienswijzen", "besliste_mee_bij_bezwaren", "besliste_mee_bij_zienswijzen",
        ])  # fmt: skip
        for row in report.per_rule:
            writer.writerow([
                f"{row.month:%Y-%m}", row.scheme_code, row.table_id, row.row, _text(row.rule_id), row.table_version,
                _text(row.legal_basis), row.disputed_objections, row.disputed_views, row.decided_objections,
                row.decided_views,
            ])  # fmt: skip
    return response
