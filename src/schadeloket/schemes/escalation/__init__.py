"""Escalatieroutes: Interventieteam, Commissie Bijzondere Situaties and Knelpuntenpot, domain facts §1.14."""
