"""The public choice help: a what-if view per address, without login and without personal data."""

from django.shortcuts import render
from django.utils import timezone

from .forms import AddressForm
from .selectors import buildings_at, find_address
from .services import options_for


def choice_help(request):
    """GET only: the postcode and house number may be in the address bar; nothing personal is shown."""
    context = {"form": AddressForm(), "searched": False}
    if any(request.GET.get(name) for name in ("postcode", "house_number")):
        form = AddressForm(request.GET)
        context.update(form=form, searched=True)
        if form.is_valid():
            data = form.cleaned_data
            address = find_address(
                postcode=data["postcode"],
                house_number=data["house_number"],
                house_letter=data["house_letter"],
                addition=data["addition"],
            )
            context["address"] = address
            if address is not None:
                on_date = timezone.localdate()
                context["on_date"] = on_date
                buildings = buildings_at(address)
                level = 4 if len(buildings) > 1 else 3  # under a heading per building when there are several
                context["results"] = [
                    {"building": building, "options": options_for(building=building, on_date=on_date), "level": level}
                    for building in buildings
                ]
    status = 400 if context["searched"] and not context["form"].is_valid() else 200
    return render(request, "choice_help/index.html", context, status=status)
