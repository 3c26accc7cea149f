"""Earthquakes from the KNMI catalogue and the ground velocity they caused at an address."""
