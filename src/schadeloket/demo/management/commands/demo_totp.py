"""`manage.py demo_totp <username>`: the current code of a demo account (DEMO_MODE only).

Also prints the secret and the otpauth URL, so the account can be added to an authenticator app.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from schadeloket.demo.accounts import base32_secret, current_code, demo_device, otpauth_url


class Command(BaseCommand):
    help = "Prints the current six-digit TOTP code of a demo account, its secret and otpauth URL."

    def add_arguments(self, parser):
        parser.add_argument("username", help="for example demo-behandelaar")
        parser.add_argument("--code-only", action="store_true", help="print only the six digits")

    def handle(self, *args, username, code_only=False, **options):
        try:
            device = demo_device(username)
        except (ImproperlyConfigured, LookupError) as error:
            raise CommandError(str(error))
        code = current_code(device)
        if code_only:
            self.stdout.write(code)
            return
        self.stdout.write(f"Code nu: {code}  (de code verandert elke 30 seconden)")
        self.stdout.write(f"Geheim: {base32_secret(device)}")
        self.stdout.write(f"otpauth-URL: {otpauth_url(device)}")
