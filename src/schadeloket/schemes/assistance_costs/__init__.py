"""Bouwkundige en financiële bijstand: help with the reaction to the advice report, domain facts §1.12."""
