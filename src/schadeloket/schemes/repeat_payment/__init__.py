"""VHV: the fixed repeat payment (vaste herhaalvergoeding), domain facts §1.4: not yet defined in public."""
