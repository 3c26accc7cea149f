"""Public pages of the algorithm register (no login): the list, one page per algorithm, a JSON export.

Both the page and the export first note any table version not seen before (one query when
nothing changed), so the history is right even when no migrate ran after a rule change.
"""

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from . import selectors, services


@require_safe
def algorithm_list(request):
    return render(request, "algorithms/list.html", {"algorithms": selectors.algorithm_list()})


def _load(request, code: str):
    """(entry, history) for a known code written as the register writes it; raises UnknownAlgorithmError."""
    services.record_rule_versions()
    page_url = request.build_absolute_uri(reverse("algorithms:detail", args=[code]))
    json_url = request.build_absolute_uri(reverse("algorithms:json", args=[code]))
    return selectors.algorithm_detail(code, page_url=page_url, json_url=json_url)


@require_safe
def algorithm_detail(request, code):
    try:
        canonical = services.canonical_code(code)
    except services.UnknownAlgorithmError as error:
        return render(request, "algorithms/not_found.html", {"message": str(error)}, status=404)
    if canonical != code:
        return redirect("algorithms:detail", code=canonical, permanent=True)
    entry, history = _load(request, canonical)
    versions = [{"source": source, "versions": history.get(source.table_id, [])} for source in entry.sources]
    return render(
        request,
        "algorithms/detail.html",
        {"entry": entry, "field_groups": entry.field_groups(), "versions": versions},
    )


@require_safe
def algorithm_json(request, code):
    try:
        canonical = services.canonical_code(code)
    except services.UnknownAlgorithmError as error:
        return JsonResponse({"fout": str(error)}, status=404, json_dumps_params={"ensure_ascii": False})
    if canonical != code:
        return redirect("algorithms:json", code=canonical, permanent=True)
    entry, history = _load(request, canonical)
    return JsonResponse(
        services.publication_dict(entry, history), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
