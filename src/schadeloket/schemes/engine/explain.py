"""Outcomes in words: plain Dutch (B1) for the applicant, and the technical trace for staff.

The applicant reads what they get (or why not) and, step by step, why: one short sentence per
condition and per amount. The case handler and the auditor read which table, which version,
which rows and which inputs decided.
"""

from decimal import Decimal

from .scheme import Outcome


def euro(amount: Decimal) -> str:
    """`€ 4.200` or `€ 4.200,50`: the Dutch way of writing money."""
    quantized = Decimal(amount).quantize(Decimal("0.01"))
    whole, _sep, cents = f"{quantized:,.2f}".partition(".")
    whole = whole.replace(",", ".")
    return f"€ {whole}" if cents == "00" else f"€ {whole},{cents}"


def explain_for_applicant(outcome: Outcome) -> str:
    """For example: "U krijgt € 10.000. Dat komt zo: ..."."""
    lines = []
    # Repair pays the contractor, not the applicant: say who gets the money from the first line on.
    receives = "Het IMG betaalt de aannemer" if getattr(outcome, "paid_to", "") == "aannemer" else "U krijgt"
    if outcome.open is False:
        lines.append(f"U komt nu niet in aanmerking voor de regeling {outcome.scheme_name}.")
    elif outcome.open is None:
        lines.append(f"Of u in aanmerking komt voor de regeling {outcome.scheme_name}, hangt af van een paar vragen.")
    elif outcome.amount is not None and outcome.amount_max is not None and outcome.amount_max != outcome.amount:
        lines.append(f"{receives} tussen {euro(outcome.amount)} en {euro(outcome.amount_max)}.")
    elif outcome.amount_max is not None and outcome.amount is None:
        lines.append(f"{receives} tot {euro(outcome.amount_max)}.")
    elif outcome.amount is not None:
        lines.append(f"{receives} {euro(outcome.amount)}.")
    else:
        lines.append(f"U komt in aanmerking voor de regeling {outcome.scheme_name}.")
    steps = [c.text for c in outcome.conditions if c.met is False] if outcome.open is False else []
    steps += [f"Nog niet bekend: {c.text}" for c in outcome.conditions if c.met is None]
    if outcome.open is not False:
        steps += list(outcome.reasons)
    if steps:
        lines.append("Dat komt zo:")
        lines.extend(f"- {step}" for step in steps)
    return "\n".join(lines)


def explain_for_staff(outcome: Outcome) -> str:
    """The technical trace: per table its version, inputs, matched rows with legal basis, outputs."""
    lines = [f"Regeling {outcome.scheme} ({outcome.scheme_name})"]
    for trace in outcome.traces:
        lines.append(f"Tabel {trace.table_id} ({trace.file}, versie {trace.version[:12]})")
        lines.append("  invoer: " + ", ".join(f"{k}={v!r}" for k, v in trace.inputs.items()))
        if not trace.matched_rows:
            lines.append("  geen rij van toepassing")
        for match in trace.matched_rows:
            basis = match.legal_basis.text + (f" <{match.legal_basis.url}>" if match.legal_basis.url else "")
            lines.append(f"  rij {match.number}: {basis}")
        lines.append("  uitvoer: " + ", ".join(f"{k}={v!r}" for k, v in trace.outputs.items()))
    if outcome.parameters:
        lines.append("Parameters: " + ", ".join(f"{k}={v!r}" for k, v in outcome.parameters.items()))
    return "\n".join(lines)
