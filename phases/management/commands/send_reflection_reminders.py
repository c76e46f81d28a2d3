from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from phases.werkmomenten import REMINDER_DAYS_BEFORE, send_due_reminders


class Command(BaseCommand):
    help = (
        "E-mail one reminder to every member who has not answered an open reflection "
        "round whose werkmoment is within --days days (default "
        f"{REMINDER_DAYS_BEFORE}). Nobody is reminded twice for the same round, also "
        "not after the kartrekker's 'Herinnering sturen' button. Run it daily from cron. "
        "--dry-run only says how many would get one."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=REMINDER_DAYS_BEFORE,
            help="Remind for werkmomenten from today up to this many days ahead.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Send nothing and record nothing; print how many would be reminded.",
        )

    def handle(self, *args, days, dry_run, **options):
        if not 0 <= days <= 60:
            raise CommandError("--days must be between 0 and 60.")
        today = timezone.localdate()
        results = send_due_reminders(today, days, dry_run=dry_run)
        verb = "would remind" if dry_run else "reminded"
        total = 0
        for result in results:
            session = result.reflection_round.werkmoment.session
            total += len(result.to)
            self.stdout.write(
                f"{session.school.name}, {session.display_title} ({session.date:%Y-%m-%d}): "
                f"{verb} {len(result.to)}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(results)} open round(s) with a werkmoment within {days} day(s); "
                f"{verb} {total} member(s)."
            )
        )
