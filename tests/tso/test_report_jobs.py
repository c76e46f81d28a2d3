"""Printing every school of a board as a background job: start, progress, ZIP, failures.

The test settings use REPORT_JOB_RUNNER = "manual": the web request only
creates the job, and the tests run it with call_command("run_report_job", id),
as the detached process would.
"""

import zipfile
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from pypdf import PdfReader

from schools.models import Bestuur
from tests.factories import BestuurFactory, BoardMembershipFactory
from tso.models import JobStatus, ReportJob
from tso.report_jobs import job_folder

BOARD = "stichting-voorbeeld"
OVERVIEW = reverse("board_overview", args=[BOARD])
START = reverse("report_job_start", args=[BOARD])


@pytest.fixture(autouse=True)
def job_dir(settings, tmp_path):
    settings.REPORT_JOB_DIR = tmp_path / "printopdrachten"
    settings.REPORT_JOB_RUNNER = "manual"
    return settings.REPORT_JOB_DIR


def job_url(job, name="report_job"):
    return reverse(name, args=[BOARD, job.pk])


def run_job(job):
    call_command("run_report_job", job.pk, stdout=StringIO(), stderr=StringIO())
    job.refresh_from_db()
    return job


def start(client) -> ReportJob:
    response = client.post(START)
    job = ReportJob.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == job_url(job)
    return job


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def test_board_page_offers_printing_every_progress_report(bestuurslid, client_for):
    content = client_for(bestuurslid).get(OVERVIEW).content.decode()

    assert "Alle voortgangsrapportages printen" in content
    assert f'action="{START}"' in content


def test_the_request_only_creates_the_job_and_the_page_polls_it(bestuurslid, client_for):
    client = client_for(bestuurslid)

    job = start(client)

    assert (job.status, job.kind, job.total, job.done) == (JobStatus.WAITING, "voortgang", 2, 0)
    assert job.requested_by == bestuurslid
    assert not job_folder(job).exists()
    page = client.get(job_url(job)).content.decode()
    assert "Wacht op start" in page
    assert "0 van 2 scholen verwerkt" in page
    assert 'hx-trigger="every 2s"' in page
    assert f'hx-get="{job_url(job)}"' in page
    assert "Download" not in page


