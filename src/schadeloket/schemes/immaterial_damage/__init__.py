"""Immateriële schade (IMS): fixed amounts for adults and for children, domain facts §1.10."""
