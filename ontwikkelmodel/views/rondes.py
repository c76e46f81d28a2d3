"""A school's rondes with the gespreksformulier (handbook Bijlage 5).

Step 1, each participant alone (ronde_individual); step 2, the group together
(ronde_joint, ronde_follow_up); then closed and read-only. Who sees what when
is decided in ontwikkelmodel/rondes.py; these views scope, load, validate,
save and render.
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
from django.views.decorators.http import require_POST

from ontwikkelmodel import rondes as rules
from ontwikkelmodel.forms import (
    PRIVACY_HELP,
    AnswersForm,
    FollowUpForm,
    JointAnswersForm,
    RondeForm,
    StepForm,
)
from ontwikkelmodel.models import JointAnswer, Participant, Ronde, RondeStep
from schools.access import school_view

# Loading ------------------------------------------------------------------------


def _ronde(access, ronde_id) -> Ronde:
    """The ronde, scoped to the school; board members reach closed rondes only."""
    rondes = Ronde.objects.filter(school=access.school).prefetch_related(
        Prefetch("participants", queryset=Participant.objects.order_by("name", "pk"))
    )
    if not access.is_member:
        rondes = rondes.filter(step=RondeStep.CLOSED)
    return get_object_or_404(rondes, pk=ronde_id)


def _base(access, ronde=None, **extra) -> dict:
    return {"access": access, "school": access.school, "ronde": ronde, **extra}


def _detail_url(access, ronde) -> str:
    return reverse("ronde_detail", args=[access.school.slug, ronde.pk])


def _local_time(moment) -> str:
    return time_format(timezone.localtime(moment), "H:i")


# The list and a new ronde -------------------------------------------------------------


@school_view("ontwikkelmodel.view_rondes")
def ronde_list(request, access):
    return TemplateResponse(
        request,
        "ontwikkelmodel/ronde_list.html",
        _base(
            access,
            rondes=list(rules.visible_rondes(access, request.user)),
            can_manage=rules.can_manage_rondes(access),
        ),
    )


@school_view("ontwikkelmodel.manage_rondes")
def ronde_add(request, access):
    members = rules.eligible_members(access.school)
    today = timezone.localdate()
    form = RondeForm(
        request.POST if request.method == "POST" else None,
        members=members,
        today=today,
        initial={"participants": [m.pk for m in members]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ronde = rules.open_ronde(
                access.school,
                title=data["title"],
                deadline=data["deadline"],
                members=data["participants"],
                opened_by=request.user,
            )
        except rules.RondeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Ronde ‘%(title)s’ geopend. De deelnemers kunnen hun formulier nu invullen.")
                % {"title": ronde.title},
            )
            return redirect(_detail_url(access, ronde))
    return TemplateResponse(
        request,
        "ontwikkelmodel/ronde_form.html",
        _base(access, form=form),
        status=400 if request.method == "POST" else 200,
    )


# One ronde ------------------------------------------------------------------------------


@school_view("ontwikkelmodel.view_rondes")
def ronde_detail(request, access, ronde_id):
    ronde = _ronde(access, ronde_id)
    user = request.user
    me = rules.participant_of(ronde, user)
    participants = [
        {
            "participant": p,
            "status": rules.form_status(p),
            "can_see": access.is_member and rules.can_see_answers_of(access, ronde, p, user),
        }
        for p in ronde.participants.all()
    ]
    submitted = sum(1 for p in participants if p["participant"].is_submitted)
    agreed = rules.can_see_agreed_results(access, ronde, user)
    context = _base(
        access,
        ronde,
        me=me,
        my_status=rules.form_status(me) if me else None,
        participants=participants if access.is_member else [],
        submitted=submitted,
        can_see_joint=rules.can_see_joint_step(access, ronde, user),
        can_see_agreed=agreed,
        can_see_history=rules.can_see_history(access, ronde, user),
        can_open_joint=ronde.is_individual and rules.can_manage_rondes(access),
        can_close=rules.can_record_joint(access, ronde, user),
        can_reopen=rules.can_reopen(access, ronde),
        sections=_agreed_sections(ronde) if ronde.is_closed else [],
        goals=rules.prioritised_goals(ronde) if agreed and not ronde.is_individual else [],
    )
    return TemplateResponse(request, "ontwikkelmodel/ronde_detail.html", context)


def _agreed_sections(ronde) -> list:
    """Per groeilaag its accents with the agreed answer (or None)."""
    joint = rules.joint_answers(ronde)
    return [
        (groeilaag, [(accent, joint.get(accent.pk)) for accent in groeilaag.accents.all()])
        for groeilaag in rules.model_accents(ronde)
    ]


@school_view("ontwikkelmodel.take_part")
@require_POST
def ronde_step(request, access, ronde_id):
    """Open the joint step, close the ronde, or reopen it."""
    ronde = _ronde(access, ronde_id)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Deze stap bestaat niet."))
        return redirect(_detail_url(access, ronde))
    action = form.cleaned_data["action"]
    user = request.user
    allowed = {
        "open_joint": rules.can_manage_rondes(access),
        "close": rules.can_record_joint(access, ronde, user),
        "reopen": rules.can_reopen(access, ronde),
    }
    if not allowed[action]:
        raise PermissionDenied
    waiting = [p for p in ronde.participants.all() if not p.is_submitted]
    if action == "open_joint" and waiting and not form.cleaned_data["confirm"]:
        return TemplateResponse(
            request,
            "ontwikkelmodel/ronde_step_confirm.html",
            _base(access, ronde, waiting=waiting),
        )
    try:
        if action == "open_joint":
            rules.open_joint_step(ronde, user)
            messages.success(
                request,
                _("De gezamenlijke stap is geopend: iedereen ziet nu elkaars inschattingen."),
            )
            return redirect("ronde_joint", access.school.slug, ronde.pk)
        if action == "close":
            rules.close_ronde(ronde, user)
            messages.success(
                request, _("De gezamenlijke uitkomst is vastgelegd en de ronde is afgesloten.")
            )
        else:
            rules.reopen_ronde(ronde, user)
            messages.success(
                request,
                _(
                    "De ronde is heropend; dat staat in de geschiedenis. Sluit haar weer af "
                    "als de uitkomst klopt."
                ),
            )
    except rules.RondeError as error:
        messages.error(request, str(error))
    return redirect(_detail_url(access, ronde))


# Step 1: my own form --------------------------------------------------------------------


@school_view("ontwikkelmodel.take_part")
def ronde_individual(request, access, ronde_id):
    ronde = _ronde(access, ronde_id)
    participant = rules.participant_of(ronde, request.user)
    if participant is None:
        raise PermissionDenied
    groeilagen = rules.model_accents(ronde, with_aids=True)
    accents = [a for g in groeilagen for a in g.accents.all()]
    stored = rules.own_answers(participant)
    editable = rules.can_edit_own_answers(ronde)

    def page(form, status=200, **extra):
        return _individual_page(
            request, access, ronde, participant, groeilagen, form, editable, status, **extra
        )

    if request.method != "POST":
        return page(
            AnswersForm(accents=accents, answers=stored, initial={"version": participant.version})
        )
    form = AnswersForm(request.POST, accents=accents)
    if not editable:
        messages.error(
            request,
            _("De gezamenlijke stap is al begonnen; je eigen antwoorden liggen nu vast."),
        )
        return page(AnswersForm(accents=accents, answers=stored), status=409)
    valid = form.is_valid()
    if form.posted_version() != participant.version and form.differences(stored):
        return _own_conflict(request, form, participant, stored, page)
    if not valid:
        return page(form, status=400)
    submit = "submit" in request.POST
    try:
        # A stale version with nothing different from what is stored overwrites nothing.
        saved = rules.save_own_answers(
            participant, form.values(), version=participant.version, submit=submit
        )
    except rules.RondeError as error:
        messages.error(request, str(error))
        return redirect(_detail_url(access, ronde))
    if not saved:
        participant.refresh_from_db()
        return _own_conflict(request, form, participant, rules.own_answers(participant), page)
    if submit:
        messages.success(
            request,
            _(
                "Je formulier is ingeleverd. Tot de gezamenlijke stap begint kun je het nog "
                "aanpassen."
            ),
        )
        return redirect(_detail_url(access, ronde))
    messages.success(
        request,
        _("Concept opgeslagen om %(time)s. Niemand anders ziet het voor de gezamenlijke stap.")
        % {"time": _local_time(participant.saved_at)},
    )
    return redirect("ronde_individual", access.school.slug, ronde.pk)


def _own_conflict(request, form, participant, stored, page):
    """Saved in another tab or window since this page was opened: keep the input, show both."""
    differences = form.differences(stored)
    data = form.data.copy()
    data["version"] = str(participant.version)
    fresh = AnswersForm(data, accents=form.accents)
    fresh.is_valid()
    return page(
        fresh,
        status=409,
        conflict={
            "by": participant.name,
            "at": participant.saved_at,
            "changes": differences,
            "own": True,
        },
    )


def _individual_page(
    request, access, ronde, participant, groeilagen, form, editable, status, **extra
):
    sections = [
        (
            groeilaag,
            [
                form.fields_for(accent, {d.groeifase: d for d in accent.descriptors.all()})
                for accent in groeilaag.accents.all()
            ],
        )
        for groeilaag in groeilagen
    ]
    stored = rules.own_answers(participant) if not editable else None
    return TemplateResponse(
        request,
        "ontwikkelmodel/ronde_individual.html",
        _base(
            access,
            ronde,
            participant=participant,
            status=rules.form_status(participant),
            form=form,
            sections=sections,
            editable=editable,
            answer_sections=_answer_sections(groeilagen, stored) if stored is not None else [],
            privacy_help=PRIVACY_HELP,
            **extra,
        ),
        status=status,
    )


def _answer_sections(groeilagen, answers) -> list:
    return [
        (groeilaag, [(accent, answers.get(accent.pk)) for accent in groeilaag.accents.all()])
        for groeilaag in groeilagen
    ]


@school_view("ontwikkelmodel.view_rondes")
def ronde_participant_answers(request, access, ronde_id, participant_id):
    """One participant's own answers, read-only, for whom may see them."""
    ronde = _ronde(access, ronde_id)
    participant = next((p for p in ronde.participants.all() if p.pk == participant_id), None)
    if participant is None:
        raise Http404
    if not rules.can_see_answers_of(access, ronde, participant, request.user):
        raise PermissionDenied
    groeilagen = rules.model_accents(ronde)
    answers = rules.own_answers(participant)
    return TemplateResponse(
        request,
        "ontwikkelmodel/ronde_answers.html",
        _base(
            access,
            ronde,
            participant=participant,
            status=rules.form_status(participant),
            answer_sections=_answer_sections(groeilagen, answers),
            is_me=participant.user_id == request.user.pk,
        ),
    )


