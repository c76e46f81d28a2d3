"""Shared base of the commands that import shipped content (an official text, say).

Each app names the models its content consists of; rows are matched on natural
keys, so a file in the format of the app's fixture updates rows and adds new ones.
"""

import json
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class ContentImportCommand(BaseCommand):
    allowed_models: set[str] = set()
    content_name = ""  # used in messages, e.g. "phase"

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report, then roll back."
        )

    def handle(self, path, dry_run, **options):
        try:
            rows = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from None
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise CommandError("Expected a JSON list of fixture rows.")
        unknown = {r.get("model") for r in rows} - self.allowed_models
        if unknown:
            raise CommandError(
                f"Only {self.content_name} content may be imported, "
                f"not {sorted(map(str, unknown))}."
            )
        if any("pk" in r for r in rows):
            raise CommandError("Rows are matched on their natural key; leave out 'pk'.")
        with transaction.atomic():
            call_command("loaddata", str(path), verbosity=0)
            self.stdout.write(f"{len(rows)} rows {'checked' if dry_run else 'imported'}.")
            if dry_run:
                transaction.set_rollback(True)
