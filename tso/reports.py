"""Printed reports: the year plan, the timeline, the voorgesprek, the Ontwikkelmodel,
the gespreksformulier and the school's Ontwikkelmodel profile."""

import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from ontwikkelmodel.grid import grid_context
from ontwikkelmodel.models import Accent, Groeilaag, Ronde
from ontwikkelmodel.profile import priority_of
from ontwikkelmodel.rondes import can_see_answers_of, participant_of
from ontwikkelmodel.views.profile import profile_context
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


# --- Ontwikkelmodel: the gespreksformulier (Bijlage 5) and the school's profile ---
#
# One print style for the three: the form reads best in landscape (four
# columns of text), the profile in portrait.
RONDES_STYLESHEET = STATIC_PREFIX + "css/pdf-rondes.css"


def _form_sections(ronde: Ronde, answers: dict) -> list[tuple[Groeilaag, list[tuple]]]:
    """The form as the handbook prints it: per groeilaag, a row per accent with its answer."""
    sections: dict[int, tuple[Groeilaag, list]] = {}
    accents = (
        Accent.objects.filter(groeilaag__version_id=ronde.version_id)
        .select_related("groeilaag")
        .order_by("groeilaag__number", "order", "pk")
    )
    for accent in accents:
        groeilaag = accent.groeilaag
        sections.setdefault(groeilaag.pk, (groeilaag, []))[1].append(
            (accent, answers.get(accent.pk))
        )
    return list(sections.values())


def _ranked(sections) -> list[tuple]:
    """(accent, answer) of every ranked goal, priority 1 first."""
    rows = [(accent, answer) for _g, rows in sections for accent, answer in rows]
    return sorted(
        ((a, answer) for a, answer in rows if answer is not None and answer.priority),
        key=lambda row: row[1].priority,
    )


@school_view("ontwikkelmodel.take_part")
def gespreksformulier_pdf(request, access, ronde_id):
    """One participant's own form: the logged-in participant's, or with ?deelnemer=<id>
    someone else's only where the ronde's visibility rules allow it."""
    ronde = get_object_or_404(
        Ronde.objects.prefetch_related("participants"), pk=ronde_id, school=access.school
    )
    wanted = request.GET.get("deelnemer")
    if wanted is None:
        participant = participant_of(ronde, request.user)
    else:
        participant = next((p for p in ronde.participants.all() if str(p.pk) == wanted), None)
    if participant is None:
        raise Http404
    if not can_see_answers_of(access, ronde, participant, request.user):
        raise PermissionDenied
    sections = _form_sections(ronde, {a.accent_id: a for a in participant.answers.all()})
    filled_in = participant.submitted_at or participant.saved_at
    context = {
        "ronde": ronde,
        "joint": False,
        "sections": sections,
        "ranked": _ranked(sections),
        "form_date": filled_in.date() if filled_in else None,
        "filled_in_by": participant.name,
        "filled_in_role": participant.role_label,
        "is_draft": not participant.is_submitted,
        "rondes_stylesheet": RONDES_STYLESHEET,
    }
    return _report(
        request,
        access,
        template="tso/pdf/gespreksformulier.html",
        context=context,
        subject=f"gespreksformulier ronde {ronde.pk} deelnemer {participant.pk}",
        filename=f"gespreksformulier-{slugify(participant.name)}",
    )


@school_view("ontwikkelmodel.view_rondes")
def joint_result_pdf(request, access, ronde_id):
    """The agreed result in the form's layout, and the follow-up plan of each priority.

    Board members read it once the ronde is closed; nobody before the joint step.
    """
    ronde = get_object_or_404(Ronde, pk=ronde_id, school=access.school)
    if ronde.is_individual or not (ronde.is_closed or access.is_member):
        raise Http404
    sections = _form_sections(ronde, {a.accent_id: a for a in ronde.joint_answers.all()})
    ranked = _ranked(sections)
    context = {
        "ronde": ronde,
        "joint": True,
        "sections": sections,
        "ranked": ranked,
        "plans": [priority_of(answer, accent) for accent, answer in ranked],
        "form_date": ronde.results_date if ronde.is_closed or ronde.joint_date else None,
        "filled_in_by": ", ".join(p.name for p in ronde.participants.all()),
        "is_draft": not ronde.is_closed,
        "rondes_stylesheet": RONDES_STYLESHEET,
    }
    return _report(
        request,
        access,
        template="tso/pdf/gespreksformulier.html",
        context=context,
        subject=f"gezamenlijke uitkomst ronde {ronde.pk}",
        filename=f"gespreksformulier-gezamenlijk-{ronde.results_date:%Y-%m-%d}",
    )


@school_view("ontwikkelmodel.view_profile")
def profile_pdf(request, access):
    """The profile report: grid, radars, trends, priorities with their follow-up plan."""
    context = profile_context(access)
    context["rondes_stylesheet"] = RONDES_STYLESHEET
    return _report(
        request,
        access,
        template="tso/pdf/profile.html",
        context=context,
        subject="ontwikkelmodel profiel",
        filename="ontwikkelmodel-profiel",
    )
