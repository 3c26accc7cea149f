"""Aanvragen: one guided intake for every scheme, for a resident logged in with DigiD (under /aanvragen/)."""
