"""Benchmarks of Schadeloket, run with `make bench` (`python -m bench`).

Each benchmark prints its figures next to a baseline measured in the same run (so a slow machine
shows up as a slow baseline, not as a regression) and writes them to `bench/results/<name>.json`.
"""
