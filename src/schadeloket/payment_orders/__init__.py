"""Payment orders: every granting decision is paid exactly once, to the applicant, NCG or a contractor."""
