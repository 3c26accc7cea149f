"""Dutch first: the language is Dutch unless the person chose English with the language switch.

Django's LocaleMiddleware follows the browser's Accept-Language header. Most of our users read
Dutch; a browser set to English (common on work laptops and in headless test browsers) would get
a page in whatever mix of languages the catalogue covers. So only an explicit choice (the
language cookie set by the switch in the header) changes the language.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
