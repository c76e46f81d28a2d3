from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from actieplan.demo import seed_actieplan
from ontwikkelmodel.demo import seed_rondes
from ontwikkelmodel.demo_checklist import seed_checklists
from phases.demo import seed_phases, seed_werkmomenten
from schools.demo import DEMO_PASSWORD, seed_schools


class Command(BaseCommand):
    help = (
        "Create or refresh the demo boards, schools and accounts (password "
        f"'{DEMO_PASSWORD}'). Safe to run again: existing data is kept."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        call_command("load_content", verbosity=0)  # skips what is already there
        schools = seed_schools()
        seed_phases(schools, timezone.localdate())
        seed_werkmomenten(schools, timezone.localdate())
        seed_rondes(schools, timezone.localdate())
        seed_checklists(schools, timezone.localdate())
        seed_actieplan(schools, timezone.localdate())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {len(schools)} schools. Log in as kartrekker@zonnebloem.example "
                f"with password '{DEMO_PASSWORD}'."
            )
        )
