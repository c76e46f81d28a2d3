import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = (
        "Load the shipped content (phases, voorgesprek agenda, ...) from fixtures/*.json, "
        "in file-name order. A file whose content is already in the database is skipped, "
        "so edits made in the admin survive `make run`; --refresh loads every file again "
        "and overwrites shipped rows with the shipped text."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Load every file, also when its content is present.",
        )

    def handle(self, *args, refresh=False, **options):
        loaded = 0
        for fixture in sorted(FIXTURES_DIR.glob("*.json")):
            if not refresh and _already_loaded(fixture):
                continue
            call_command("loaddata", str(fixture), verbosity=options["verbosity"])
            loaded += 1
        self.stdout.write(f"Content loaded from {loaded} fixture file(s).")


def _already_loaded(fixture: Path) -> bool:
    models = {row["model"] for row in json.loads(fixture.read_text(encoding="utf-8"))}
    return all(apps.get_model(label).objects.exists() for label in models)
