"""Run a board's print job (tso/report_jobs.py): normally started, detached, by the board page."""

from django.core.management.base import BaseCommand, CommandError

from tso.models import JobStatus, ReportJob
from tso.report_jobs import failures, run_job


class Command(BaseCommand):
    help = (
        "Print a board's reports for a ReportJob (made by the button on the board page): "
        "one PDF per school and a ZIP. `run_report_job <id>` runs one waiting job; "
        "`run_report_job --pending` runs every waiting job (for REPORT_JOB_RUNNER=manual)."
    )

    def add_arguments(self, parser):
        parser.add_argument("job_id", nargs="?", type=int, help="The print job's id.")
        parser.add_argument("--pending", action="store_true", help="Run every waiting print job.")

    def handle(self, *args, job_id=None, pending=False, **options):
        if (job_id is None) == (not pending):
            raise CommandError("Geef het nummer van een printopdracht, of --pending.")
        if pending:
            jobs = list(ReportJob.objects.filter(status=JobStatus.WAITING).order_by("pk"))
        else:
            job = ReportJob.objects.filter(pk=job_id).first()
            if job is None:
                raise CommandError(f"Printopdracht {job_id} bestaat niet.")
            if job.status != JobStatus.WAITING:
                raise CommandError(
                    f"Printopdracht {job_id} is al gestart (status: {job.get_status_display()})."
                )
            jobs = [job]
        for job in jobs:
            run_job(job)
            job.refresh_from_db()
            if job.status == JobStatus.RUNNING:
                continue  # another runner claimed it first
            self.stdout.write(
                f"Printopdracht {job.pk} ({job.bestuur}): {job.get_status_display()}, "
                f"{job.done} van {job.total} scholen."
            )
            for line in failures(job):
                self.stderr.write(f"  niet gelukt: {line}")
