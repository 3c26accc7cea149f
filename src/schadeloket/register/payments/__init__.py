"""Every earlier compensation by NAM, CVW, TCMG, IMG or another payer, per building."""