# Step 2: together ------------------------------------------------------------------------


@school_view("ontwikkelmodel.take_part")
def ronde_joint(request, access, ronde_id):
    ronde = _ronde(access, ronde_id)
    if not rules.can_see_joint_step(access, ronde, request.user):
        raise PermissionDenied
    participants, rows = rules.joint_rows(ronde, with_aids=True)
    accents = [row.accent for _groeilaag, accent_rows in rows for row in accent_rows]
    stored = {
        row.accent.pk: row.joint for _g, accent_rows in rows for row in accent_rows if row.joint
    }
    editable = rules.can_record_joint(access, ronde, request.user)

    def page(form, status=200, **extra):
        return _joint_page(
            request, access, ronde, participants, rows, form, editable, status, **extra
        )

    if request.method != "POST":
        return page(
            JointAnswersForm(
                accents=accents, answers=stored, initial={"version": ronde.joint_version}
            )
        )
    if not editable:
        messages.error(request, _("Deze ronde is afgesloten; de gezamenlijke uitkomst ligt vast."))
        return page(JointAnswersForm(accents=accents, answers=stored), status=409)
    form = JointAnswersForm(request.POST, accents=accents)
    valid = form.is_valid()
    if form.posted_version() != ronde.joint_version and form.differences(stored):
        return _joint_conflict(form, ronde, stored, page, JointAnswersForm, accents=accents)
    if not valid:
        return page(form, status=400)
    try:
        saved = rules.record_joint(
            ronde, form.values(), version=ronde.joint_version, user=request.user
        )
    except rules.RondeError as error:
        messages.error(request, str(error))
        return redirect(_detail_url(access, ronde))
    if not saved:
        ronde.refresh_from_db()
        return _joint_conflict(
            form, ronde, rules.joint_answers(ronde), page, JointAnswersForm, accents=accents
        )
    messages.success(
        request,
        _("De gezamenlijke uitkomst is opgeslagen om %(time)s.")
        % {"time": _local_time(ronde.joint_saved_at)},
    )
    for groeilaag in rules.crowded_groeilagen(
        rules.joint_answers(ronde).values(), {a.pk: a for a in accents}
    ):
        messages.warning(request, _crowded_message(groeilaag))
    return redirect("ronde_joint", access.school.slug, ronde.pk)


