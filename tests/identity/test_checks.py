"""System checks: the demo DigiD login is refused without DEBUG; the idle timeout stays within DigiD's rule."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.checks import Error, run_checks

from schadeloket.identity.checks import demo_login_only_with_debug, idle_timeout_within_digid_rule

REPO_DIR = Path(__file__).resolve().parents[2]


def ids(errors) -> list[str]:
    return [error.id for error in errors]


def test_demo_login_with_debug_off_is_an_error(settings):
    settings.DIGID_DEMO_LOGIN = True
    settings.DEBUG = False
    errors = demo_login_only_with_debug(None)
    assert ids(errors) == ["identity.E001"]
    assert isinstance(errors[0], Error)
    assert "identity.E001" in ids(run_checks())  # registered, so runserver, migrate and check refuse to go on


def test_demo_login_with_debug_on_is_fine(settings):
    settings.DIGID_DEMO_LOGIN = True
    settings.DEBUG = True
    assert demo_login_only_with_debug(None) == []


def test_demo_login_off_is_fine_anywhere(settings):
    settings.DIGID_DEMO_LOGIN = False
    settings.DEBUG = False
    assert demo_login_only_with_debug(None) == []


def test_idle_timeout_longer_than_digid_allows_is_an_error(settings):
    settings.APPLICANT_IDLE_TIMEOUT = 30 * 60
    assert ids(idle_timeout_within_digid_rule(None)) == ["identity.E002"]


def test_warning_must_come_before_the_end(settings):
    settings.APPLICANT_IDLE_WARNING = settings.APPLICANT_IDLE_TIMEOUT
    assert ids(idle_timeout_within_digid_rule(None)) == ["identity.E003"]


def test_production_settings_refuse_the_demo_login():
    """Belt and braces: the production settings module itself will not load with the demo login on."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(REPO_DIR / "src"),
        "SECRET_KEY": "x" * 50,
        "BSN_ENCRYPTION_KEYS": "a2V5LWtleS1rZXkta2V5LWtleS1rZXkta2V5LWtleS0=",
        "BSN_HASH_KEY": "hash-key",
        "DIGID_DEMO_LOGIN": "true",
    }
    result = subprocess.run(  # noqa: S603  (our own interpreter, fixed arguments)
        [sys.executable, "-c", "import schadeloket.config.settings.production"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DIGID_DEMO_LOGIN must be off in production." in result.stderr
