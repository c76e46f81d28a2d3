"""The leader checklist (handbook Bijlage 6): opening a round, filling in, results.

Who sees what when is decided in ontwikkelmodel/checklist.py; these views scope,
load, validate, save and render. The conversation pages are in checklist_talk.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ontwikkelmodel import checklist as rules
from ontwikkelmodel.forms_checklist import ChecklistFillForm, ChecklistRoundForm
from ontwikkelmodel.models import ChecklistParticipant, ChecklistRound, ChecklistVersion
from schools.access import school_view

VIEW = "ontwikkelmodel.view_checklists"
OPEN = "ontwikkelmodel.open_checklist"

# Loading ------------------------------------------------------------------------------


def _round(access, round_id, user) -> ChecklistRound:
    """The round, scoped to the school and to who may see it at all.

    Members who may not see it get 403; board members get 404 for a round the school
    did not share, so they cannot even learn it exists.
    """
    rounds = ChecklistRound.objects.filter(school=access.school).prefetch_related(
        Prefetch("participants", queryset=ChecklistParticipant.objects.order_by("name", "pk"))
    )
    checklist_round = get_object_or_404(rounds, pk=round_id)
    if not rules.can_see_round(access, checklist_round, user):
        if access.is_member:
            raise PermissionDenied
        raise Http404
    return checklist_round


def _me(checklist_round, user) -> ChecklistParticipant:
    """The user's own participation; anyone else is refused (their answers are private)."""
    me = rules.participant_of(checklist_round, user)
    if me is None:
        raise PermissionDenied
    return me


def _base(access, checklist_round=None, **extra) -> dict:
    return {"access": access, "school": access.school, "round": checklist_round, **extra}


def _url(name, access, checklist_round) -> str:
    return reverse(name, args=[access.school.slug, checklist_round.pk])


# The list and a new round ------------------------------------------------------------------


@school_view(VIEW)
def checklist_list(request, access):
    rounds = list(rules.with_counts(rules.visible_rounds(access, request.user), request.user))
    for checklist_round in rounds:
        checklist_round.status = rules.status_from_counts(
            checklist_round.is_closed,
            checklist_round.submitted_count,
            checklist_round.participant_count,
        )
    return TemplateResponse(
        request,
        "ontwikkelmodel/checklist_list.html",
        _base(
            access,
            rounds=rounds,
            can_open=rules.can_manage_round(access),
            statuses=rules.RoundStatus,
        ),
    )


@school_view(OPEN)
def checklist_add(request, access):
    members = rules.eligible_members(access.school)
    version = ChecklistVersion.objects.current()
    today = timezone.localdate()
    default_title = _("Checklist leidinggevenden %(month)s") % {"month": date_format(today, "F Y")}
    own = [m.pk for m in members if m.user_id == request.user.pk]
    form = ChecklistRoundForm(
        request.POST if request.method == "POST" else None,
        members=members,
        initial={"title": default_title, "participants": [m.pk for m in members] or own},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            checklist_round = rules.open_round(
                access.school,
                title=data["title"],
                members=data["participants"],
                opened_by=request.user,
            )
        except rules.ChecklistError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Ronde ‘%(title)s’ geopend. De deelnemers kunnen de checklist nu invullen.")
                % {"title": checklist_round.title},
            )
            if len(data["participants"]) < rules.RECOMMENDED_MIN_PARTICIPANTS:
                messages.warning(
                    request,
                    _(
                        "Er doet één persoon mee. Dat kan, maar het gesprek in tweetallen en "
                        "het teamresultaat werken pas met twee of meer deelnemers."
                    ),
                )
            return redirect(_url("checklist_detail", access, checklist_round))
    return TemplateResponse(
        request,
        "ontwikkelmodel/checklist_form.html",
        _base(
            access,
            form=form,
            version=version,
            statement_count=version.statements.filter(is_active=True).count() if version else 0,
            recommended=rules.RECOMMENDED_MIN_PARTICIPANTS,
        ),
        status=400 if request.method == "POST" else 200,
    )


# One round ---------------------------------------------------------------------------------


