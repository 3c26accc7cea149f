"""Staff pages: the work area behind password plus TOTP."""
