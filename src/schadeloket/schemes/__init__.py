"""Schemes as executable, published rules: DMN decision tables per scheme, with traces.

`engine/` loads and evaluates decision tables; each scheme has its own package with its DMN
files, its parameters and its explanation texts.
"""
