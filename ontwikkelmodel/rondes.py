"""The rules of a ronde (Bijlage 5): who sees what when, priorities, spread, steps.

Step 1, each participant alone; step 2, the group together; then closed. The
functions here are plain so views, reports and the demo share one set of rules.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Case, Count, F, OuterRef, Prefetch, Q, Subquery, TextChoices, When
from django.utils import timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ontwikkelmodel.grid import accents_with
from ontwikkelmodel.models import (
    DISAGREEMENT_SPREAD,
    MAX_GOALS_PER_GROEILAAG,
    PRIORITY_RANKS,
    Accent,
    Groeilaag,
    IndividualAnswer,
    JointAnswer,
    ModelVersion,
    Participant,
    Ronde,
    RondeStep,
)
from schools.models import Membership, Role

# Who may be asked to fill in the form: the people who carry the implementation.
PARTICIPANT_ROLES = (
    Role.KARTREKKER,
    Role.WERKGROEPLID,
    Role.TRAINER,
    Role.SCHOOLLEIDER,
    Role.MT_LID,
)
# Who sees every participant's answers once the joint step is open, besides the
# participants themselves.
SCHOOL_LEADS = (Role.KARTREKKER, Role.SCHOOLLEIDER, Role.MT_LID)
# Who may record the joint result, besides the participants.
JOINT_EDITORS = (Role.KARTREKKER, Role.SCHOOLLEIDER, Role.MT_LID, Role.TRAINER)


class RondeError(Exception):
    """A step that cannot be taken now; the message is Dutch and meant for the user."""


# --- Opening a ronde and its participants --------------------------------------


def eligible_members(school):
    """Members who can take part: kartrekkers, werkgroep, trainers and schoolleiding."""
    roles = Q()
    for role in PARTICIPANT_ROLES:
        roles |= Q(**{role.value: True})
    return (
        Membership.objects.filter(school=school)
        .filter(roles)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def role_label(membership: Membership) -> str:
    return ", ".join(str(role.label) for role in Role if getattr(membership, role.value))


@transaction.atomic
def open_ronde(school, *, title, deadline, members: Iterable[Membership], opened_by) -> Ronde:
    version = ModelVersion.objects.current()
    if version is None:
        raise RondeError(_("Er is nog geen ontwikkelmodel geladen; vraag de beheerder."))
    ronde = Ronde.objects.create(
        school=school, version=version, title=title, deadline=deadline, created_by=opened_by
    )
    Participant.objects.bulk_create(
        Participant(
            ronde=ronde,
            user=m.user,
            name=m.user.get_full_name() or m.user.email,
            role_label=role_label(m),
        )
        for m in members
    )
    return ronde


def participant_of(ronde: Ronde, user) -> Participant | None:
    return next((p for p in ronde.participants.all() if p.user_id == user.pk), None)


# --- Visibility and who may act ------------------------------------------------


def can_manage_rondes(access) -> bool:
    """Open a ronde, open its joint step: kartrekkers and schoolleiders."""
    return access.has_role(Role.KARTREKKER, Role.SCHOOLLEIDER)


def can_see_answers_of(access, ronde: Ronde, participant: Participant, user) -> bool:
    """An individual's answers: theirs alone until the joint step opens.

    After that the ronde's participants and the school's kartrekkers and
    schoolleiding see them; board members never do (they see agreed results).
    """
    if participant.user_id == user.pk:
        return True
    if ronde.is_individual or not access.is_member:
        return False
    if access.has_role(*SCHOOL_LEADS):
        return True
    return any(p.user_id == user.pk for p in ronde.participants.all())


def can_see_joint_step(access, ronde: Ronde, user) -> bool:
    """The conversation page with everyone's estimates side by side."""
    if ronde.is_individual or not access.is_member:
        return False
    return access.has_role(*SCHOOL_LEADS) or participant_of(ronde, user) is not None


def can_record_joint(access, ronde: Ronde, user) -> bool:
    if not ronde.is_joint or not access.is_member:
        return False
    return access.has_role(*JOINT_EDITORS) or participant_of(ronde, user) is not None


def can_edit_own_answers(ronde: Ronde) -> bool:
    """Before the joint step opens you may change your form, even after submitting."""
    return ronde.is_individual


def can_reopen(access, ronde: Ronde) -> bool:
    return ronde.is_closed and access.has_role(Role.SCHOOLLEIDER)


