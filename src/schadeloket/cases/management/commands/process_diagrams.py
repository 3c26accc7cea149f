"""`manage.py process_diagrams [--write]`: print (or write to docs/processes.md) every scheme's process."""

from pathlib import Path

from django.core.management.base import BaseCommand

from schadeloket.cases.diagrams import processes_markdown

DOC = Path(__file__).resolve().parents[5] / "docs" / "processes.md"


class Command(BaseCommand):
    help = "Processes per scheme as tables and Mermaid diagrams, generated from the declarations."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help=f"write {DOC}")

    def handle(self, *args, write=False, **options):
        text = processes_markdown()
        if write:
            DOC.write_text(text, encoding="utf-8")
            self.stdout.write(f"Geschreven: {DOC}")
        else:
            self.stdout.write(text)
