"""The leader checklist (Bijlage 6) on paper: a personal and a team document.

Personal: the participant's own answers per accent, where they rate themselves
lowest and highest, and their own pair's notes. Only the participant prints it.

Team: per statement how many chose each score, the averages per accent, the
joint notes and the agreements. Never anyone's individual answers, except the
names beside the answers of participants who chose to share their own (and
never for the board). Board members print it only when the school shared the
team result, and then without the notes.

Who sees what is decided in ontwikkelmodel/checklist.py. Personal data: these
documents are rendered fresh and not cached.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify

from ontwikkelmodel import checklist as rules
from ontwikkelmodel import checklist_talk as talk
from ontwikkelmodel.models import SCORE_LABELS, SCORES, ChecklistRound, QuestionStep
from schools import audit
from schools.access import school_view
from tso.pdf import STATIC_PREFIX, PdfRenderError, render_pdf
from tso.views import pdf_failed, pdf_response

logger = logging.getLogger(__name__)

# The print style of both documents, on top of css/pdf.css (by source name, no hash).
STYLESHEET = STATIC_PREFIX + "css/pdf-checklist.css"


def _round(access, round_id, user) -> ChecklistRound:
    checklist_round = get_object_or_404(
        ChecklistRound.objects.select_related("version").prefetch_related("participants"),
        pk=round_id,
        school=access.school,
    )
    if not rules.can_see_round(access, checklist_round, user):
        if access.is_member:
            raise PermissionDenied
        raise Http404
    return checklist_round


def _document(request, access, checklist_round, *, template, context, subject, filename):
    context.update(
        access=access,
        school=access.school,
        round=checklist_round,
        printed_at=timezone.now(),
        stylesheet=STYLESHEET,
        scores=[(score, SCORE_LABELS[score]) for score in SCORES],
    )
    try:
        pdf = render_pdf(template, context)
    except PdfRenderError as error:
        logger.warning("%s PDF for %s failed: %s", subject, access.school.slug, error)
        return pdf_failed(request, access)
    audit.record(audit.Kind.PDF_DOWNLOADED, request=request, school=access.school, subject=subject)
    name = "-".join(p for p in (filename, slugify(checklist_round.title)[:60].strip("-")) if p)
    return pdf_response(pdf, f"{name}.pdf")


def _notes(checklist_round, pair) -> list[tuple]:
    """[(question, note or None)] of a pair (a number) or of the joint step (None)."""
    step = QuestionStep.PAIRS if pair is not None else QuestionStep.TOGETHER
    notes = talk.notes_by_question(checklist_round, pair)
    return [(q, notes.get(q.pk)) for q in talk.questions(checklist_round, step)]


@school_view("ontwikkelmodel.view_checklists")
def checklist_personal_pdf(request, access, round_id):
    """My own answers and my own pair's notes: for my eyes only."""
    checklist_round = _round(access, round_id, request.user)
    me = rules.participant_of(checklist_round, request.user)
    if me is None:
        raise PermissionDenied
    pair_notes = []
    if me.pair is not None and rules.can_see_pair_notes(checklist_round, request.user, me.pair):
        pair_notes = _notes(checklist_round, me.pair)
    context = {
        "me": me,
        "result": rules.personal_result(checklist_round, me),
        "pair_members": [p for p in talk.pair_members(checklist_round, me.pair) if p.pk != me.pk],
        "pair_notes": pair_notes,
    }
    return _document(
        request,
        access,
        checklist_round,
        template="tso/pdf/checklist_personal.html",
        context=context,
        subject=f"checklist leidinggevenden ronde {checklist_round.pk} eigen resultaat",
        filename="checklist-eigen-resultaat",
    )


@school_view("ontwikkelmodel.view_checklists")
def checklist_team_pdf(request, access, round_id):
    """The team result: distributions, averages per accent, joint notes and agreements."""
    checklist_round = _round(access, round_id, request.user)
    if not rules.can_see_team_result(access, checklist_round, request.user):
        raise PermissionDenied
    with_names = rules.can_see_names(access, checklist_round, request.user)
    distributions = rules.distributions(checklist_round, with_names=with_names)
    agreements = list(checklist_round.agreements.order_by("order", "pk"))
    participants = list(checklist_round.participants.all())
    context = {
        "groups": rules.by_accent(distributions),
        "averages": rules.accent_averages(distributions),
        "with_names": with_names,
        "sharing": [p.name for p in participants if p.shares_own_answers and p.is_submitted],
        "participants": participants,
        "handed_in": sum(p.is_submitted for p in participants),
        # The board reads the distributions and agreements, never the team's notes.
        "joint_notes": _notes(checklist_round, None) if access.is_member else [],
        "agreements": agreements,
        "priorities": talk.priorities(agreements),
    }
    return _document(
        request,
        access,
        checklist_round,
        template="tso/pdf/checklist_team.html",
        context=context,
        subject=f"checklist leidinggevenden ronde {checklist_round.pk} teamresultaat",
        filename="checklist-teamresultaat",
    )
