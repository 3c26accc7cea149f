"""AVV: the supplementary fixed payment (aanvullende vaste vergoeding), domain facts §1.2."""
