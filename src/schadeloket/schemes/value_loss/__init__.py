"""Waardedaling: value loss of homes (domain facts §1.8) and of non-homes (§1.9)."""
