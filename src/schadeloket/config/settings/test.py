"""Settings for `make test`: like dev, with a fast password hasher and demo mode off by default."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-insecure-key")

from .dev import *  # noqa: E402,F403
from .dev import env  # noqa: E402

DEBUG = False
DEMO_MODE = env.bool("DEMO_MODE", default=False)
DIGID_DEMO_LOGIN = env.bool("DIGID_DEMO_LOGIN", default=False)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
