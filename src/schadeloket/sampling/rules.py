"""The sampling rules themselves, free of the database: given a policy's values and the facts of one
draft decision, say whether a reviewer must look at it and why, in plain Dutch.

Why pure functions: an auditor must be able to re-derive every outcome from what is stored (the
policy snapshot, the amount, the deviation flag, the handler's earlier decisions, the case
reference). Nothing here reads the clock, the database or `random`.

The random share is a lottery without chance: the lot of a case is the SHA-256 hash of
"<seed>:<case reference>", its first eight bytes read as a big-endian number, modulo 10,000. A case
is drawn when its lot is below the share in hundredths of a percent (5.00% -> lots 0 to 499).
Anyone with the policy's seed can recompute the lot with `draw()` or a one-line shell command.
"""

import hashlib
import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from schadeloket.schemes.engine.explain import euro

LOTS = 10_000


class Rule:
    """Codes of the rules, stored with each sampling decision so statistics can count them."""

    NO_POLICY = "no_policy"
    AMOUNT = "amount"
    DEVIATION = "deviation"
    NEW_HANDLER = "new_handler"
    RANDOM = "random"


def rule_labels() -> dict[str, str]:
    """Short Dutch names of the rules, for the statistics page."""
    return {
        Rule.NO_POLICY: _("geen beleid van kracht"),
        Rule.AMOUNT: _("hoog bedrag"),
        Rule.DEVIATION: _("afwijking van de regels"),
        Rule.NEW_HANDLER: _("nieuwe behandelaar"),
        Rule.RANDOM: _("loting"),
    }


@dataclass(frozen=True)
class PolicyValues:
    """The values of a sampling policy as they were applied: stored with every sampling decision."""

    amount_threshold: Decimal
    review_deviations: bool
    new_handler_count: int
    random_share: Decimal  # percent, two places
    seed: str

    def as_dict(self) -> dict:
        data = asdict(self)
        data["amount_threshold"] = str(self.amount_threshold)
        data["random_share"] = str(self.random_share)
        return data

    def version(self) -> str:
        """A short content hash: two decisions with the same version were sampled by the same values."""
        canonical = json.dumps(self.as_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()[:12]

    @property
    def lot_limit(self) -> int:
        """Lots below this number are drawn (5.00% -> 500)."""
        return int((self.random_share * LOTS / 100).to_integral_value())


@dataclass(frozen=True)
class SamplingResult:
    required: bool
    reasons: list[str]
    rules: list[str] = field(default_factory=list)
    lot: int | None = None


def draw(reference: str, seed: str) -> int:
    """The lot (0 to 9,999) of a case under a seed; the same inputs always give the same lot."""
    digest = hashlib.sha256(f"{seed}:{reference}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % LOTS


def no_policy() -> SamplingResult:
    """Without a policy in force we do not guess: the decision is reviewed."""
    return SamplingResult(
        required=True,
        reasons=[_("Er is geen toetsingsbeleid van kracht voor deze regeling. Daarom toetsen we dit besluit.")],
        rules=[Rule.NO_POLICY],
    )


def evaluate(
    values: PolicyValues,
    *,
    reference: str,
    amount: Decimal,
    deviates: bool,
    earlier_decisions: int | None,
) -> SamplingResult:
    """Apply the risk rules, then the lottery to the rest.

    `earlier_decisions` is how many final decisions the handler made before in this scheme, or None
    when no person prepared the decision (then the new-handler rule cannot apply).
    """
    reasons, rules = [], []
    if amount > values.amount_threshold:
        rules.append(Rule.AMOUNT)
        reasons.append(
            _("Het bedrag van %(amount)s is hoger dan %(threshold)s. Boven dat bedrag toetsen we altijd.")
            % {"amount": euro(amount), "threshold": euro(values.amount_threshold)}
        )
    if values.review_deviations and deviates:
        rules.append(Rule.DEVIATION)
        reasons.append(_("De behandelaar wijkt af van de uitkomst van de regels. Dan toetsen we altijd."))
    if earlier_decisions is not None and earlier_decisions < values.new_handler_count:
        rules.append(Rule.NEW_HANDLER)
        reasons.append(
            _(
                "De behandelaar heeft voor deze regeling pas %(done)s besluiten genomen. "
                "De eerste %(count)s besluiten van een nieuwe behandelaar toetsen we altijd."
            )
            % {"done": earlier_decisions, "count": values.new_handler_count}
        )
    lot = draw(reference, values.seed)
    if rules:
        return SamplingResult(required=True, reasons=reasons, rules=rules, lot=lot)
    share = f"{values.random_share.normalize():f}".replace(".", ",")
    if lot < values.lot_limit:
        reasons.append(
            _(
                "Dit besluit is door loting gekozen: lotnummer %(lot)s is lager dan %(limit)s. "
                "Zo toetsen we %(share)s%% van de overige besluiten."
            )
            % {"lot": lot, "limit": values.lot_limit, "share": share}
        )
        return SamplingResult(required=True, reasons=reasons, rules=[Rule.RANDOM], lot=lot)
    reasons.append(
        _(
            "Geen toetsing nodig: geen van de risicoregels geldt, en lotnummer %(lot)s is niet lager "
            "dan %(limit)s (we toetsen %(share)s%% van de overige besluiten)."
        )
        % {"lot": lot, "limit": values.lot_limit, "share": share}
    )
    return SamplingResult(required=False, reasons=reasons, rules=[], lot=lot)
