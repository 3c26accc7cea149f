"""All schemes, loaded once at start-up. A broken table stops the start with the file and row named."""

from functools import cache
from importlib import import_module

from .engine.scheme import Scheme

SCHEME_CLASSES = (
    "schadeloket.schemes.ves.scheme.VES",
    "schadeloket.schemes.avv.scheme.AVV",
    "schadeloket.schemes.repair.scheme.HEA",
    "schadeloket.schemes.repair.scheme.HIN",
    "schadeloket.schemes.maatwerk.scheme.Maatwerk",
    "schadeloket.schemes.value_loss.scheme.ValueLossHomes",
    "schadeloket.schemes.value_loss.scheme.ValueLossNonHomes",
    "schadeloket.schemes.sustainable_repair.scheme.SustainableRepair",
    "schadeloket.schemes.immaterial_damage.scheme.ImmaterialDamageAdult",
    "schadeloket.schemes.immaterial_damage.scheme.ImmaterialDamageChild",
    "schadeloket.schemes.manure_cellar.scheme.ManureCellar",
    "schadeloket.schemes.assistance_costs.scheme.AssistanceCosts",
    "schadeloket.schemes.aos.scheme.AOS",
    "schadeloket.schemes.escalation.scheme.Escalation",
    "schadeloket.schemes.concurrence.scheme.Concurrence",
    "schadeloket.schemes.repeat_payment.scheme.RepeatPayment",
    "schadeloket.schemes.nuisance_payment.scheme.NuisancePayment",
)


class UnknownSchemeError(KeyError):
    def __init__(self, code: str):
        self.code = code
        super().__init__(code)

    def __str__(self) -> str:
        known = ", ".join(s.code for s in all_schemes())
        return f"Regeling '{self.code}' bestaat niet. Bekende regelingen: {known}."


@cache
def all_schemes() -> tuple[Scheme, ...]:
    schemes = []
    for dotted in SCHEME_CLASSES:
        module_name, class_name = dotted.rsplit(".", 1)
        schemes.append(getattr(import_module(module_name), class_name)())
    return tuple(schemes)


def get_scheme(code: str) -> Scheme:
    for scheme in all_schemes():
        if scheme.code.lower() == str(code).lower():
            return scheme
    raise UnknownSchemeError(code)
