"""`manage.py verify_audit`: check the audit chain; exit 1 naming the first event that does not fit."""

from django.core.management.base import BaseCommand, CommandError

from schadeloket.audit.services import verify_chain


class Command(BaseCommand):
    help = "Walks the audit trail and names the first event whose hash does not fit."

    def handle(self, *args, **options):
        result = verify_chain()
        if not result.ok:
            raise CommandError(
                f"Audit trail broken at event {result.first_bad_event_id}: {result.problem} "
                f"({result.checked} events before it are intact)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {result.checked} events checked."))
