"""AOS: acute unsafe situation (acuut onveilige situatie), domain facts §1.13."""
