"""Addresses in the register, with BAG-style identifiers and coordinates in RD New and WGS84."""
