"""Staff accounts: the user model, roles as groups with permissions, login with password plus TOTP."""
