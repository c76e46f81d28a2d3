"""Printed reports: the year plan, the timeline, the voorgesprek, the Ontwikkelmodel."""

import logging

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from ontwikkelmodel.grid import grid_context
from phases.models import (
    ActionStatus,
    Implementation,
    Phase,
    Voorgesprek,
    VoorgesprekKind,
    school_year_of,
)
from phases.planning import plan_groups, plan_sessions, sessions_by_month
from phases.timeline import derived_phase_number, today
from phases.views.voorgesprek import summary_context
from schools import audit
from schools.access import school_view
from tso.pdf import STATIC_PREFIX, PdfRenderError, render_pdf
from tso.views import pdf_failed, pdf_response

logger = logging.getLogger(__name__)

# Extra print styles of these two reports (the landscape page of the timeline).
# The PDF fetcher serves static files by their source name, so this is not
# a {% static %} URL (which carries a hash in production).
PLAN_STYLESHEET = STATIC_PREFIX + "css/pdf-plan.css"


def _report(request, access, *, template, context, subject, filename):
    context.update(
        access=access,
        school=access.school,
        printed_at=timezone.now(),
        printed_by=request.user,
        stylesheet=PLAN_STYLESHEET,
    )
    try:
        pdf = render_pdf(template, context)
    except PdfRenderError as error:
        logger.warning("%s PDF for %s failed: %s", subject, access.school.slug, error)
        return pdf_failed(request, access)
    audit.record(audit.Kind.PDF_DOWNLOADED, request=request, school=access.school, subject=subject)
    return pdf_response(pdf, f"{filename}-{slugify(access.school.name)}.pdf")


def _implementation(school):
    return Implementation.objects.select_related("phase_override").filter(school=school).first()


@school_view("phases.view_plan")
def year_plan_pdf(request, access):
    school = access.school
    implementation = _implementation(school)
    t0 = implementation.t0 if implementation else None
    context = {
        "t0": t0,
        "school_year": school_year_of(t0) if t0 else None,
        "months": sessions_by_month(plan_sessions(school), t0),
        "groups": list(plan_groups(school)),
    }
    return _report(
        request,
        access,
        template="tso/pdf/year_plan.html",
        context=context,
        subject="jaarplanning",
        filename="jaarplanning",
    )


@school_view("phases.view_plan")
def timeline_pdf(request, access):
    school = access.school
    day = today()
    implementation = _implementation(school)
    t0 = implementation.t0 if implementation else None
    phases = list(Phase.objects.all())
    actions = list(school.timeline_actions.select_related("phase", "owner__user"))
    for action in actions:
        action.overdue = action.is_overdue(day)
    number = derived_phase_number(t0, actions, day)
    override = implementation.phase_override if implementation else None
    context = {
        "t0": t0,
        "today": day,
        "current_phase": override or next((p for p in phases if p.number == number), None),
        "phase_is_override": override is not None,
        "phases": [
            {"phase": phase, "actions": [a for a in actions if a.phase_id == phase.pk]}
            for phase in phases
        ],
        "action_count": len(actions),
        "done_count": sum(a.status == ActionStatus.GEDAAN for a in actions),
        "overdue_count": sum(a.overdue for a in actions),
    }
    return _report(
        request,
        access,
        template="tso/pdf/timeline.html",
        context=context,
        subject="tijdlijn",
        filename="tijdlijn",
    )


# The voorgesprek's report: the summary as a document the school files.
VOORGESPREK_STYLESHEET = STATIC_PREFIX + "css/pdf-voorgesprek.css"


@school_view("phases.view_voorgesprek_outcome")
def voorgesprek_pdf(request, access, voorgesprek_id):
    voorgesprek = get_object_or_404(
        Voorgesprek.objects.select_related("next_meeting_action"),
        pk=voorgesprek_id,
        school=access.school,
    )
    # Board members read the decision and the afspraken, never the notes.
    full = request.user.has_perm("phases.view_voorgesprek", access)
    context = summary_context(access, voorgesprek, full=full)
    context["voorgesprek_stylesheet"] = VOORGESPREK_STYLESHEET
    kind = "verkennend" if voorgesprek.kind == VoorgesprekKind.VERKENNEND else "praktisch"
    return _report(
        request,
        access,
        template="tso/pdf/voorgesprek.html",
        context=context,
        subject=f"voorgesprek {voorgesprek.pk}",
        filename=f"verslag-{kind}-voorgesprek-{voorgesprek.date:%Y-%m-%d}",
    )


# The Ontwikkelmodel grid as a handout. It belongs to no school, so unlike the
# reports above it records no audit event: audit.record needs a school, and
# printing the public model reveals nothing about one.
ONTWIKKELMODEL_STYLESHEET = STATIC_PREFIX + "css/pdf-ontwikkelmodel.css"


@login_required
def ontwikkelmodel_pdf(request):
    context = grid_context()
    context.update(
        header_title=gettext("Ontwikkelmodel TSO"),
        printed_at=timezone.now(),
        printed_by=request.user,
        stylesheet=ONTWIKKELMODEL_STYLESHEET,
    )
    try:
        pdf = render_pdf("tso/pdf/ontwikkelmodel.html", context)
    except PdfRenderError as error:
        logger.warning("Ontwikkelmodel PDF failed: %s", error)
        return pdf_failed(request)
    return pdf_response(pdf, "ontwikkelmodel-tso.pdf")
