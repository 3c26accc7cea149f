"""Settings split by environment: base (shared), dev (make run), test (make test), production."""
