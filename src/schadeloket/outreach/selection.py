"""The area a silent-victims campaign covers: a municipality, a postcode range, the core area, or a mix.

Why a module of its own: the form, the service and the build task must read a selection the same
way, and a selection that holds no address must be refused before anything is stored ("empty
area"). Municipality and postcode range are plain SQL filters on the address, so the building
query stays one set-based query at IMG scale. "Core area only" is decided per building from the
register's facts (`Facts.in_core_area`), since a core area can be a shape as well as postcodes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from schadeloket.cases.models import Case
from schadeloket.register.addresses.models import Address
from schadeloket.register.areas.models import AreaKind
from schadeloket.register.areas.selectors import areas_valid_on
from schadeloket.register.buildings.models import Building

PC4 = re.compile(r"^[1-9][0-9]{3}$")


class SelectionError(ValueError):
    """A selection that cannot be used; `messages` are Dutch, one per problem."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class AreaSelection:
    municipality: str = ""
    pc4_from: str = ""
    pc4_to: str = ""
    core_only: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.municipality or self.pc4_from or self.pc4_to or self.core_only)

    def address_filter(self, prefix: str = "") -> Q:
        """The SQL part of the selection, on Address (prefix "") or through a relation ("address__")."""
        condition = Q()
        if self.municipality:
            condition &= Q(**{f"{prefix}municipality": self.municipality})
        if self.pc4_from:
            condition &= Q(**{f"{prefix}pc4__gte": self.pc4_from})
        if self.pc4_to:
            condition &= Q(**{f"{prefix}pc4__lte": self.pc4_to})
        return condition

    def describe(self) -> str:
        """In words, for the campaign name and the page: "Eemsdelta, postcodes 9900-9999, kerngebied"."""
        parts = []
        if self.municipality:
            parts.append(self.municipality)
        if self.pc4_from or self.pc4_to:
            low, high = self.pc4_from or "1000", self.pc4_to or "9999"
            parts.append(_("postcodes %(low)s-%(high)s") % {"low": low, "high": high})
        if self.core_only:
            parts.append(_("alleen kerngebied"))
        return ", ".join(parts) or _("het hele effectgebied")


def clean_selection(*, municipality="", pc4_from="", pc4_to="", core_only=False, on_date=None) -> AreaSelection:
    """Check a selection; raise SelectionError with every problem (Dutch), or return it cleaned.

    Refused: no area at all, a postcode that is not four digits, a range that runs backwards, a
    municipality the register does not know, "core area" when no core area is in force, and a
    selection without a single address in the register (an empty area).
    """
    municipality = (municipality or "").strip()
    pc4_from = (pc4_from or "").strip().replace(" ", "")
    pc4_to = (pc4_to or "").strip().replace(" ", "")
    errors: list[str] = []
    selection = AreaSelection(municipality, pc4_from, pc4_to, bool(core_only))
    if selection.is_empty:
        raise SelectionError([_("Kies een gebied: een gemeente, postcodes of het kerngebied.")])
    for label, value in ((_("De eerste postcode"), pc4_from), (_("De laatste postcode"), pc4_to)):
        if value and not PC4.match(value):
            errors.append(
                _("%(label)s '%(value)s' is geen postcode van 4 cijfers. Schrijf bijvoorbeeld 9901.")
                % {"label": label, "value": value}
            )
    if not errors and pc4_from and pc4_to and pc4_from > pc4_to:
        errors.append(
            _("De postcodes lopen achteruit: %(low)s is hoger dan %(high)s. Zet de laagste postcode voorop.")
            % {"low": pc4_from, "high": pc4_to}
        )
    if municipality and not Address.objects.filter(municipality=municipality).exists():
        errors.append(
            _("De gemeente '%(name)s' staat niet in het register. Kies een gemeente uit de lijst.")
            % {"name": municipality}
        )
    if core_only and not any(area.kind == AreaKind.CORE for area in areas_valid_on(on_date or timezone.localdate())):
        errors.append(_("Er is nog geen kerngebied vastgelegd. Kies een gemeente of postcodes."))
    if errors:
        raise SelectionError(errors)
    if not Address.objects.filter(selection.address_filter()).exists():
        raise SelectionError(
            [_("In dit gebied staan geen adressen in het register. Kies een andere gemeente of andere postcodes.")]
        )
    return selection


def municipality_choices() -> list[str]:
    """Every municipality of the register, alphabetical (one index scan)."""
    return list(Address.objects.order_by("municipality").values_list("municipality", flat=True).distinct())


def candidate_buildings(selection: AreaSelection, scheme_code: str) -> QuerySet:
    """Buildings in the selection for which nobody applied for the scheme: one set-based query.

    "Applied" means any case of the scheme for the building, whatever its status: someone who was
    refused, or withdrew, knows the scheme and is not a silent victim of it.
    """
    applied = Case.objects.filter(building=OuterRef("pk"), scheme_code=scheme_code)
    return Building.objects.filter(selection.address_filter("address__")).filter(~Exists(applied))
