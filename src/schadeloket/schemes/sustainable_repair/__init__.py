"""Duurzaam herstel: sustainable repair of a structural defect, started by the institute, domain facts §1.6."""
