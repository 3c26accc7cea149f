"""Samenloop: damage and reinforcement (NCG) on one building, domain facts §1.15."""
