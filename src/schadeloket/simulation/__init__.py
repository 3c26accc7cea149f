"""Policy simulation: a scheme, current and changed, over the whole register, side by side."""
