"""Pages that combine every app: the school dashboard and the reports."""

import logging

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify

from actieplan.dashboard import dashboard_summary
from ontwikkelmodel.rondes import dashboard_ronde
from phases.timeline import summarize
from phases.werkmomenten import open_rounds_for
from schools import audit
from schools.access import school_view
from tso.dashboard_warnings import setup_warnings
from tso.pdf import PdfRenderError, render_pdf

logger = logging.getLogger(__name__)


def school_overview_context(access):
    school = access.school
    return {
        "access": access,
        "school": school,
        "members_by_role": school.memberships.by_role(),
    }


@school_view("schools.view_school")
def school_dashboard(request, access):
    context = school_overview_context(access)
    context["member_count"] = len({m.pk for _, ms in context["members_by_role"] for m in ms})
    context["timeline"] = summarize(access.school)
    context["can_change_plan"] = request.user.has_perm("phases.change_plan", access)
    context["actieplan"] = dashboard_summary(access.school, timezone.localdate())
    context["ontwikkelmodel_ronde"] = dashboard_ronde(access, request.user)
    context["can_see_checklists"] = request.user.has_perm("ontwikkelmodel.view_checklists", access)
    context["reflection_rounds"] = (
        open_rounds_for(access.membership) if access.membership is not None else []
    )
    context["setup_warnings"] = setup_warnings(
        access, request.user, context["members_by_role"], timezone.localdate()
    )
    return TemplateResponse(request, "tso/dashboard.html", context)


@school_view("schools.print_overview")
def school_overview_pdf(request, access):
    context = school_overview_context(access)
    context.update(printed_at=timezone.now(), printed_by=request.user)
    try:
        pdf = render_pdf("tso/pdf/school_overview.html", context)
    except PdfRenderError as error:
        logger.warning("School overview PDF for %s failed: %s", access.school.slug, error)
        return pdf_failed(request, access)
    audit.record(
        audit.Kind.PDF_DOWNLOADED, request=request, school=access.school, subject="schooloverzicht"
    )
    return pdf_response(pdf, f"schooloverzicht-{slugify(access.school.name)}.pdf")


def pdf_failed(request, access=None) -> TemplateResponse:
    """A calm page instead of a 500 when a PDF cannot be made (time limit, renderer).

    It links back to the school, or to the model grid for the school-less model PDF.
    """
    return TemplateResponse(request, "tso/pdf_failed.html", {"access": access}, status=503)


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
