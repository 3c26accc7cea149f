"""Keep BSNs out of log lines and error pages.

Defence in depth: code never logs a BSN on purpose, but a query string, a form value or an
exception message might carry one. The filter replaces every nine-digit number that passes the
11-test; the exception reporter hides form fields whose name mentions a BSN.
"""

import logging
import re

from django.views.debug import SafeExceptionReporterFilter

from .bsn import is_valid_bsn

_NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")
MASK = "*********"


def scrub_bsn(text: str) -> str:
    return _NINE_DIGITS.sub(lambda m: MASK if is_valid_bsn(m.group()) else m.group(), text)


class ScrubBsnFilter(logging.Filter):
    """Rewrite the record's message (and any traceback text) so that no valid BSN survives."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not hide the log line
            return True
        scrubbed = scrub_bsn(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, None
        # An exception message can carry a BSN too; handlers use exc_text when it is set.
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub_bsn(record.exc_text)
        return True


class BsnSafeExceptionReporterFilter(SafeExceptionReporterFilter):
    """Also hide request fields and settings whose name contains 'bsn'."""

    hidden_settings = re.compile("API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|BSN", flags=re.IGNORECASE)

    def get_post_parameters(self, request):
        params = super().get_post_parameters(request)
        if request is None:
            return params
        params = params.copy()
        for name in list(params):
            if "bsn" in name.lower():
                params[name] = self.cleansed_substitute
        return params
