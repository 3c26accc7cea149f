"""Production settings: every secret must come from the environment; cookies secure."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BSN_ENCRYPTION_KEYS, BSN_HASH_KEY, DEMO_MODE, DIGID_DEMO_LOGIN, env

if not BSN_ENCRYPTION_KEYS or not BSN_HASH_KEY:
    raise ImproperlyConfigured("Set BSN_ENCRYPTION_KEYS and BSN_HASH_KEY in the environment.")
if DEMO_MODE:
    raise ImproperlyConfigured("DEMO_MODE must be off in production.")
if DIGID_DEMO_LOGIN:
    raise ImproperlyConfigured("DIGID_DEMO_LOGIN must be off in production.")

DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}  # noqa: F405
