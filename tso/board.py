"""The board's overview: every school's phase and its latest Ontwikkelmodel profile,
and printing the progress report of every school at once.

It combines phases (where each school stands in the implementation) with
ontwikkelmodel (what each school agreed in its latest closed ronde), so it
lives here and not in either app. Printing runs as a background job
(tso/report_jobs.py); these views only create it, show its progress and hand
out the ZIP.
"""

from datetime import timedelta

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from ontwikkelmodel.charts import mini_profile
from ontwikkelmodel.profile import comparison, profiles_for
from phases.overview import summarize_schools
from phases.timeline import today
from schools import audit
from schools.access import board_view
from tso.models import JobStatus, ReportJob
from tso.report_jobs import create_job, failures, printed_files, start_job, zip_path
from tso.report_kinds import get_kind

# The kind the board page prints for every school.
BOARD_KIND = "voortgang"
# A job still not finished this long after it was made has most likely died.
STALE_AFTER = timedelta(minutes=30)
RECENT_JOBS = 5


@board_view
def board_overview(request, bestuur):
    day = today()
    rows = summarize_schools(bestuur.schools.all(), day)
    # Board members see agreed results only: profiles come from closed rondes.
    profiles = profiles_for(row.school for row in rows)
    multiples = [
        (profiles[row.school.pk], mini_profile(profiles[row.school.pk]))
        for row in rows
        if profiles[row.school.pk].has_results
    ]
    return TemplateResponse(
        request,
        "tso/board_overview.html",
        {
            "bestuur": bestuur,
            "rows": rows,
            "today": day,
            "multiples": multiples,
            "without_profile": [
                row.school for row in rows if not profiles[row.school.pk].has_results
            ],
            "comparison": comparison([p for p, _mini in multiples]),
            "can_print_all": rows and get_kind(BOARD_KIND) is not None,
            "jobs": list(ReportJob.objects.filter(bestuur=bestuur)[:RECENT_JOBS]),
        },
    )


@board_view
@require_POST
def report_job_start(request, bestuur):
    kind = get_kind(BOARD_KIND)
    if kind is None:
        raise Http404
    job = create_job(bestuur, kind, request.user, {"version": "full"})
    start_job(job)
    return redirect("report_job", bestuur_slug=bestuur.slug, job_id=job.pk)


def _job(bestuur, job_id) -> ReportJob:
    return get_object_or_404(
        ReportJob.objects.select_related("requested_by"), pk=job_id, bestuur=bestuur
    )


@board_view
def report_job(request, bestuur, job_id):
    job = _job(bestuur, job_id)
    finished = job.status in (JobStatus.DONE, JobStatus.FAILED)
    context = {
        "bestuur": bestuur,
        "job": job,
        "kind": get_kind(job.kind),
        "finished": finished,
        "failures": failures(job),
        "has_zip": finished and zip_path(job) is not None,
        "printed": printed_files(job) if finished else [],
        "stale": not finished and timezone.now() - job.created_at > STALE_AFTER,
        "percent": round(100 * job.done / job.total) if job.total else 0,
    }
    template = "tso/report_job.html"
    if request.htmx:
        template += "#progress"
    return TemplateResponse(request, template, context)


@board_view
def report_job_download(request, bestuur, job_id):
    job = _job(bestuur, job_id)
    path = zip_path(job) if job.status == JobStatus.DONE else None
    if path is None:
        raise Http404
    audit.record(
        audit.Kind.PDF_DOWNLOADED, request=request, subject=f"printopdracht {job.pk} {bestuur.name}"
    )
    name = f"{job.kind}-{slugify(bestuur.name)}-{job.created_at:%Y-%m-%d}.zip"
    response = FileResponse(path.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response
