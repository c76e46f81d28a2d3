import json
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

ALLOWED_MODELS = {
    "ontwikkelmodel.modelversion",
    "ontwikkelmodel.groeilaag",
    "ontwikkelmodel.accent",
    "ontwikkelmodel.descriptor",
    "ontwikkelmodel.knowledgeelement",
    "ontwikkelmodel.modulelink",
}


class Command(BaseCommand):
    help = (
        "Load a version of the Ontwikkelmodel TSO (groeilagen, accents, descriptors, "
        "knowledge elements, module links) from a JSON file in the format of "
        "fixtures/03_ontwikkelmodel.json, for example the handbook's official text. Rows are "
        "matched on their natural key (version name plus code, groeifase, order or module): "
        "existing ones are updated, new ones added. Use a new version name to keep earlier "
        "versions, which schools' assessments point at, as they are."
    )

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
        unknown = {r.get("model") for r in rows} - ALLOWED_MODELS
        if unknown:
            raise CommandError(
                f"Only Ontwikkelmodel content may be imported, not {sorted(map(str, unknown))}."
            )
        if any("pk" in r for r in rows):
            raise CommandError("Rows are matched on their natural key; leave out 'pk'.")
        with transaction.atomic():
            call_command("loaddata", str(path), verbosity=0)
            self.stdout.write(f"{len(rows)} rows {'checked' if dry_run else 'imported'}.")
            if dry_run:
                transaction.set_rollback(True)