# --- Priorities ----------------------------------------------------------------


@dataclass(frozen=True)
class RankedGoal:
    key: object  # whatever identifies the row for the caller, e.g. an accent id
    label: str  # the accent's name, for messages
    priority: int | None
    goal: str


def priority_errors(rows: Iterable[RankedGoal], *, goal_label: str) -> dict[object, str]:
    """Per row, what is wrong with its priority: each rank 1-5 once, only on a goal.

    `goal_label` names the goal field in messages ("ontwikkeldoel", "volgende stap").
    """
    errors = {}
    taken: dict[int, RankedGoal] = {}
    for row in rows:
        if row.priority is None:
            continue
        if row.priority not in PRIORITY_RANKS:
            errors[row.key] = _("Kies een prioriteit van 1 (hoogste) tot en met 5.")
        elif row.priority in taken:
            errors[row.key] = _(
                "Prioriteit %(rank)s is al gegeven aan ‘%(other)s’. Elke prioriteit "
                "van 1 tot en met 5 gebruik je één keer."
            ) % {"rank": row.priority, "other": taken[row.priority].label}
        elif not row.goal.strip():
            errors[row.key] = _(
                "Schrijf eerst een %(goal)s op; alleen een doel krijgt een prioriteit."
            ) % {"goal": goal_label}
        else:
            taken[row.priority] = row
    return errors


def crowded_groeilagen(answers: Iterable, accents: Mapping[int, Accent]) -> list[Groeilaag]:
    """Groeilagen with more than two prioritised goals: the handbook advises one or two."""
    counts = defaultdict(int)
    groeilagen = {}
    for answer in answers:
        if answer.priority:
            groeilaag = accents[answer.accent_id].groeilaag
            counts[groeilaag.pk] += 1
            groeilagen[groeilaag.pk] = groeilaag
    return [
        groeilagen[pk]
        for pk in sorted(counts, key=lambda pk: groeilagen[pk].number)
        if counts[pk] > MAX_GOALS_PER_GROEILAAG
    ]


# --- Spread: where the group sees things differently ---------------------------


@dataclass(frozen=True)
class Spread:
    lowest: int | None
    highest: int | None
    count: int  # how many participants gave an estimate

    @property
    def width(self) -> int:
        return 0 if self.lowest is None else self.highest - self.lowest

    @property
    def disagree(self) -> bool:
        return self.width >= DISAGREEMENT_SPREAD


def spread_of(estimates: Iterable[int | None]) -> Spread:
    given = [e for e in estimates if e is not None]
    if not given:
        return Spread(None, None, 0)
    return Spread(min(given), max(given), len(given))


# --- The ronde's content, in a fixed number of queries -------------------------


def model_accents(ronde: Ronde, *, with_aids: bool = False) -> list[Groeilaag]:
    """The ronde's model version: groeilagen with their accents and descriptors
    (and, for the forms, the aids that help with each accent)."""
    return list(
        Groeilaag.objects.filter(version_id=ronde.version_id)
        .order_by("number")
        .prefetch_related(Prefetch("accents", queryset=accents_with(with_aids=with_aids)))
    )


@dataclass
class AccentRow:
    """One accent on the joint page: everyone's estimate, the spread, the agreed answer."""

    accent: Accent
    answers: list  # (Participant, IndividualAnswer | None), in participant order
    spread: Spread
    joint: JointAnswer | None = None
    descriptors: dict = field(default_factory=dict)


def joint_rows(
    ronde: Ronde, *, with_aids: bool = False
) -> tuple[list[Participant], list[tuple[Groeilaag, list[AccentRow]]]]:
    """Per groeilaag, per accent: each participant's answer side by side and the spread.

    Five queries whatever the number of participants: groeilagen, accents,
    descriptors, participants with their answers (two), and the joint answers.
    """
    groeilagen = model_accents(ronde, with_aids=with_aids)
    participants = list(
        ronde.participants.order_by("name", "pk").prefetch_related(
            Prefetch("answers", queryset=IndividualAnswer.objects.all())
        )
    )
    joint = {a.accent_id: a for a in ronde.joint_answers.all()}
    by_participant = {p.pk: {a.accent_id: a for a in p.answers.all()} for p in participants}
    sections = []
    for groeilaag in groeilagen:
        rows = []
        for accent in groeilaag.accents.all():
            answers = [(p, by_participant[p.pk].get(accent.pk)) for p in participants]
            rows.append(
                AccentRow(
                    accent=accent,
                    answers=answers,
                    spread=spread_of(a.groeifase for _p, a in answers if a is not None),
                    joint=joint.get(accent.pk),
                    descriptors={d.groeifase: d for d in accent.descriptors.all()},
                )
            )
        sections.append((groeilaag, rows))
    return participants, sections


