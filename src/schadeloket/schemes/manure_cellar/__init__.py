"""Mestkelders: damage to manure cellars in the 10 mm/s area, domain facts §1.11."""
