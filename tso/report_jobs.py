"""Printing one kind of report for every school of a board, outside any web request.

The board page only creates a ReportJob and starts it (`start_job`); the work
runs in `run_job`, normally in a detached `manage.py run_report_job <id>`
process. The job prints each school as the board member who asked for it,
through the same code as the browser (tso.report_kinds.render), so each PDF
holds only what that board member may see. Progress (done, total, the school
being printed) is saved after every school, which the job page polls.

Files: one folder per job under settings.REPORT_JOB_DIR (private: never served
directly, only through the board-member-only download view). Each PDF is
written to a temporary name and renamed when complete, and the ZIP is made the
same way at the end: a failed school leaves no file, never half a PDF. A
failure is recorded per school in `job.error` and shown on the job page.

How a job starts is set by settings.REPORT_JOB_RUNNER:
- "subprocess" (default): a detached `manage.py run_report_job <id>`;
- "inline": right away in this process (development without background processes);
- "manual": not at all; `manage.py run_report_job --pending` runs waiting jobs
  (from cron, say). The test settings use this, and tests run the job with
  call_command.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tso.models import JobStatus, ReportJob
from tso.pdf import PdfRenderError
from tso.report_kinds import ReportKind, ReportNotAllowed, ReportUnavailable, get_kind, render

logger = logging.getLogger(__name__)

RUNNERS = ("subprocess", "inline", "manual")
ZIP_NAME = "rapporten.zip"


# --- Writing files, never half of one ---------------------------------------------


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers see all or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def file_name(kind: ReportKind, school) -> str:
    return f"{kind.key}-{slugify(school.name) or school.slug}.pdf"


# --- Printing every school of a board ---------------------------------------------


@dataclass
class SchoolResult:
    school: object
    path: Path | None = None
    error: str = ""


def print_schools(
    kind: ReportKind,
    schools: Iterable,
    user,
    folder: Path,
    *,
    options: dict | None = None,
    progress: Callable[[int, object | None], None] | None = None,
) -> list[SchoolResult]:
    """Print `kind` for each school as `user` into `folder`, one file per school.

    A school that fails is recorded with a Dutch reason and the next one goes
    on. `progress(done, school_now_printing)` is called before each school and
    once at the end with None.
    """
    results = []
    schools = list(schools)
    for number, school in enumerate(schools):
        if progress:
            progress(number, school)
        result = SchoolResult(school)
        try:
            pdf = render(kind, school, user, **(options or {}))
            result.path = folder / file_name(kind, school)
            write_atomically(result.path, pdf)
        except (ReportNotAllowed, ReportUnavailable) as error:
            result.error = str(error)
        except PdfRenderError as error:
            logger.warning("Batch %s for %s failed: %s", kind.key, school.slug, error)
            result.error = _("de PDF kon niet worden gemaakt")
        except Exception:
            # One school must not stop the others; the details go to the log.
            logger.exception("Batch %s for %s failed", kind.key, school.slug)
            result.error = _("onverwachte fout bij het maken van de PDF")
        results.append(result)
    if progress:
        progress(len(schools), None)
    return results


# --- The job ------------------------------------------------------------------------


def job_folder(job: ReportJob) -> Path:
    return Path(settings.REPORT_JOB_DIR) / f"job-{job.pk}"


def zip_path(job: ReportJob) -> Path | None:
    """The finished ZIP of a job, if there is one."""
    if not job.output:
        return None
    path = Path(job.output)
    root = Path(settings.REPORT_JOB_DIR).resolve()
    return path if path.resolve().is_relative_to(root) and path.is_file() else None


def create_job(bestuur, kind: ReportKind, user, options: dict | None = None) -> ReportJob:
    return ReportJob.objects.create(
        bestuur=bestuur,
        kind=kind.key,
        options=options or {},
        requested_by=user,
        total=bestuur.schools.count(),
    )


def start_job(job: ReportJob) -> None:
    """Start the job outside the current request, once the transaction has committed."""
    runner = getattr(settings, "REPORT_JOB_RUNNER", "subprocess")
    if runner not in RUNNERS:
        raise ImproperlyConfigured(f"REPORT_JOB_RUNNER must be one of {RUNNERS}, not {runner!r}")
    if runner == "subprocess":
        transaction.on_commit(lambda: _spawn(job.pk))
    elif runner == "inline":
        transaction.on_commit(lambda: run_job(ReportJob.objects.get(pk=job.pk)))


def _spawn(job_id: int) -> None:
    """A detached `manage.py run_report_job <id>`: it outlives the request and the worker."""
    manage = Path(settings.BASE_DIR) / "manage.py"
    log = Path(settings.REPORT_JOB_DIR) / f"job-{job_id}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py, no user input
            [sys.executable, str(manage), "run_report_job", str(job_id)],
            cwd=settings.BASE_DIR,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=out,
            start_new_session=True,
            close_fds=True,
        )


def _save(job: ReportJob, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=list(fields))


def run_job(job: ReportJob) -> ReportJob:
    """Print every school of the job's board; record progress, failures and the ZIP."""
    # Claim the job: of two runners that start it at once, only one goes on.
    started = timezone.now()
    claimed = ReportJob.objects.filter(pk=job.pk, status=JobStatus.WAITING).update(
        status=JobStatus.RUNNING, started_at=started
    )
    if not claimed:
        job.refresh_from_db()
        return job
    job.status, job.started_at = JobStatus.RUNNING, started
    schools = list(job.bestuur.schools.order_by("name", "pk"))
    _save(job, total=len(schools), done=0)
    try:
        kind = get_kind(job.kind)
        if kind is None or not kind.batch:
            raise RuntimeError(_("Dit soort rapport kan niet voor alle scholen worden geprint."))
        if job.requested_by is None:
            raise RuntimeError(_("Wie de opdracht gaf, heeft geen account meer."))
        folder = job_folder(job)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        results = print_schools(
            kind,
            schools,
            job.requested_by,
            folder,
            options=job.options,
            progress=lambda done, school: _save(
                job, done=done, current=school.name if school else ""
            ),
        )
        failures = [f"{r.school.name}: {r.error}" for r in results if r.error]
        printed = [r.path for r in results if r.path]
        output = ""
        if printed:
            archive = folder.parent / f"job-{job.pk}-{ZIP_NAME}"
            write_atomically(archive, _zip(printed))
            output = str(archive)
        _save(
            job,
            status=JobStatus.DONE if printed or not schools else JobStatus.FAILED,
            finished_at=timezone.now(),
            error="\n".join(failures),
            output=output,
            current="",
        )
    except Exception as error:
        logger.exception("Print job %s failed", job.pk)
        message = str(error) if isinstance(error, RuntimeError) else _("onverwachte fout")
        _save(job, status=JobStatus.FAILED, finished_at=timezone.now(), error=message, current="")
    return job


def _zip(paths: list[Path]) -> bytes:
    with tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024) as buffer:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in paths:
                archive.write(path, arcname=path.name)
        buffer.seek(0)
        return buffer.read()


def failures(job: ReportJob) -> list[str]:
    return [line for line in job.error.splitlines() if line.strip()]


def printed_files(job: ReportJob) -> list[str]:
    """The names of the PDFs the job wrote (each complete: see write_atomically)."""
    folder = job_folder(job)
    return sorted(path.name for path in folder.glob("*.pdf")) if folder.is_dir() else []