# --- Steps ---------------------------------------------------------------------


def _save_step(ronde: Ronde, user, reason: str) -> None:
    ronde._change_reason = reason
    ronde._history_user = user
    ronde.save()


def submit(participant: Participant) -> None:
    if not participant.ronde.is_individual:
        raise RondeError(_("De gezamenlijke stap is al begonnen; inleveren kan niet meer."))
    participant.submitted_at = timezone.now()
    participant.save(update_fields=["submitted_at"])


def open_joint_step(ronde: Ronde, user) -> None:
    if not ronde.is_individual:
        raise RondeError(_("De gezamenlijke stap is al geopend."))
    ronde.step = RondeStep.JOINT
    ronde.joint_opened_at = timezone.now()
    _save_step(ronde, user, _("gezamenlijke stap geopend"))


def close_ronde(ronde: Ronde, user) -> None:
    """Record the joint result: the ronde becomes read-only."""
    if not ronde.is_joint:
        raise RondeError(_("Alleen een ronde in de gezamenlijke stap kan worden afgesloten."))
    if not ronde.joint_answers.filter(groeifase__isnull=False).exists():
        raise RondeError(
            _("Leg eerst voor minstens één accent de gezamenlijke groeifase vast en sla die op.")
        )
    ronde.step = RondeStep.CLOSED
    ronde.closed_at = timezone.now()
    _save_step(ronde, user, _("gezamenlijke uitkomst vastgelegd, ronde afgesloten"))


def reopen_ronde(ronde: Ronde, user) -> None:
    if not ronde.is_closed:
        raise RondeError(_("Deze ronde is niet afgesloten."))
    ronde.step = RondeStep.JOINT
    ronde.closed_at = None
    _save_step(ronde, user, _("heropend door de schoolleider"))


# --- Lists, statuses and the dashboard -----------------------------------------


class FormStatus(TextChoices):
    """Where a participant's own form stands, as the ronde page says it."""

    SUBMITTED = "ingeleverd", _l("ingeleverd")
    DRAFT = "bezig", _l("nog bezig")
    NOT_STARTED = "niet-begonnen", _l("nog niet begonnen")


def form_status(participant: Participant) -> FormStatus:
    if participant.submitted_at:
        return FormStatus.SUBMITTED
    if participant.saved_at:
        return FormStatus.DRAFT
    return FormStatus.NOT_STARTED


def visible_rondes(access, user):
    """The school's rondes this person may open, newest first, with their progress.

    Board members see closed rondes only: the agreed results, never a ronde under way.
    Each ronde carries `participant_count`, `submitted_count` and, when `user`
    takes part, `my_participant_id` and `my_submitted_at`: one query for any number.
    """
    mine = Participant.objects.filter(ronde=OuterRef("pk"), user=user)
    rondes = Ronde.objects.filter(school=access.school).annotate(
        participant_count=Count("participants"),
        submitted_count=Count("participants", filter=Q(participants__submitted_at__isnull=False)),
        my_participant_id=Subquery(mine.values("pk")[:1]),
        my_submitted_at=Subquery(mine.values("submitted_at")[:1]),
    )
    if not access.is_member:
        rondes = rondes.filter(step=RondeStep.CLOSED)
    return rondes.order_by("-created_at", "-pk")


def dashboard_ronde(access, user) -> Ronde | None:
    """The ronde the school dashboard talks about: the one under way, else the latest closed.

    One query, annotated like `visible_rondes`.
    """
    return (
        visible_rondes(access, user)
        .annotate(is_open=Case(When(step=RondeStep.CLOSED, then=0), default=1))
        .order_by("-is_open", "-created_at", "-pk")
        .first()
    )


def can_see_agreed_results(access, ronde: Ronde, user) -> bool:
    """The group's answers and follow-up: everyone who sees the school once closed."""
    return ronde.is_closed or can_see_joint_step(access, ronde, user)


def can_see_history(access, ronde: Ronde, user) -> bool:
    """Who changed what: the school's own people, never board members."""
    if not access.is_member:
        return False
    return ronde.is_closed or can_manage_rondes(access) or can_see_joint_step(access, ronde, user)


