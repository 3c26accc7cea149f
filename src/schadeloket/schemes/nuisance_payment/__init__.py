"""Vaste overlastvergoeding: a fixed nuisance payment, domain facts §1.5: not yet defined in public."""
