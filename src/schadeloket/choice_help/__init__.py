"""Keuzehulp: for an address (and, later in the intake, a person) every scheme side by side."""
