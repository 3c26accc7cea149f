"""Decisions on cases: the draft from the rules, a human deviation with its reason, the zienswijze
period, the final decision and its letter (PDF/A, stored with a checksum)."""
