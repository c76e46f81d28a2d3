from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = (
        "Load the shipped content (phases, Ontwikkelmodel, agenda, suggestions) from "
        "fixtures/*.json, in file-name order. Loading again refreshes the shipped rows."
    )

    def handle(self, *args, **options):
        fixtures = sorted(FIXTURES_DIR.glob("*.json"))
        for fixture in fixtures:
            call_command("loaddata", str(fixture), verbosity=options["verbosity"])
        self.stdout.write(f"Content loaded from {len(fixtures)} fixture file(s).")
