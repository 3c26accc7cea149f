"""Settings shared by every environment. Everything that differs comes from the environment.

DATABASE_URL picks the database (SQLite under var/ when unset); CELERY_BROKER_URL picks the
broker (none: tasks run eagerly in-process). Secrets have no default here: dev and test give
harmless ones, production demands real ones.
"""

from pathlib import Path

import environ
from celery.schedules import crontab

REPO_DIR = Path(__file__).resolve().parents[4]
SRC_DIR = REPO_DIR / "src"
VAR_DIR = REPO_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # DigiD (SAML) for applicants: the library, its singleton configuration and its certificates.
    "solo",
    "privates",
    "simple_certmanager",
    "digid_eherkenning",
    "schadeloket.accounts",
    "schadeloket.audit",
    "schadeloket.register.addresses",
    "schadeloket.register.persons",
    "schadeloket.register.buildings",
    "schadeloket.register.areas",
    "schadeloket.register.earthquakes",
    "schadeloket.register.payments",
    "schadeloket.schemes",
    "schadeloket.cases",
    "schadeloket.decisions",
    "schadeloket.payment_orders",
    "schadeloket.documents",
    "schadeloket.inspections",
    "schadeloket.planning",
    "schadeloket.sampling",
    "schadeloket.casework",
    "schadeloket.algorithms",
    "schadeloket.choice_help",
    "schadeloket.simulation",
    "schadeloket.demo",
    "schadeloket.identity",
    "schadeloket.intake",
    "schadeloket.messaging",
    "schadeloket.objections",
    "schadeloket.satisfaction",
    "schadeloket.dossier",
    "schadeloket.portal",
    "schadeloket.backoffice",
    "schadeloket.outreach",
    "schadeloket.reporting",
    "schadeloket.costs",
    "schadeloket.forecasts",
    "schadeloket.grounds",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "schadeloket.config.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "schadeloket.identity.middleware.ApplicantSessionMiddleware",
]

ROOT_URLCONF = "schadeloket.config.urls"
WSGI_APPLICATION = "schadeloket.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "schadeloket" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "schadeloket.portal.context_processors.platform",
                "schadeloket.identity.context_processors.applicant",
            ],
        },
    },
]

# Database: SQLite is the embedded default; PostgreSQL in production and CI.
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'schadeloket.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the server read while a command writes; IMMEDIATE avoids 'database is locked'
    # surprises when two writers meet.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "transaction_mode": "IMMEDIATE"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "backoffice:home"
LOGOUT_REDIRECT_URL = "portal:home"
OTP_TOTP_ISSUER = "Schadeloket"

# Language and time: Dutch first, English available; legal dates in Europe/Amsterdam.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [SRC_DIR / "schadeloket" / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns about a missing folder on every request
STATICFILES_DIRS = [
    SRC_DIR / "schadeloket" / "static",
    ("vendor/utrecht", REPO_DIR / "node_modules" / "@utrecht" / "component-library-css" / "dist"),
    ("vendor/utrecht-tokens", REPO_DIR / "node_modules" / "@utrecht" / "design-tokens" / "dist"),
    ("vendor/htmx", REPO_DIR / "node_modules" / "htmx.org" / "dist"),
]
# Uploaded documents and letters: private, never served as static files; views check access.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Sessions and cookies.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Personal data. The BSN is stored encrypted (Fernet, a list so keys can rotate: the first one
# encrypts, all decrypt) and found through a keyed hash, so the database alone reveals nothing.
BSN_ENCRYPTION_KEYS = env.list("BSN_ENCRYPTION_KEYS", default=[])
BSN_HASH_KEY = env("BSN_HASH_KEY", default="")

# The number residents call when a page cannot help them. Default: the free number of the damage
# counter as published when it opened in 2018 (TCMG, now IMG: 0800-4444111; rtvdrenthe.nl, March
# 2018). Not in the domain facts: to be confirmed (docs/open-questions.md).
SCHADELOKET_PHONE = env("SCHADELOKET_PHONE", default="0800 4444 111")

# Staff may correct their own recorded handling time in the week they recorded it and this many weeks
# after; later only a manager can (costs.selectors.correction_refusal; docs/open-questions.md #96).
SCHADELOKET_TIME_CORRECTION_WEEKS = env.int("SCHADELOKET_TIME_CORRECTION_WEEKS", default=1)

# Demo affordances (demo accounts, the demo DigiD login later): never on in production.
DEMO_MODE = env.bool("DEMO_MODE", default=False)

# Applicants (identity app). DigiD through django-digid-eherkenning; its configuration (certificate,
# IdP metadata) lives in the database and is set in the admin, so start-up needs no network.
# The demo DigiD login POSTs a BSN into the session: dev only, a system check refuses it without DEBUG.
DIGID_DEMO_LOGIN = env.bool("DIGID_DEMO_LOGIN", default=False)
APPLICANT_IDLE_TIMEOUT = 15 * 60  # DigiD: an applicant session ends after at most 15 idle minutes
APPLICANT_IDLE_WARNING = 3 * 60  # the page warns this long before
DIGID_SESSION_AGE = APPLICANT_IDLE_TIMEOUT
APPLICANT_LOGIN_REDIRECT_URL = "dossier:overview"
# Key pairs and IdP metadata for DigiD (django-privates): outside MEDIA_ROOT, never served.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private-media")))
PRIVATE_MEDIA_URL = "/private-media-not-served/"
SENDFILE_BACKEND = "django_sendfile.backends.simple"
SENDFILE_ROOT = PRIVATE_MEDIA_ROOT
# The SAML AuthnRequest id is kept in the cache until DigiD sends the person back: with more than one
# web process the cache must be shared (CACHE_URL=redis://...).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# Data files (KNMI catalogue, gas-field outlines, postcodes, IMG outcomes). The platform takes
# them by path; this folder is only where the demo looks first.
DATA_DIR = Path(env("SCHADELOKET_DATA_DIR", default=str(REPO_DIR.parent / "shared" / "data")))

# Celery: eager in-process unless a broker is configured.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "verify-audit-chain-nightly": {"task": "audit.verify_chain", "schedule": 24 * 60 * 60},
    "deadline-monitor": {"task": "cases.check_deadlines", "schedule": crontab(hour=6, minute=0)},
    "planning-generate-slots": {"task": "planning.generate_slots", "schedule": crontab(hour=5, minute=30)},
    # The weekly figures of closed weeks, frozen once a night before the dashboard's first warm-up.
    "reporting-freeze-closed-weeks": {"task": "reporting.freeze_closed_weeks", "schedule": crontab(hour=1, minute=15)},
    # The public dashboard's figures, every hour (they stay two hours in the cache): reporting/tasks.py.
    "reporting-warm-dashboard": {"task": "reporting.warm_dashboard", "schedule": crontab(minute=7)},
    "forecasts-refresh-queue": {"task": "forecasts.refresh_queue_positions", "schedule": crontab(hour=3, minute=0)},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub_bsn": {"()": "schadeloket.register.persons.logging.ScrubBsnFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["scrub_bsn"], "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # python3-saml logs whole SAML messages at DEBUG; they hold the BSN.
        "onelogin": {"level": "INFO"},
    },
}
DEFAULT_EXCEPTION_REPORTER_FILTER = "schadeloket.register.persons.logging.BsnSafeExceptionReporterFilter"
