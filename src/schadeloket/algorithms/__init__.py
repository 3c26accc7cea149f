"""The public algorithm register: every scheme (and the ground-motion model) as an entry of the
Dutch algorithm register's publication standard, with its decision tables, parameters and the
version history of its rules."""
