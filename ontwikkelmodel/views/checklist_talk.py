"""The conversation after the leader checklist (Bijlage 6): pairs, notes, agreements.

Step 1 in pairs (checklist_pairs to divide them, checklist_pair_notes for the
pair's own notes, private to the pair); step 2 together (checklist_conversation:
the joint notes and the agreements, wie/wat/wanneer). What may change is decided
in ontwikkelmodel/checklist_talk.py, who sees what in ontwikkelmodel/checklist.py;
these views scope, load, validate, save and render.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from ontwikkelmodel import checklist as rules
from ontwikkelmodel import checklist_talk as talk
from ontwikkelmodel.forms_checklist_talk import AgreementForm, NotesForm, PairsForm
from ontwikkelmodel.models import (
    ChecklistAgreement,
    ChecklistParticipant,
    ChecklistRound,
    QuestionStep,
)
from schools.access import school_view

VIEW = "ontwikkelmodel.view_checklists"
INVALID = 422  # htmx swaps 409 and 422 (see base.html); plain forms show the same page
CONFLICT = 409

# Loading ------------------------------------------------------------------------------


def _round(access, round_id, user) -> ChecklistRound:
    """The round, scoped to the school; members who may not see it get 403, the board 404."""
    rounds = (
        ChecklistRound.objects.filter(school=access.school)
        .select_related("version")
        .prefetch_related(
            Prefetch("participants", queryset=ChecklistParticipant.objects.order_by("name", "pk"))
        )
    )
    checklist_round = get_object_or_404(rounds, pk=round_id)
    if not rules.can_see_round(access, checklist_round, user):
        if access.is_member:
            raise PermissionDenied
        raise Http404
    return checklist_round


def _base(access, checklist_round, **extra) -> dict:
    return {
        "access": access,
        "school": access.school,
        "round": checklist_round,
        "status": rules.round_status(checklist_round),
        **extra,
    }


def _url(name, access, checklist_round, *args) -> str:
    return reverse(name, args=[access.school.slug, checklist_round.pk, *args])


def _now() -> str:
    return time_format(timezone.localtime(), "H:i")


# Step 1: pairs --------------------------------------------------------------------------


@school_view("ontwikkelmodel.open_checklist")
def checklist_pairs(request, access, round_id):
    """The schoolleider divides the participants into pairs (a group of three when odd)."""
    checklist_round = _round(access, round_id, request.user)
    if not rules.can_manage_round(access):
        raise PermissionDenied
    participants = list(checklist_round.participants.all())
    locked = talk.pairs_with_notes(checklist_round)
    suggestion = None
    if not any(p.pair for p in participants):
        suggestion = talk.suggested_pairs(participants)

    def page(form, status=200):
        groups = {}
        for participant in participants:
            if participant.pair:
                groups.setdefault(participant.pair, []).append(participant)
        return TemplateResponse(
            request,
            "ontwikkelmodel/checklist_pairs.html",
            _base(
                access,
                checklist_round,
                form=form,
                groups=sorted(groups.items()),
                locked=locked,
                suggested=suggestion is not None and len(participants) > 1,
            ),
            status=status,
        )

    if request.method != "POST":
        return page(PairsForm(participants=participants, locked=locked, initial_pairs=suggestion))
    if checklist_round.is_closed:
        messages.error(request, talk.CLOSED_MESSAGE)
        return page(PairsForm(participants=participants, locked=locked), status=CONFLICT)
    form = PairsForm(request.POST, participants=participants, locked=locked)
    if not form.is_valid():
        return page(form, status=INVALID)
    try:
        talk.assign_pairs(checklist_round, form.assignment())
    except rules.ChecklistError as error:
        form.add_error(None, str(error))
        return page(form, status=INVALID)
    messages.success(request, _("De tweetallen zijn opgeslagen."))
    return redirect(_url("checklist_pairs", access, checklist_round))


@school_view(VIEW)
def checklist_pair_notes(request, access, round_id):
    """My pair's notes on the six questions: only the members of the pair read and write them."""
    checklist_round = _round(access, round_id, request.user)
    me = rules.participant_of(checklist_round, request.user)
    if me is None:
        raise PermissionDenied  # not the schoolleider, not a kartrekker, not the board
    pair = me.pair
    context = _base(
        access,
        checklist_round,
        me=me,
        pair=pair,
        members=talk.pair_members(checklist_round, pair),
        result=rules.personal_result(checklist_round, me),
        can_manage=rules.can_manage_round(access),
    )
    if pair is None or not rules.can_see_pair_notes(checklist_round, request.user, pair):
        return TemplateResponse(request, "ontwikkelmodel/checklist_pair_notes.html", context)
    return _notes(
        request,
        checklist_round,
        pair=pair,
        step=QuestionStep.PAIRS,
        template="ontwikkelmodel/checklist_pair_notes.html",
        context=context,
        editable=not checklist_round.is_closed,
    )


