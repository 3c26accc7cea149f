"""VES: the fixed one-off payment (vaste vergoeding), domain facts §1.1."""
