"""The central register (CRI): persons, addresses, buildings, areas, earthquakes, prior payments.

Each concept is its own Django app below this package, so a newcomer finds a thing by its name.
"""