def _crowded_message(groeilaag) -> str:
    return _(
        "In groeilaag %(code)s (%(name)s) staan meer dan twee doelen met een prioriteit. "
        "Het handboek raadt één of twee doelen per groeilaag aan."
    ) % {"code": groeilaag.code, "name": groeilaag.name}


def _joint_conflict(form, ronde, stored, page, form_class, **kwargs):
    """Someone saved the group's form in between: keep this input, show what is stored now."""
    differences = form.differences(stored)
    data = form.data.copy()
    data["version"] = str(ronde.joint_version)
    fresh = form_class(data, **kwargs)
    fresh.is_valid()
    return page(
        fresh,
        status=409,
        conflict={"by": ronde.joint_saved_by, "at": ronde.joint_saved_at, "changes": differences},
    )


class _PostedPriority:
    """What crowded_groeilagen needs of an answer: its accent and its (posted) priority."""

    def __init__(self, accent_id, priority):
        self.accent_id = accent_id
        self.priority = priority


def _joint_page(request, access, ronde, participants, rows, form, editable, status, **extra):
    accents = {row.accent.pk: row.accent for _g, accent_rows in rows for row in accent_rows}
    if form.is_bound:
        priorities = [
            _PostedPriority(accent_id, form.data.get(form.name_for(accent, "priority")))
            for accent_id, accent in accents.items()
        ]
    else:
        priorities = [row.joint for _g, accent_rows in rows for row in accent_rows if row.joint]
    crowded = rules.crowded_groeilagen(priorities, accents)
    sections = [
        {
            "groeilaag": groeilaag,
            "crowded": groeilaag in crowded,
            "rows": [
                {
                    "row": row,
                    "fields": form.fields_for(row.accent, row.descriptors),
                    "estimates": [
                        {"participant": p, "answer": a, "fase": a.groeifase if a else None}
                        for p, a in row.answers
                    ],
                    "explained": any(a and (a.strengths or a.goal) for _p, a in row.answers),
                }
                for row in accent_rows
            ],
        }
        for groeilaag, accent_rows in rows
    ]
    disagreements = [
        item["row"].accent
        for section in sections
        for item in section["rows"]
        if item["row"].spread.disagree
    ]
    return TemplateResponse(
        request,
        "ontwikkelmodel/ronde_joint.html",
        _base(
            access,
            ronde,
            participants=participants,
            sections=sections,
            form=form,
            editable=editable,
            crowded=crowded,
            crowded_messages=[_crowded_message(g) for g in crowded],
            disagreements=disagreements,
            privacy_help=PRIVACY_HELP,
            **extra,
        ),
        status=status,
    )


