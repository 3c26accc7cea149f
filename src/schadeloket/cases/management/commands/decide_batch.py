"""`manage.py decide_batch AVV --limit 1000 --batches N`: bulk decisions, one batch per task call.

Each batch is the Celery task `cases.decide_batch` (run in-process here, or queued with --queue).
Stop it at any moment (Ctrl-C) and start it again: a batch is one transaction, so nothing is
decided or paid twice. It stops early when a batch finds no case left.
"""

from django.core.management.base import BaseCommand, CommandError

from schadeloket.cases.tasks import decide_batch_task


class Command(BaseCommand):
    help = "Beslis de volgende zaken van een vaste regeling in bulk (per batch één transactie)."

    def add_arguments(self, parser):
        parser.add_argument("scheme", nargs="?", default="AVV")
        parser.add_argument("--limit", type=int, default=1000, help="zaken per batch")
        parser.add_argument("--batches", type=int, default=1, help="hoeveel batches (0: tot er niets meer is)")
        parser.add_argument("--queue", action="store_true", help="zet de batches in de Celery-wachtrij")

    def handle(self, *args, scheme, limit, batches, queue, **options):
        if queue and batches == 0:
            raise CommandError("Met --queue is --batches verplicht (de wachtrij weet niet wanneer het op is).")
        done = 0
        while batches == 0 or done < batches:
            if queue:
                decide_batch_task.delay(scheme, limit)
                done += 1
                continue
            report = decide_batch_task(scheme, limit)
            done += 1
            self.stdout.write(
                f"batch {done}: {report['taken']} genomen, {report['decided']} beslist "
                f"({report['granted']} toegekend), {len(report['sent_to_review'])} ter toetsing, "
                f"{len(report['to_handler'])} naar behandelaar, {report['orders_created']} betaalopdrachten, "
                f"{len(report['iban_missing'])} IBAN ontbreekt, {report['seconds']} s"
            )
            if not report["taken"]:
                break
        self.stdout.write(self.style.SUCCESS(f"{done} batch(es) klaar."))
