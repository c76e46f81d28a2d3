"""Pages that combine every app: the school dashboard and the reports."""

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify

from schools import audit
from schools.access import school_view
from tso.pdf import render_pdf


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
    return TemplateResponse(request, "tso/dashboard.html", context)


@school_view("schools.print_overview")
def school_overview_pdf(request, access):
    context = school_overview_context(access)
    context.update(printed_at=timezone.now(), printed_by=request.user)
    pdf = render_pdf("tso/pdf/school_overview.html", context)
    audit.record(audit.Kind.PDF_DOWNLOADED, request=request, school=access.school,
                 subject="schooloverzicht")
    return pdf_response(pdf, f"schooloverzicht-{slugify(access.school.name)}.pdf")


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