def _notes_page(
    request,
    checklist_round,
    *,
    pair,
    step,
    template,
    context,
    editable,
    form=None,
    status=200,
    **more,
):
    """The page (or with htmx its notes form) with the notes of a pair or of the joint step."""
    notes = talk.notes_by_question(checklist_round, pair)
    if form is None:
        form = NotesForm(questions=talk.questions(checklist_round, step), notes=notes)
    data = {
        **context,
        "notes_form": form,
        "note_rows": form.rows(notes, more.get("conflicts")),
        "editable": editable,
        **more,
    }
    name = f"{template}#notes-form" if request.htmx else template
    return TemplateResponse(request, name, data, status=status)


def _notes(request, checklist_round, *, pair, step, template, context, editable):
    """Show and save the notes of a pair or of the joint step (one form, a version per note)."""
    where = {"pair": pair, "step": step, "template": template, "context": context}
    if request.method != "POST":
        return _notes_page(request, checklist_round, editable=editable, **where)
    questions = talk.questions(checklist_round, step)
    form = NotesForm(
        request.POST, questions=questions, notes=talk.notes_by_question(checklist_round, pair)
    )
    if not editable:
        messages.error(request, talk.CLOSED_MESSAGE)
        return _notes_page(
            request,
            checklist_round,
            editable=False,
            form=form,
            status=CONFLICT,
            closed_error=True,
            **where,
        )
    if not form.is_valid():
        return _notes_page(
            request, checklist_round, editable=True, form=form, status=INVALID, **where
        )
    try:
        conflicts = talk.save_notes(checklist_round, pair, form.posted(), request.user)
    except rules.ChecklistError as error:  # closed in the meantime
        messages.error(request, str(error))
        return _notes_page(
            request,
            checklist_round,
            editable=False,
            form=form,
            status=CONFLICT,
            closed_error=True,
            **where,
        )
    if conflicts:
        form.keep_theirs_version(conflicts)
        return _notes_page(
            request,
            checklist_round,
            editable=True,
            form=form,
            status=CONFLICT,
            conflicts={c.question.pk: c for c in conflicts},
            **where,
        )
    if request.htmx:
        return _notes_page(request, checklist_round, editable=True, saved_at=_now(), **where)
    messages.success(request, _("De notities zijn opgeslagen om %(time)s.") % {"time": _now()})
    return redirect(request.path)


# Step 2: together -------------------------------------------------------------------------


def _agreements_context(request, checklist_round, **extra) -> dict:
    agreements = list(checklist_round.agreements.order_by("order", "pk"))
    editable = _can_edit(checklist_round, request.user)
    return {
        "agreements": agreements,
        "priorities": talk.priorities(agreements),
        "agreements_editable": editable,
        **extra,
    }


def _can_edit(checklist_round, user) -> bool:
    """Participants write the joint notes and agreements, until the round closes."""
    return rules.participant_of(checklist_round, user) is not None and not checklist_round.is_closed


def _agreement_form(checklist_round, agreement=None, data=None, prefix=None):
    return AgreementForm(
        data,
        instance=agreement or ChecklistAgreement(round=checklist_round),
        today=timezone.localdate(),
        version=talk.agreement_version(agreement),
        prefix=prefix,
    )


CONVERSATION = "ontwikkelmodel/checklist_conversation.html"


@school_view(VIEW)
def checklist_conversation(request, access, round_id):
    """The four joint questions with notes, the priority and the agreements (wie, wat, wanneer).

    Participants write; kartrekkers and schoolleiders read; board members read only
    the agreements, and only when the school shared the team result.
    """
    checklist_round = _round(access, round_id, request.user)
    if not rules.can_see_agreements(access, checklist_round, request.user):
        raise PermissionDenied
    me = rules.participant_of(checklist_round, request.user)
    if request.method == "POST" and me is None:
        raise PermissionDenied  # kartrekkers, schoolleiders outside the round: they read along
    editable = _can_edit(checklist_round, request.user)
    team_result = rules.can_see_team_result(access, checklist_round, request.user)
    context = _base(
        access,
        checklist_round,
        me=me,
        reads_notes=access.is_member,  # the board reads the agreements only
        team_result=team_result,
        averages=(
            rules.accent_averages(rules.distributions(checklist_round)) if team_result else []
        ),
        can_change_plan=access.is_member and request.user.has_perm("actieplan.change_plan", access),
        **_agreements_context(request, checklist_round),
        new_form=_agreement_form(checklist_round, prefix="new"),
    )
    where = {
        "pair": None,
        "step": QuestionStep.TOGETHER,
        "template": CONVERSATION,
        "context": context,
    }
    if request.method == "POST" and request.POST.get("form") == "agreement":
        if checklist_round.is_closed:
            return _refuse_closed(request, access, checklist_round, context)
        form = _agreement_form(checklist_round, data=request.POST, prefix="new")
        if not form.is_valid():
            context["new_form"] = form
            if request.htmx:
                return TemplateResponse(
                    request, CONVERSATION + "#agreements", context, status=INVALID
                )
            return _notes_page(request, checklist_round, editable=editable, status=INVALID, **where)
        agreement = talk.add_agreement(checklist_round, user=request.user, **form.values())
        if not request.htmx:
            messages.success(request, _("De afspraak is toegevoegd."))
            return redirect(
                _url("checklist_conversation", access, checklist_round)
                + f"#afspraak-{agreement.pk}"
            )
        context.update(_agreements_context(request, checklist_round), added=agreement, oob=True)
        return TemplateResponse(request, CONVERSATION + "#agreements", context)
    if not access.is_member:
        return TemplateResponse(request, CONVERSATION, context)
    return _notes(request, checklist_round, editable=editable, **where)