# --- Saving answers, never over someone else's newer save -----------------------

ANSWER_FIELDS = ("groeifase", "strengths", "goal", "priority")


def _is_blank(values: Mapping) -> bool:
    return all(value in (None, "") for value in values.values())


def _write_answers(
    model, existing: Mapping[int, object], values: Mapping[int, Mapping], make, delete_blank=False
):
    """Write the changed answers per accent; create rows only for non-empty ones.

    Ranks are unique per form, so two accents may swap ranks: a row whose rank
    moves is cleared first, then every changed row is saved (with history).
    With `delete_blank` an answer emptied completely is removed.
    """
    to_save, moving, blank = [], [], []
    for accent_id, new in values.items():
        answer = existing.get(accent_id)
        if answer is None:
            if _is_blank(new):
                continue
            answer = make(accent_id)
        elif all(getattr(answer, name) == value for name, value in new.items()):
            continue
        elif delete_blank and _is_blank(new):
            blank.append(answer.pk)
            continue
        elif answer.priority is not None and new.get("priority", answer.priority) != (
            answer.priority
        ):
            moving.append(answer.pk)
        for name, value in new.items():
            setattr(answer, name, value)
        to_save.append(answer)
    if blank:
        model.objects.filter(pk__in=blank).delete()
    if moving:
        model.objects.filter(pk__in=moving).update(priority=None)
    for answer in to_save:
        answer.save()


def own_answers(participant: Participant) -> dict[int, IndividualAnswer]:
    return {a.accent_id: a for a in participant.answers.all()}


def save_own_answers(
    participant: Participant, values: Mapping[int, Mapping], *, version: int, submit=False
) -> bool:
    """Save a participant's form (and hand it in), unless it was saved elsewhere since `version`.

    False means a newer save exists (another tab or window): nothing is written.
    """
    if not can_edit_own_answers(participant.ronde):
        raise RondeError(
            _("De gezamenlijke stap is al begonnen; je eigen antwoorden liggen nu vast.")
        )
    now = timezone.now()
    changes = {"version": F("version") + 1, "saved_at": now}
    if submit:
        changes["submitted_at"] = now
    with transaction.atomic():
        still_open = Ronde.objects.filter(pk=participant.ronde_id, step=RondeStep.INDIVIDUAL)
        if not still_open.exists():
            raise RondeError(
                _("De gezamenlijke stap is al begonnen; je eigen antwoorden liggen nu vast.")
            )
        if not Participant.objects.filter(pk=participant.pk, version=version).update(**changes):
            return False
        _write_answers(
            IndividualAnswer,
            own_answers(participant),
            values,
            lambda accent_id: IndividualAnswer(participant=participant, accent_id=accent_id),
            delete_blank=True,
        )
    participant.refresh_from_db()
    return True


def joint_answers(ronde: Ronde) -> dict[int, JointAnswer]:
    return {a.accent_id: a for a in ronde.joint_answers.all()}


def record_joint(ronde: Ronde, values: Mapping[int, Mapping], *, version: int, user) -> bool:
    """Save the group's answers or follow-up, unless someone saved since `version`.

    `values` maps accent ids to any of the JointAnswer fields. False means a
    newer save exists (the ronde's joint_saved_by/at say whose): nothing is written.
    Each changed answer's history names this save, so the history shows one entry.
    """
    if not ronde.is_joint:
        raise RondeError(_("Deze ronde is afgesloten; de gezamenlijke uitkomst ligt vast."))
    follow_up = any(set(v) & set(JointAnswer.FOLLOW_UP_FIELDS) for v in values.values())
    reason = (
        _("Uitwerking van de doelen opgeslagen (versie %(n)s)")
        if follow_up
        else _("Gezamenlijke uitkomst opgeslagen (versie %(n)s)")
    ) % {"n": version + 1}

    def make(accent_id):
        return JointAnswer(ronde=ronde, accent_id=accent_id)

    with transaction.atomic():
        saved = Ronde.objects.filter(
            pk=ronde.pk, joint_version=version, step=RondeStep.JOINT
        ).update(
            joint_version=F("joint_version") + 1,
            joint_saved_by=user.get_full_name(),
            joint_saved_at=timezone.now(),
        )
        if not saved:
            return False
        existing = joint_answers(ronde)
        for answer in existing.values():
            answer._change_reason = reason
        _write_answers(JointAnswer, existing, values, lambda pk: _with_reason(make(pk), reason))
    ronde.refresh_from_db()
    return True