def test_the_job_prints_each_school_and_offers_one_zip(bestuurslid, client_for):
    client = client_for(bestuurslid)
    job = run_job(start(client))

    assert (job.status, job.done, job.total, job.error) == (JobStatus.DONE, 2, 2, "")
    assert job.started_at <= job.finished_at
    # The htmx poll gets the progress part only, now without the poll.
    part = client.get(job_url(job), headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in part and 'id="job-progress"' in part
    assert "2 van 2 scholen verwerkt" in part
    assert "hx-trigger" not in part
    assert job_url(job, "report_job_download") in part

    response = client.get(job_url(job, "report_job_download"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == [
        "voortgang-obs-de-zonnebloem.pdf",
        "voortgang-so-het-kompas.pdf",
    ]
    zonnebloem = pdf_text(archive.read("voortgang-obs-de-zonnebloem.pdf"))
    kompas = pdf_text(archive.read("voortgang-so-het-kompas.pdf"))
    assert "OBS De Zonnebloem" in zonnebloem and "Karim El Amrani" not in kompas
    assert "SO Het Kompas" in kompas and "Fatima Yilmaz" not in zonnebloem


def test_progress_is_saved_per_school_while_it_runs(bestuurslid, client_for, monkeypatch):
    from tso import report_jobs

    seen = []
    real_render = report_jobs.render

    def render_and_look(kind, school, user, **options):
        job = ReportJob.objects.get()
        seen.append((job.status, job.done, job.current))
        return real_render(kind, school, user, **options)

    monkeypatch.setattr(report_jobs, "render", render_and_look)

    run_job(start(client_for(bestuurslid)))

    assert seen == [
        (JobStatus.RUNNING, 0, "OBS De Zonnebloem"),
        (JobStatus.RUNNING, 1, "SO Het Kompas"),
    ]


def test_a_school_that_fails_is_shown_and_leaves_no_file(bestuurslid, client_for, job_dir):
    # Kompas has no actieplan: that school fails, Zonnebloem is printed.
    job = ReportJob.objects.create(
        bestuur=Bestuur.objects.get(slug=BOARD),
        kind="actieplan",
        requested_by=bestuurslid,
    )
    client = client_for(bestuurslid)

    run_job(job)

    assert job.status == JobStatus.DONE
    assert job.error == "SO Het Kompas: SO Het Kompas heeft nog geen actieplan."
    assert [p.name for p in job_folder(job).iterdir()] == ["actieplan-obs-de-zonnebloem.pdf"]
    page = client.get(job_url(job)).content.decode()
    assert "Niet gelukt:" in page and "SO Het Kompas heeft nog geen actieplan." in page
    assert "Opnieuw proberen" in page
    archive = zipfile.ZipFile(
        BytesIO(b"".join(client.get(job_url(job, "report_job_download")).streaming_content))
    )
    assert archive.namelist() == ["actieplan-obs-de-zonnebloem.pdf"]


def test_when_every_school_fails_there_is_no_zip_and_a_retry(
    bestuurslid, client_for, settings, job_dir
):
    settings.PDF_RENDER_TIMEOUT = 0  # every render fails
    client = client_for(bestuurslid)
    # The timeline: the progress report may come from the PDF cache.
    job = ReportJob.objects.create(
        bestuur=Bestuur.objects.get(slug=BOARD), kind="tijdlijn", requested_by=bestuurslid
    )

    run_job(job)

    assert job.status == JobStatus.FAILED
    assert job.error.splitlines() == [
        "OBS De Zonnebloem: de PDF kon niet worden gemaakt",
        "SO Het Kompas: de PDF kon niet worden gemaakt",
    ]
    assert list(job_folder(job).iterdir()) == []
    assert client.get(job_url(job, "report_job_download")).status_code == 404
    page = client.get(job_url(job)).content.decode()
    assert "Mislukt" in page and "Opnieuw proberen" in page
    assert "Download" not in page


def test_inline_runner_prints_right_after_the_request(
    bestuurslid, client_for, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_JOB_RUNNER = "inline"

    with django_capture_on_commit_callbacks(execute=True):
        job = start(client_for(bestuurslid))

    job.refresh_from_db()
    assert (job.status, job.done) == (JobStatus.DONE, 2)


def test_only_the_boards_members_see_a_job(
    bestuurslid, kartrekker, schoolleider, client_for, zonnebloem
):
    job = run_job(start(client_for(bestuurslid)))
    other_board = BoardMembershipFactory(bestuur=BestuurFactory()).user

    for outsider in (kartrekker, schoolleider, other_board):
        client = client_for(outsider)
        assert client.get(job_url(job)).status_code == 404, outsider
        assert client.get(job_url(job, "report_job_download")).status_code == 404, outsider
        assert client.post(START).status_code == 404, outsider
    assert ReportJob.objects.count() == 1


def test_starting_needs_a_post(bestuurslid, client_for):
    assert client_for(bestuurslid).get(START).status_code == 405
    assert not ReportJob.objects.exists()


def test_a_job_runs_once_and_pending_jobs_run_together(bestuurslid, client_for):
    client = client_for(bestuurslid)
    first, second = start(client), start(client)
    out = StringIO()

    call_command("run_report_job", "--pending", stdout=out, stderr=StringIO())

    assert "Printopdracht" in out.getvalue()
    for job in (first, second):
        job.refresh_from_db()
        assert job.status == JobStatus.DONE
    with pytest.raises(CommandError, match="is al gestart"):
        call_command("run_report_job", first.pk)
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("run_report_job", 999999)
    with pytest.raises(CommandError, match="of --pending"):
        call_command("run_report_job")


def test_board_page_lists_earlier_jobs(bestuurslid, client_for):
    client = client_for(bestuurslid)
    job = run_job(start(client))

    content = client.get(OVERVIEW).content.decode()

    assert "Eerdere printopdrachten" in content
    assert job_url(job) in content
    assert "Klaar" in content
