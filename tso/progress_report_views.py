"""The progress report's pages: choose period, version and sections; print the PDF.

The choice page posts the choice, which is remembered for the school (by its
members: the school's choice is its own, a board member's print does not
change it), and sends the reader on to the PDF with the choice in the URL.
The PDF address works on its own too (a bookmark, the retry link after a
failure): what its query leaves out comes from the school's remembered choice
and the current school year.
"""

import logging
from datetime import date
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify

from phases.report import default_period
from phases.timeline import today
from schools import audit
from schools.access import school_view
from tso.forms import ProgressReportForm
from tso.models import ReportVersion
from tso.pdf import PdfRenderError
from tso.progress_report import (
    PERMISSION,
    available_sections,
    chosen_sections,
    progress_pdf,
    remember,
    remembered,
)
from tso.views import pdf_failed, pdf_response

logger = logging.getLogger(__name__)


def _initial(access, user) -> dict:
    first, last = default_period(today())
    preference = remembered(access.school)
    return {
        "version": preference.version,
        "start": first,
        "end": last,
        "sections": chosen_sections(access, user, None),
    }


def _with_defaults(query, access, user):
    """The query with what it leaves out filled in: the remembered choice, this school year."""
    data = query.copy()
    initial = _initial(access, user)
    for name in ("version", "start", "end"):
        if not data.get(name):
            value = initial[name]
            data[name] = value.isoformat() if isinstance(value, date) else value
    if "sections" not in data:
        data.setlist("sections", initial["sections"])
    return data


def _page(request, access, form, status=200):
    context = {
        "access": access,
        "school": access.school,
        "form": form,
        "remembered": remembered(access.school).pk is not None,
    }
    return TemplateResponse(request, "tso/voortgang.html", context, status=status)


@school_view(PERMISSION)
def progress_report(request, access):
    sections = available_sections(access, request.user)
    if request.method != "POST":
        form = ProgressReportForm(initial=_initial(access, request.user), sections=sections)
        return _page(request, access, form)
    form = ProgressReportForm(request.POST, sections=sections)
    if not form.is_valid():
        return _page(request, access, form, status=400)
    choice = form.cleaned_data
    choice["sections"] = chosen_sections(access, request.user, choice["sections"])
    if access.is_member:
        remember(
            access.school, request.user, sections=choice["sections"], version=choice["version"]
        )
    query = urlencode(
        {
            "version": choice["version"],
            "start": choice["start"].isoformat(),
            "end": choice["end"].isoformat(),
            "sections": choice["sections"],
        },
        doseq=True,
    )
    return redirect(f"{reverse('progress_report_pdf', args=[access.school.slug])}?{query}")


@school_view(PERMISSION)
def progress_report_pdf(request, access):
    sections = available_sections(access, request.user)
    form = ProgressReportForm(_with_defaults(request.GET, access, request.user), sections=sections)
    if not form.is_valid():
        return _page(request, access, form, status=400)
    choice = form.cleaned_data
    try:
        pdf, _hit = progress_pdf(
            access,
            request.user,
            version=choice["version"],
            sections=choice["sections"],
            start=choice["start"],
            end=choice["end"],
        )
    except PdfRenderError as error:
        logger.warning("Progress report for %s failed: %s", access.school.slug, error)
        return pdf_failed(request, access)
    team = choice["version"] == ReportVersion.TEAM
    audit.record(
        audit.Kind.PDF_DOWNLOADED,
        request=request,
        school=access.school,
        subject="voortgangsrapportage" + (" (team)" if team else ""),
    )
    period = f"{choice['start'].isoformat()}-{choice['end'].isoformat()}"
    name = "voortgang-team" if team else "voortgangsrapportage"
    return pdf_response(pdf, f"{name}-{slugify(access.school.name)}-{period}.pdf")