@school_view(VIEW)
def checklist_detail(request, access, round_id):
    user = request.user
    checklist_round = _round(access, round_id, user)
    me = rules.participant_of(checklist_round, user)
    participants = list(checklist_round.participants.all())
    return TemplateResponse(
        request,
        "ontwikkelmodel/checklist_detail.html",
        _base(
            access,
            checklist_round,
            me=me,
            status=rules.round_status(checklist_round),
            statuses=rules.RoundStatus,
            participants=participants if access.is_member else [],
            submitted=sum(p.is_submitted for p in participants),
            total=len(participants),
            can_fill=me is not None and rules.can_edit_answers(checklist_round, me),
            can_see_team=rules.can_see_team_result(access, checklist_round, user),
            can_see_agreements=rules.can_see_agreements(access, checklist_round, user),
            can_manage=rules.can_manage_round(access),
            has_pair=me is not None and me.pair is not None,
            statement_count=checklist_round.round_statements.count(),
        ),
    )


def _refusal(request, access, checklist_round, message, *, status):
    """A refused change: a clear Dutch message, never a 500."""
    if request.htmx:
        return TemplateResponse(
            request,
            "ontwikkelmodel/checklist_fill.html#progress",
            _base(access, checklist_round, error=message, answered=None),
            status=422,
        )
    return TemplateResponse(
        request,
        "ontwikkelmodel/checklist_refused.html",
        _base(access, checklist_round, message=message),
        status=status,
    )


@school_view(VIEW)
def checklist_fill(request, access, round_id):
    checklist_round = _round(access, round_id, request.user)
    me = _me(checklist_round, request.user)
    statements = rules.round_statements(checklist_round)
    if request.method == "POST":
        posted_for = request.POST.get("participant", "")
        if posted_for not in ("", str(me.pk)):
            return _refusal(
                request,
                access,
                checklist_round,
                _("Je kunt alleen je eigen checklist invullen, niet die van een ander."),
                status=403,
            )
        if not rules.can_edit_answers(checklist_round, me):
            return _refusal(request, access, checklist_round, _locked(checklist_round), status=403)
        form = ChecklistFillForm(request.POST, statements=statements)
        missing = []
        if form.is_valid():
            try:
                rules.save_answers(checklist_round, me, form.scores())
            except rules.ChecklistError as error:
                form.add_error(None, str(error))
            else:
                if me.shares_own_answers != form.cleaned_data["shares_own_answers"]:
                    rules.set_shares_own_answers(me, form.cleaned_data["shares_own_answers"])
                if request.htmx:
                    context = _fill_context(access, checklist_round, me, form, statements)
                    context["answered"] = len(rules.own_scores(me))
                    context["saved_at"] = timezone.localtime()
                    return TemplateResponse(
                        request, "ontwikkelmodel/checklist_fill.html#progress", context
                    )
                if "submit" not in request.POST:
                    messages.success(
                        request,
                        _("Concept opgeslagen. Je kunt later verder; niemand anders ziet het."),
                    )
                    return redirect(_url("checklist_fill", access, checklist_round))
                try:
                    rules.submit(checklist_round, me)
                except rules.ChecklistError as error:
                    form.add_error(None, str(error))
                    missing = [s for s, field in form.rows() if field.value() in (None, "")]
                else:
                    messages.success(
                        request,
                        _(
                            "Je checklist is ingeleverd. Hieronder zie je je eigen resultaat; "
                            "het team ziet alleen hoeveel mensen elk antwoord kozen."
                        ),
                    )
                    return redirect(_url("checklist_personal", access, checklist_round))
        if request.htmx:
            context = _fill_context(access, checklist_round, me, form, statements)
            context["error"] = " ".join(str(e) for e in form.non_field_errors()) or str(
                _("Kies een score van 1 (helemaal oneens) tot en met 5 (helemaal mee eens).")
            )
            return TemplateResponse(
                request, "ontwikkelmodel/checklist_fill.html#progress", context, status=422
            )
        return TemplateResponse(
            request,
            "ontwikkelmodel/checklist_fill.html",
            _fill_context(access, checklist_round, me, form, statements, missing=missing),
            status=400,
        )
    if not rules.can_edit_answers(checklist_round, me):
        messages.info(request, _locked(checklist_round))
        return redirect(_url("checklist_personal", access, checklist_round))
    scores = rules.own_scores(me)
    form = ChecklistFillForm(
        statements=statements,
        initial={
            "shares_own_answers": me.shares_own_answers,
            **{ChecklistFillForm.field_name(s): scores.get(s.statement_id) for s in statements},
        },
    )
    return TemplateResponse(
        request,
        "ontwikkelmodel/checklist_fill.html",
        _fill_context(access, checklist_round, me, form, statements),
    )


