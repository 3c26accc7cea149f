"""Reads for the choice help: find the address and its buildings by postcode and house number."""

from schadeloket.register.addresses.models import Address
from schadeloket.register.buildings.models import Building


def find_address(*, postcode: str, house_number: int, house_letter: str = "", addition: str = "") -> Address | None:
    """The address with exactly this postcode (1234AB), number, letter and addition; None when unknown.

    Letter and addition compare case-insensitively, as people type them either way.
    """
    return (
        Address.objects.filter(
            postcode=postcode,
            house_number=house_number,
            house_letter__iexact=house_letter,
            house_number_addition__iexact=addition,
        )
        .order_by("id")
        .first()
    )


def buildings_at(address: Address) -> list[Building]:
    """The buildings and objects of an address, the main building (home first) first."""
    order = {"home": 0, "non_residential": 1, "farm_building": 2, "small_object": 3}
    return sorted(
        Building.objects.filter(address=address).select_related("address"), key=lambda b: (order.get(b.kind, 9), b.id)
    )
