"""Daadwerkelijk herstel: repair by one's own contractor (HEA) or an IMG contractor (HIN), domain facts §1.3."""