def _locked(checklist_round) -> str:
    if checklist_round.is_closed:
        return _(
            "Deze ronde is afgesloten; de antwoorden liggen vast en kunnen niet meer veranderen."
        )
    return _("Je hebt je checklist al ingeleverd; je antwoorden liggen vast.")


def _fill_context(access, checklist_round, me, form, statements, *, missing=()):
    rows = form.rows()
    answered = sum(1 for _statement, field in rows if field.value() not in (None, ""))
    return _base(
        access,
        checklist_round,
        me=me,
        form=form,
        groups=rules.by_accent(rows, accent=lambda row: row[0].accent_code),
        answered=answered,
        total=len(statements),
        missing=missing,
    )


@school_view(VIEW)
def checklist_personal(request, access, round_id):
    checklist_round = _round(access, round_id, request.user)
    me = _me(checklist_round, request.user)
    if request.method == "POST":
        rules.set_shares_own_answers(me, request.POST.get("shares_own_answers") == "1")
        messages.success(
            request,
            _("Het team ziet je antwoorden nu met je naam.")
            if me.shares_own_answers
            else _("Het team ziet je antwoorden nu alleen in de telling, zonder naam."),
        )
        return redirect(_url("checklist_personal", access, checklist_round))
    return TemplateResponse(
        request,
        "ontwikkelmodel/checklist_personal.html",
        _base(
            access,
            checklist_round,
            me=me,
            result=rules.personal_result(checklist_round, me),
            can_fill=rules.can_edit_answers(checklist_round, me),
            can_see_team=rules.can_see_team_result(access, checklist_round, request.user),
        ),
    )


@school_view(VIEW)
def checklist_team(request, access, round_id):
    user = request.user
    checklist_round = _round(access, round_id, user)
    participants = list(checklist_round.participants.all())
    if not rules.can_see_team_result(access, checklist_round, user):
        return TemplateResponse(
            request,
            "ontwikkelmodel/checklist_team_waiting.html",
            _base(
                access,
                checklist_round,
                submitted=sum(p.is_submitted for p in participants),
                total=len(participants),
            ),
            status=403,
        )
    with_names = rules.can_see_names(access, checklist_round, user)
    distributions = rules.distributions(checklist_round, with_names=with_names)
    return TemplateResponse(
        request,
        "ontwikkelmodel/checklist_team.html",
        _base(
            access,
            checklist_round,
            groups=rules.by_accent(distributions),
            averages=rules.accent_averages(distributions),
            with_names=with_names,
            sharing=[p.name for p in participants if p.shares_own_answers and p.is_submitted]
            if with_names
            else [],
            submitted=sum(p.is_submitted for p in participants),
            total=len(participants),
            scores=rules.SCORE_LABELS.items(),
            can_see_agreements=rules.can_see_agreements(access, checklist_round, user),
        ),
    )


# Schoolleider actions -------------------------------------------------------------------------


@school_view(OPEN)
@require_POST
def checklist_share(request, access, round_id):
    checklist_round = _round(access, round_id, request.user)
    share = request.POST.get("share") == "1"
    rules.set_share_with_board(checklist_round, share, request.user)
    messages.success(
        request,
        _(
            "Het bestuur ziet nu de verdeling per stelling en de afspraken, "
            "nooit iemands eigen antwoorden."
        )
        if share
        else _("Het teamresultaat is niet meer zichtbaar voor het bestuur."),
    )
    return redirect(_url("checklist_detail", access, checklist_round))


@school_view(OPEN)
@require_POST
def checklist_close(request, access, round_id):
    checklist_round = _round(access, round_id, request.user)
    try:
        rules.close_round(checklist_round, request.user)
    except rules.ChecklistError as error:
        messages.info(request, str(error))
        return redirect(_url("checklist_detail", access, checklist_round))
    messages.success(
        request,
        _(
            "De ronde is afgesloten. De antwoorden liggen vast en het teamresultaat is open, "
            "ook als nog niet iedereen had ingeleverd."
        ),
    )
    return redirect(_url("checklist_team", access, checklist_round))
