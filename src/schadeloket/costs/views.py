"""Cost pages: recording and correcting time on a case (staff who work on cases) and the cost
overview (manager, admin).

Thin views: access checks and forms here, the writes in `services.record_time` and
`services.correct_time`, the figures from `selectors`. A refused entry or correction is shown in Dutch
next to the form with status 400 (403 when this user may not correct it), with what was typed.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schadeloket.accounts.decorators import staff_verified_required
from schadeloket.cases.selectors import user_roles
from schadeloket.casework.selectors import CASE_ROLES, case_by_reference
from schadeloket.schemes.registry import all_schemes

from . import selectors
from .forms import CorrectionForm, PeriodForm, TimeEntryForm
from .models import HourlyRate, TimeEntry, role_label
from .parameters import ANNUAL_REFERENCE, DEMO_DEFAULT_RATE, DEMO_HOURLY_RATES, DEMO_RATE_LABEL
from .services import CorrectionRefused, CostError, correct_time, record_time, recordable_roles

#: Who sees the cost overview: management figures, not case work.
OVERVIEW_ROLES = frozenset({"manager", "admin"})


def _case_for_staff(request, reference):
    """The case, after the case work pages' own check: this user works on cases (contractors do not)."""
    if not user_roles(request.user) & CASE_ROLES:
        raise PermissionDenied
    case = case_by_reference(reference)
    if case is None:
        raise Http404
    return case


@staff_verified_required
@require_http_methods(["GET", "POST"])
def record_time_page(request, reference):
    case = _case_for_staff(request, reference)
    roles = recordable_roles(request.user)
    status = 200
    if request.method == "POST":
        form = TimeEntryForm(request.POST, roles=roles)
        if form.is_valid():
            try:
                record_time(case, staff=request.user, **form.cleaned_data)
            except CostError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("De tijd is vastgelegd."))
                return redirect("costs:record-time", reference=case.reference)
        status = 400
    else:
        form = TimeEntryForm(roles=roles)
    entries = list(selectors.time_entries_of(case))
    corrected = selectors.corrected_ids(entries)
    context = {
        "case": case,
        "form": form,
        "entries": entries,
        "corrected": corrected,
        "correctable": selectors.correctable_ids(request.user, entries, corrected),
        "figures": selectors.case_costs(case),
    }
    return render(request, "costs/record_time.html", context, status=status)


@staff_verified_required
@require_http_methods(["GET", "POST"])
def correct_time_page(request, reference, public_id):
    """One entry and the form to correct it. An entry of another case is named as such (it is not a
    secret: anyone here may open every case), not a 404, so a wrong link is understood."""
    case = _case_for_staff(request, reference)
    entry = TimeEntry.objects.select_related("staff", "case").filter(public_id=public_id).first()
    if entry is None:
        raise Http404
    status, problem, form = 200, None, None
    if request.method == "POST":
        form = CorrectionForm(request.POST, entry=entry)
        refusal = selectors.correction_refusal(request.user, entry) if entry.case_id == case.pk else None
        if refusal:  # said first: fixing the input would not help
            form.add_error(None, refusal)
            status = 403
        elif form.is_valid():
            try:
                correct_time(case, entry, by=request.user, **form.cleaned_data)
            except CostError as error:
                form.add_error(None, str(error))
                status = 403 if isinstance(error, CorrectionRefused) else 400
            else:
                messages.success(request, _("De correctie is vastgelegd."))
                return redirect("costs:record-time", reference=case.reference)
        else:
            status = 400
    elif entry.case_id != case.pk:
        problem, status = _("Deze regel hoort niet bij zaak %(reference)s.") % {"reference": case.reference}, 400
    else:
        problem = selectors.correction_refusal(request.user, entry)
        if problem:
            status = 403
        else:
            form = CorrectionForm(entry=entry)
    context = {"case": case, "entry": entry, "form": form, "problem": problem}
    return render(request, "costs/correct_time.html", context, status=status)


def _scheme_names() -> dict[str, str]:
    return {scheme.code: scheme.name for scheme in all_schemes()}


@staff_verified_required
@require_http_methods(["GET"])
def cost_overview(request):
    if not user_roles(request.user) & OVERVIEW_ROLES:
        raise PermissionDenied
    form = PeriodForm(request.GET)
    rows, total, demo_roles, status, period = [], None, [], 200, None
    if not form.is_valid():
        status = 400
    else:
        period = form.cleaned_data
        rates = selectors.RateTable()
        figures = selectors.scheme_costs(start=period["start"], end=period["end"], rates=rates)
        names = _scheme_names()
        rows = [{"code": code, "name": names.get(code, code), "figures": value} for code, value in figures.items()]
        total = selectors.total_of(figures)
        demo_roles = sorted(rates.used_demo)
        form = PeriodForm(initial=period)
    reference = ANNUAL_REFERENCE
    context = {
        "form": form,
        "period": period,
        "rows": rows,
        "total": total,
        "demo_roles": [(role_label(code), DEMO_HOURLY_RATES.get(code, DEMO_DEFAULT_RATE)) for code in demo_roles],
        "demo_label": DEMO_RATE_LABEL,
        "rates": HourlyRate.objects.order_by("role", "-valid_from"),
        "reference": reference,
        "reference_per_euro": (reference["costs"] / reference["paid"]).quantize(selectors.CENT),
    }
    return render(request, "costs/overview.html", context, status=status)
