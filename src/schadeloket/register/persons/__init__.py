"""Persons in the register. The BSN is stored encrypted, found by a keyed hash, shown masked."""