def _refuse_closed(request, access, checklist_round, context):
    """A change after the round closed: a clear message, nothing saved."""
    if request.htmx:
        return TemplateResponse(request, CONVERSATION + "#closed-message", context, status=CONFLICT)
    messages.error(request, talk.CLOSED_MESSAGE)
    return redirect(_url("checklist_conversation", access, checklist_round) + "#afspraken")


def _agreement(access, round_id, agreement_id, user):
    checklist_round = _round(access, round_id, user)
    if rules.participant_of(checklist_round, user) is None:
        raise PermissionDenied  # only the participants change agreements
    agreement = get_object_or_404(checklist_round.agreements, pk=agreement_id)
    agreement.round = checklist_round
    return checklist_round, agreement


@school_view(VIEW)
def checklist_agreement_edit(request, access, round_id, agreement_id):
    checklist_round, agreement = _agreement(access, round_id, agreement_id, request.user)
    context = _base(access, checklist_round, agreement=agreement, agreements_editable=True)
    template = "ontwikkelmodel/checklist_agreement_form.html"
    partial = "ontwikkelmodel/checklist_conversation.html#agreement-edit"
    back = _url("checklist_conversation", access, checklist_round) + f"#afspraak-{agreement.pk}"

    if request.method != "POST":
        if checklist_round.is_closed:
            messages.error(request, talk.CLOSED_MESSAGE)
            return redirect(back)
        if request.GET.get("annuleren") and request.htmx:
            return TemplateResponse(
                request, "ontwikkelmodel/checklist_conversation.html#agreement-row", context
            )
        context["form"] = _agreement_form(checklist_round, agreement)
        return TemplateResponse(request, partial if request.htmx else template, context)
    if checklist_round.is_closed:
        return _refuse_closed(request, access, checklist_round, context)
    form = _agreement_form(checklist_round, agreement, data=request.POST)
    context["form"] = form
    if not form.is_valid():
        return TemplateResponse(
            request, partial if request.htmx else template, context, status=INVALID
        )
    conflict = talk.change_agreement(
        agreement, form.cleaned_data.get("version"), user=request.user, **form.values()
    )
    if conflict is not None:
        agreement.refresh_from_db()
        data = request.POST.copy()
        data["version"] = str(conflict.version)
        form = _agreement_form(checklist_round, agreement, data=data)
        form.is_valid()
        context.update(form=form, conflict=conflict)
        return TemplateResponse(
            request, partial if request.htmx else template, context, status=CONFLICT
        )
    if request.htmx:
        context.update(_agreements_context(request, checklist_round), oob=True)
        return TemplateResponse(
            request, "ontwikkelmodel/checklist_conversation.html#agreement-saved", context
        )
    messages.success(request, _("De afspraak is opgeslagen."))
    return redirect(back)


@school_view(VIEW)
def checklist_agreement_delete(request, access, round_id, agreement_id):
    checklist_round, agreement = _agreement(access, round_id, agreement_id, request.user)
    context = _base(access, checklist_round, agreement=agreement)
    back = _url("checklist_conversation", access, checklist_round) + "#afspraken"
    if checklist_round.is_closed:
        if request.method == "POST":
            return _refuse_closed(request, access, checklist_round, context)
        messages.error(request, talk.CLOSED_MESSAGE)
        return redirect(back)
    if request.method != "POST":
        return TemplateResponse(request, "ontwikkelmodel/checklist_agreement_delete.html", context)
    talk.delete_agreement(agreement, request.user)
    if request.htmx:
        context.update(_agreements_context(request, checklist_round), oob=True)
        return TemplateResponse(
            request, "ontwikkelmodel/checklist_conversation.html#agreement-deleted", context
        )
    messages.success(request, _("De afspraak is verwijderd."))
    return redirect(back)
