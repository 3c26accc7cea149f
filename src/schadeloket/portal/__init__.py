"""Public and applicant pages: the start page now; Mijn Dossier, intake and planning later."""
