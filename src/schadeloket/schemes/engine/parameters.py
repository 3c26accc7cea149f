"""Named parameters of the schemes: amounts, thresholds and dates, each with its source and status.

Why: the domain facts leave some values unknown ("not found"). Such a value is never guessed in
silence: it is a `Parameter` with status PLACEHOLDER or UNDECIDED, listed in
docs/open-questions.md and shown as such in the algorithm register. A policy simulation may
override parameters (`--set name=value`); `ParameterSet.with_overrides` checks the name, the type
and the range, and says in Dutch what is wrong.
"""

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum


class Status(StrEnum):
    CONFIRMED = "confirmed"  # from a dated public source
    PLACEHOLDER = "placeholder"  # source not found: a marked stand-in value, see open questions
    UNDECIDED = "undecided"  # the scheme itself is not yet defined in public; switched off


@dataclass(frozen=True)
class Parameter:
    name: str
    value: object
    description: str
    source: str
    status: Status = Status.CONFIRMED
    unit: str = ""
    minimum: object = None
    maximum: object = None

    def parse(self, text: str):
        """Parse a new value of this parameter's type from text, checking the range."""
        kind = type(self.value)
        try:
            if kind is bool:
                lowered = text.strip().lower()
                if lowered not in {"true", "false", "ja", "nee", "1", "0"}:
                    raise ValueError
                value = lowered in {"true", "ja", "1"}
            elif kind is Decimal:
                value = Decimal(text.strip().replace(",", "."))
                if not value.is_finite():
                    raise ValueError
            elif kind is int:
                value = int(text.strip())
            elif kind is float:
                value = float(text.strip().replace(",", "."))
            elif kind is dt.date:
                value = dt.date.fromisoformat(text.strip())
            else:
                value = text
        except (ValueError, InvalidOperation):
            expected = TYPE_WORDS.get(kind, kind.__name__)
            message = f"De waarde '{text}' past niet bij parameter '{self.name}': verwacht {expected}."
            raise ParameterError(message) from None
        if self.minimum is not None and value < self.minimum:
            raise ParameterError(f"Parameter '{self.name}' mag niet lager zijn dan {self.minimum}.")
        if self.maximum is not None and value > self.maximum:
            raise ParameterError(f"Parameter '{self.name}' mag niet hoger zijn dan {self.maximum}.")
        return value


TYPE_WORDS = {
    Decimal: "een bedrag of getal, zoals 10000 of 2,5",
    int: "een heel getal",
    float: "een getal",
    bool: "ja of nee",
    dt.date: "een datum als 2025-01-31",
}


class ParameterError(ValueError):
    """An unknown parameter or a value of the wrong type or outside its range (message in Dutch)."""


class ParameterSet:
    """The parameters of one scheme, by name; immutable, overrides give a new set."""

    def __init__(self, parameters: list[Parameter]):
        self._by_name = {p.name: p for p in parameters}
        self._context = {name: p.value for name, p in self._by_name.items()}  # immutable set: computed once

    def __getitem__(self, name: str):
        return self._by_name[name].value

    def __iter__(self):
        return iter(self._by_name.values())

    def __contains__(self, name: str) -> bool:
        return name in self._by_name

    def get(self, name: str) -> Parameter:
        return self._by_name[name]

    def as_context(self) -> dict:
        """Name → value, a new dict each time (a scheme decides millions of times in a simulation)."""
        return dict(self._context)

    def with_overrides(self, overrides: dict[str, str]) -> "ParameterSet":
        changed = dict(self._by_name)
        for name, text in overrides.items():
            if name not in changed:
                known = ", ".join(sorted(changed)) or "geen"
                raise ParameterError(f"Parameter '{name}' bestaat niet in deze regeling. Bekende parameters: {known}.")
            changed[name] = replace(changed[name], value=changed[name].parse(text))
        return ParameterSet(list(changed.values()))
