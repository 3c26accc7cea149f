"""Maatwerk: cause-based financial compensation (schadevergoeding op maat), domain facts §1.7 and §1.5."""
