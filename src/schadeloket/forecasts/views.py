"""The forecast page (/medewerkers/prognose/, manager and admin): backlog projection per scheme, the
queue, capacity, and the contractors' workload for repair. Thin views: forms check the input in
Dutch, `services` writes, `selectors` computes, `schadeloket.charts` draws.

Bad input (an unknown scheme, a horizon outside 1..104 weeks, a capacity of 0 or less) gives the
page with a Dutch message and status 400, and no chart: a chart of wrong input would mislead.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from schadeloket.accounts.decorators import staff_verified_required
from schadeloket.cases.selectors import user_roles
from schadeloket.charts import STACKED, Chart, Series

from . import selectors
from .forms import CapacityForm, ForecastFilterForm
from .parameters import DEFAULT_HORIZON_WEEKS, DEFAULT_WEEKLY_CAPACITY, REPAIR_START_LEAD_WEEKS
from .selectors import ForecastError
from .services import set_capacity
from .tasks import refresh_queue_positions_task

#: Who sees and steers the forecasts: management information, no case work.
FORECAST_ROLES = frozenset({"manager", "admin"})


def _require(request) -> None:
    if not user_roles(request.user) & FORECAST_ROLES:
        raise PermissionDenied


def _week_label(day) -> str:
    return _("wk %(number)s") % {"number": day.isocalendar().week}


def _stock_chart(chosen, weeks: int) -> Chart:
    """The chosen scheme's expected queue, week by week; the page's "prognose-tabel" has the figures."""
    return Chart(
        "voorraad",
        _("Verwachte voorraad %(code)s per week") % {"code": chosen.scheme_code},
        _(
            "Lijn van de verwachte aanvragen in de rij voor %(code)s, week na week: nu %(stock)s, na %(weeks)s weken "
            "%(end)s. De tabel onder de grafiek geeft de getallen."
        )
        % {"code": chosen.scheme_code, "stock": chosen.stock, "weeks": weeks, "end": chosen.stock_at_end},
        [_week_label(week.week) for week in chosen.weeks],
        [Series(_("In de rij aan het eind"), [week.stock for week in chosen.weeks])],
        caption=_("Verwachte aanvragen in de rij aan het eind van elke week (week = weeknummer)."),
        table_id="prognose-tabel",
        draw_zeros=True,  # an empty queue is a forecast too
    )


def _workload_chart(workload) -> Chart:
    """Repairs expected to start per week, granted below expected; the page's "aannemers-tabel" has the figures."""
    return Chart(
        "herstel",
        _("Herstelklussen die naar verwachting beginnen, per week"),
        _(
            "Staafdiagram per week: het donkere deel zijn toegekende herstelklussen, het gearceerde deel open "
            "aanvragen die dan mogelijk worden toegekend. De tabel onder de grafiek geeft de getallen."
        ),
        [_week_label(week.week) for week in workload.weeks],
        [
            Series(_("Toegekend"), [week.granted for week in workload.weeks]),
            Series(_("Verwacht (als toegekend)"), [week.expected for week in workload.weeks]),
        ],
        kind=STACKED,
        caption=_("Herstelklussen die per week beginnen (week = weeknummer)."),
        table_id="aannemers-tabel",
        draw_zeros=True,
    )


def _context(scheme_code: str, weeks: int) -> dict:
    today = timezone.localdate()
    all_projections = selectors.projections(today=today, horizon=weeks)
    chosen = next((p for p in all_projections if p.scheme_code == scheme_code), None)
    context = {
        "projections": all_projections,
        "chosen": chosen,
        "weeks": weeks,
        "run": selectors.latest_run(),
        "capacity_history": selectors.capacity_history(scheme_code),
        "default_capacity": DEFAULT_WEEKLY_CAPACITY,
    }
    if chosen is not None:
        context["stock_chart"] = _stock_chart(chosen, weeks)
    workload = selectors.contractor_workload(today=today, horizon=weeks)
    context["workload"] = workload
    context["workload_chart"] = _workload_chart(workload)
    context["lead_weeks"] = REPAIR_START_LEAD_WEEKS
    return context


def _render(request, *, filter_form, capacity_form, status=200):
    context = {"filter_form": filter_form, "capacity_form": capacity_form}
    if filter_form.is_valid():
        scheme_code, weeks = filter_form.values()
        context.update(_context(scheme_code, weeks))
    else:
        status = 400
    return render(request, "forecasts/forecast.html", context, status=status)


@staff_verified_required
@require_GET
def forecast_page(request):
    _require(request)
    data = request.GET.copy()  # the defaults show as chosen, what was typed stays as typed
    data.setdefault("scheme", "AVV")
    data.setdefault("weeks", str(DEFAULT_HORIZON_WEEKS))
    filter_form = ForecastFilterForm(data)
    scheme = data["scheme"] or "AVV"
    return _render(request, filter_form=filter_form, capacity_form=CapacityForm(initial={"scheme": scheme}))


@staff_verified_required
@require_POST
def capacity_change(request):
    _require(request)
    form = CapacityForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            set_capacity(
                data["scheme"], decisions_per_week=data["decisions_per_week"], valid_from=data["valid_from"],
                note=data["note"], actor=request.user,
            )  # fmt: skip
        except ForecastError as error:
            form.add_error(None, str(error))
        else:
            refresh_queue_positions_task.delay(actor=request.user.get_username())
            messages.success(
                request,
                _("De capaciteit is opgeslagen. De plaatsen in de rij worden opnieuw berekend."),
            )
            return redirect(f"{reverse('forecasts:page')}?scheme={data['scheme']}#capaciteit")
    scheme = request.POST.get("scheme", "")
    filter_form = ForecastFilterForm(
        {"scheme": scheme if form.fields["scheme"].valid_value(scheme) else "AVV", "weeks": DEFAULT_HORIZON_WEEKS}
    )
    return _render(request, filter_form=filter_form, capacity_form=form, status=400)


@staff_verified_required
@require_POST
def refresh(request):
    _require(request)
    refresh_queue_positions_task.delay(actor=request.user.get_username())
    messages.success(request, _("De plaatsen in de rij worden opnieuw berekend."))
    return redirect("forecasts:page")