@school_view("ontwikkelmodel.view_rondes")
def ronde_follow_up(request, access, ronde_id):
    """For each chosen goal: how it is worked out, who does what, monitoring, feedback."""
    ronde = _ronde(access, ronde_id)
    if ronde.is_individual or not rules.can_see_agreed_results(access, ronde, request.user):
        raise PermissionDenied
    goals = rules.prioritised_goals(ronde)
    editable = rules.can_record_joint(access, ronde, request.user)

    def page(form, status=200, **extra):
        return TemplateResponse(
            request,
            "ontwikkelmodel/ronde_follow_up.html",
            _base(
                access,
                ronde,
                goals=[
                    {
                        "goal": g,
                        "fields": form.fields_for(g),
                        "worked_out": any(getattr(g, f) for f in JointAnswer.FOLLOW_UP_FIELDS),
                    }
                    for g in goals
                ],
                form=form,
                editable=editable,
                privacy_help=PRIVACY_HELP,
                can_see_joint=rules.can_see_joint_step(access, ronde, request.user),
                **extra,
            ),
            status=status,
        )

    if request.method != "POST":
        return page(FollowUpForm(goals=goals, initial={"version": ronde.joint_version}))
    if not editable:
        if not access.is_member:
            raise PermissionDenied
        messages.error(request, _("Deze ronde is afgesloten; de gezamenlijke uitkomst ligt vast."))
        return page(FollowUpForm(goals=goals), status=409)
    form = FollowUpForm(request.POST, goals=goals)
    valid = form.is_valid()
    stored = {g.accent_id: g for g in goals}
    if form.posted_version() != ronde.joint_version and form.differences(stored):
        return _joint_conflict(form, ronde, stored, page, FollowUpForm, goals=goals)
    if not valid:
        return page(form, status=400)
    try:
        saved = rules.record_joint(
            ronde, form.values(), version=ronde.joint_version, user=request.user
        )
    except rules.RondeError as error:
        messages.error(request, str(error))
        return redirect(_detail_url(access, ronde))
    if not saved:
        ronde.refresh_from_db()
        return _joint_conflict(
            form, ronde, rules.joint_answers(ronde), page, FollowUpForm, goals=goals
        )
    messages.success(
        request,
        _("De uitwerking is opgeslagen om %(time)s.") % {"time": _local_time(ronde.joint_saved_at)},
    )
    return redirect("ronde_follow_up", access.school.slug, ronde.pk)


# History ---------------------------------------------------------------------------------


@school_view("ontwikkelmodel.take_part")
def ronde_history(request, access, ronde_id):
    ronde = _ronde(access, ronde_id)
    if not rules.can_see_history(access, ronde, request.user):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "ontwikkelmodel/ronde_history.html",
        _base(access, ronde, entries=rules.ronde_history(ronde)),
    )