def _with_reason(answer, reason):
    answer._change_reason = reason
    return answer


def prioritised_goals(ronde: Ronde) -> list[JointAnswer]:
    """The group's chosen goals, priority 1 first, with their accent and groeilaag."""
    return list(
        ronde.joint_answers.filter(priority__isnull=False)
        .select_related("accent__groeilaag")
        .order_by("priority")
    )


# --- History: the steps and every change to the agreed answers ------------------


@dataclass
class HistoryEntry:
    at: datetime
    by: str
    text: str
    changes: list[str] = field(default_factory=list)
    reason: str = ""


def _fase_text(value) -> str:
    return _("groeifase %(n)s") % {"n": value} if value else _("geen inschatting")


def _field_change(name: str, label: str, old, new) -> str:
    if name == "groeifase":
        return _("groeifase: %(old)s → %(new)s") % {"old": _fase_text(old), "new": _fase_text(new)}
    if name == "priority":
        return _("prioriteit: %(old)s → %(new)s") % {"old": old or "—", "new": new or "—"}
    if not new:
        return _("%(label)s gewist") % {"label": label.rstrip("?")}
    # "wie monitort? ‘De kartrekker’", "volgende stap: ‘...’"
    separator = "" if label.endswith("?") else ":"
    return f"{label}{separator} ‘{Truncator(new).chars(140)}’"


def joint_field_labels() -> dict[str, str]:
    """The group's fields as the joint page names them (the goal is the next step)."""
    labels = {name: str(JointAnswer._meta.get_field(name).verbose_name) for name in ANSWER_FIELDS}
    labels["goal"] = _("volgende stap")
    for name in JointAnswer.FOLLOW_UP_FIELDS:
        labels[name] = str(JointAnswer._meta.get_field(name).verbose_name)
    return labels


# Saves of the joint form within this many seconds by one person are one entry.
SAME_SAVE_SECONDS = 5


def ronde_history(ronde: Ronde) -> list[HistoryEntry]:
    """Steps taken and every change to the agreed answers, newest first, in Dutch."""
    entries = []
    before = None
    for record in ronde.history.select_related("history_user").order_by(
        "history_date", "history_id"
    ):
        if record.history_type == "+":
            text = _("Ronde geopend: ‘%(title)s’") % {"title": record.title}
        elif record.history_change_reason:
            text = capfirst(record.history_change_reason)
        elif before is not None and before.step != record.step:
            text = _("Stap gewijzigd: %(old)s → %(new)s") % {
                "old": RondeStep(before.step).label,
                "new": RondeStep(record.step).label,
            }
        else:
            text = _("Gegevens van de ronde gewijzigd")
        entries.append(HistoryEntry(record.history_date, _who(record), text))
        before = record

    names = dict(
        Accent.objects.filter(groeilaag__version_id=ronde.version_id).values_list("pk", "name")
    )
    labels = joint_field_labels()
    tracked = (*ANSWER_FIELDS, *JointAnswer.FOLLOW_UP_FIELDS)
    previous = {}
    last = None
    records = (
        JointAnswer.history.filter(ronde_id=ronde.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        accent = names.get(record.accent_id, "?")
        if record.history_type == "-":
            changes = [_("%(accent)s: verwijderd") % {"accent": accent}]
        else:
            changes = [
                f"{accent}: {_field_change(name, labels[name], getattr(before, name, None), value)}"
                for name in tracked
                if (value := getattr(record, name)) != (getattr(before, name) if before else None)
                and (before is not None or value not in (None, ""))
            ]
        if not changes:
            continue
        who = _who(record)
        reason = record.history_change_reason or ""
        same_save = (
            last is not None
            and last.by == who
            and last.reason == reason
            # Without a reason (the admin, the demo): saves close together are one.
            and (reason or (record.history_date - last.at).total_seconds() <= SAME_SAVE_SECONDS)
        )
        if same_save:
            last.changes.extend(changes)
            continue
        text = capfirst(reason) if reason else _("Gezamenlijke uitkomst gewijzigd")
        last = HistoryEntry(record.history_date, who, text, changes, reason)
        entries.append(last)
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


def _who(record) -> str:
    user = record.history_user
    return user.get_full_name() if user else ""
