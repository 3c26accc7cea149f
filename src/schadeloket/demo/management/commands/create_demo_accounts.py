"""`manage.py create_demo_accounts`: one staff account per role for the demo (DEMO_MODE only)."""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from schadeloket.demo.accounts import DEMO_PASSWORD, create_demo_accounts
from schadeloket.demo.planning import plan_demo_availability
from schadeloket.identity.demo import demo_applicant_lines


class Command(BaseCommand):
    help = "Creates (or refreshes) one demo staff account per role, with password and TOTP device."

    def handle(self, *args, **options):
        try:
            accounts = create_demo_accounts()
        except ImproperlyConfigured as error:
            raise CommandError(str(error))
        rows = [("gebruikersnaam", "rol", "wachtwoord", "code")]
        for account in accounts:
            role = f"{account.role.label}{' (superuser)' if account.is_superuser else ''}"
            rows.append((account.username, role, DEMO_PASSWORD, f"python manage.py demo_totp {account.username}"))
        widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
        for number, row in enumerate(rows):
            self.stdout.write("  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
            if number == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(accounts)} demo-accounts klaar. Inloggen: /medewerkers/inloggen/. "
                "De zescijferige code: python manage.py demo_totp <gebruikersnaam> "
                "(of voeg de otpauth-URL die dat commando toont toe aan uw authenticator-app)."
            )
        )
        self.stdout.write("\n".join(plan_demo_availability()))
        self.stdout.write("\n".join(demo_applicant_lines()))
