"""Management information: the weekly report for staff and the public dashboard (docs/reporting.md)."""
