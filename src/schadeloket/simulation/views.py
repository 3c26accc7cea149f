"""Staff page for the policy simulation (managers and administrators)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from schadeloket.accounts.decorators import staff_verified_required
from schadeloket.schemes.engine.explain import euro

from .forms import SimulationForm
from .services import simulate

#: No permission of the existing roles fits "run a policy simulation", and this app has no models
#: to hang one on: the roles Manager and Beheerder (groups, see accounts.roles) and superusers may.
ALLOWED_GROUPS = ("Manager", "Beheerder")


def may_simulate(user) -> bool:
    return user.is_superuser or user.groups.filter(name__in=ALLOWED_GROUPS).exists()


@staff_verified_required
def simulation(request):
    """POST runs the simulation synchronously (for the big register this becomes a Celery task)."""
    if not may_simulate(request.user):
        raise PermissionDenied
    result = None
    if request.method == "POST":
        form = SimulationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            result = simulate(data["scheme"], data["parsed_overrides"], data["on_date"])
    else:
        form = SimulationForm()
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    lines = [_row(line) for line in result.lines()] if result else []
    return render(request, "simulation/index.html", {"form": form, "result": result, "lines": lines}, status=status)


def _row(line) -> dict:
    cost = line.cost_difference
    return {
        "group": line.group,
        "label": line.label,
        "current": line.current,
        "changed": line.changed,
        "current_cost": euro(line.current.cost),
        "changed_cost": euro(line.changed.cost),
        "eligible_difference": f"{line.eligible_difference:+d}" if line.eligible_difference else "0",
        "cost_difference": ("+" if cost > 0 else "-" if cost < 0 else "") + euro(abs(cost)),
    }
