"""Settings for `make run`: the embedded default (SQLite, eager tasks) with demo affordances on."""

import base64
import hashlib
import os

os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")

from .base import *  # noqa: E402,F403
from .base import SECRET_KEY, env  # noqa: E402

DEBUG = env.bool("DEBUG", default=True)
DEMO_MODE = env.bool("DEMO_MODE", default=True)
DIGID_DEMO_LOGIN = env.bool("DIGID_DEMO_LOGIN", default=DEMO_MODE)


def _derived_key(purpose: str) -> str:
    """A key derived from SECRET_KEY, so a dev database stays readable between runs."""
    digest = hashlib.sha256(f"{purpose}:{SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


BSN_ENCRYPTION_KEYS = env.list("BSN_ENCRYPTION_KEYS", default=[_derived_key("bsn-encryption")])
BSN_HASH_KEY = env("BSN_HASH_KEY", default=_derived_key("bsn-hash"))
