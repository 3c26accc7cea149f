"""Reads for quality sampling: the policy in force, a handler's experience, whether a case still
needs its review, and the statistics per handler and per scheme for the staff pages.
"""

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from schadeloket.decisions.models import Decision, DecisionKind

from .models import Review, ReviewOutcome, SamplingDecision, SamplingPolicy
from .rules import rule_labels


def policy_in_force(scheme_code: str, on: dt.date) -> SamplingPolicy | None:
    """The scheme's own policy valid on `on`, else the default policy valid then, else None."""
    valid = SamplingPolicy.objects.filter(valid_from__lte=on).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )
    for code in (scheme_code, ""):
        policy = valid.filter(scheme_code=code).order_by("-valid_from").first()
        if policy is not None:
            return policy
    return None


def earlier_decisions(handler, scheme_code: str, *, exclude_case=None) -> int:
    """How many final decisions this handler took before in this scheme (this case not counted).

    Why final decisions: a draft that was rejected or reworked is not experience the institute
    trusts yet; a new handler is reviewed until N of their decisions have actually been taken.
    """
    decisions = Decision.objects.filter(kind=DecisionKind.FINAL, decided_by=handler, case__scheme_code=scheme_code)
    if exclude_case is not None:
        decisions = decisions.exclude(case=exclude_case)
    return decisions.count()


def latest_sampling(case) -> SamplingDecision | None:
    return SamplingDecision.objects.filter(case=case).order_by("-id").first()


def review_required(case) -> bool:
    """True when the latest sampling decision asks for a review and no approval answered it yet.

    A return to the handler does not count as done: the handler reworks the draft, it is sampled
    again (a new SamplingDecision), and that one needs its own approval.
    """
    latest = latest_sampling(case)
    if latest is None or not latest.required:
        return False
    return not Review.objects.filter(sampling=latest, outcome=ReviewOutcome.APPROVED).exists()


def reviews_of(case) -> QuerySet:
    return Review.objects.filter(case=case).select_related("reviewer", "sampling").order_by("at", "id")


def _share(part: int, whole: int) -> Decimal | None:
    """A percentage with one decimal, or None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def _row(key, label, *, evaluated=0, sampled=0, approved=0, returned=0, reasons=None) -> dict:
    reviewed = approved + returned
    return {
        "key": key,
        "label": label,
        "evaluated": evaluated,
        "sampled": sampled,
        "share_sampled": _share(sampled, evaluated),
        "approved": approved,
        "returned": returned,
        "reviewed": reviewed,
        "return_rate": _share(returned, reviewed),
        "reasons": dict(reasons or {}),
    }


def sampling_statistics(
    *, scheme_code: str | None = None, handler=None, since: dt.date | None = None, until: dt.date | None = None
) -> dict:
    """Sampling figures per handler, per scheme and in total, as plain data for a staff page.

    Counted per sampling decision (a draft sampled again after a return counts again):
    `evaluated` drafts looked at by the rules, `sampled` of them to review, `share_sampled` in
    percent, `approved` and `returned` reviews of those drafts, `return_rate` = returned / reviewed
    in percent, and `reasons`: per rule code, how many sampled drafts it applied to (one draft can
    have several). The per-handler rows and the per-scheme rows each add up to the total.
    """
    decisions = SamplingDecision.objects.all()
    if scheme_code:
        decisions = decisions.filter(scheme_code=scheme_code)
    if handler is not None:
        decisions = decisions.filter(handler=handler)
    if since:
        decisions = decisions.filter(created_at__date__gte=since)
    if until:
        decisions = decisions.filter(created_at__date__lte=until)

    counts = {"handler": defaultdict(Counter), "scheme": defaultdict(Counter)}
    reasons = {"handler": defaultdict(Counter), "scheme": defaultdict(Counter)}
    handler_names = {}
    rows = decisions.values("handler_id", "handler__username", "scheme_code", "required", "rules")
    for row in rows.iterator(chunk_size=2000):
        keys = {"handler": row["handler_id"], "scheme": row["scheme_code"]}
        handler_names[row["handler_id"]] = row["handler__username"]
        for dimension, key in keys.items():
            counts[dimension][key]["evaluated"] += 1
            if row["required"]:
                counts[dimension][key]["sampled"] += 1
                reasons[dimension][key].update(row["rules"])

    reviews = (
        Review.objects.filter(sampling__in=decisions)
        .values("sampling__handler_id", "sampling__scheme_code")
        .annotate(
            approved=Count("id", filter=Q(outcome=ReviewOutcome.APPROVED)),
            returned=Count("id", filter=Q(outcome=ReviewOutcome.RETURNED)),
        )
    )
    for row in reviews:
        for dimension, key in (("handler", row["sampling__handler_id"]), ("scheme", row["sampling__scheme_code"])):
            counts[dimension][key]["approved"] += row["approved"]
            counts[dimension][key]["returned"] += row["returned"]

    def rows_for(dimension, label_of):
        return [
            _row(key, label_of(key), reasons=reasons[dimension][key], **counts[dimension][key])
            for key in sorted(counts[dimension], key=lambda k: (k is None, str(label_of(k))))
        ]

    total = Counter()
    total_reasons = Counter()
    for key, counter in counts["scheme"].items():
        total.update(counter)
        total_reasons.update(reasons["scheme"][key])
    return {
        "rule_labels": rule_labels(),
        "per_handler": rows_for("handler", lambda key: handler_names.get(key) or _("systeem")),
        "per_scheme": rows_for("scheme", lambda key: key),
        "total": _row("total", _("totaal"), reasons=total_reasons, **total),
    }
