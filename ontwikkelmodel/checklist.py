"""The rules of the leader checklist (Bijlage 6): who takes part, who sees what, when.

Private by default: a participant's own answers are for that participant only.
Once every participant has handed in (or a schoolleider closes the round) the
team result opens: per statement how many people chose each score, with names
only of participants who chose to share their own answers. Board members see
nothing unless the school shares the team result, and then only the
distributions and the agreements.

Views, reports, the demo and the conversation pages (checklist_talk) share these
functions; keep the rules here, not in views.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery, TextChoices
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ontwikkelmodel.models import (
    CHECKLIST_ACCENTS,
    SCORE_LABELS,
    SCORES,
    ChecklistAnswer,
    ChecklistParticipant,
    ChecklistRound,
    ChecklistRoundStatement,
    ChecklistVersion,
    Statement,
)
from schools.models import Membership, Role

# Who fills in the checklist: the school's management.
PARTICIPANT_ROLES = (Role.SCHOOLLEIDER, Role.MT_LID)
# Members who see every round of their school (not its answers): the schoolleiding
# runs the rounds, kartrekkers see the team result and agreements.
ROUND_READERS = (Role.SCHOOLLEIDER, Role.KARTREKKER)
# The handbook advises talking in pairs; one participant is allowed, with a notice.
RECOMMENDED_MIN_PARTICIPANTS = 2
# Answers this many points apart on one statement are worth talking about.
SPREAD_TO_DISCUSS = 2

ACCENT_LABELS = dict(Statement._meta.get_field("accent_code").choices)


class ChecklistError(Exception):
    """An action that is refused; the message is Dutch and meant for the user."""


class RoundStatus(TextChoices):
    FILLING_IN = "invullen", _l("Invullen")
    RESULT_OPEN = "teamresultaat", _l("Teamresultaat open")
    CLOSED = "afgesloten", _l("Afgesloten")


# --- Taking part and opening a round --------------------------------------------


def can_take_part(access) -> bool:
    """Schoolleiders and MT-leden of the school take part; nobody else."""
    return access is not None and access.is_member and access.has_role(*PARTICIPANT_ROLES)


def can_manage_round(access) -> bool:
    """Open a round, choose participants and pairs, share and close: schoolleiders."""
    return access is not None and access.is_member and access.has_role(Role.SCHOOLLEIDER)


def eligible_members(school):
    """The school's schoolleiders and MT-leden, the only people who may take part."""
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
    return ", ".join(
        str(role.label) for role in PARTICIPANT_ROLES if getattr(membership, role.value)
    )


@transaction.atomic
def open_round(
    school,
    *,
    title: str,
    members: Iterable[Membership],
    opened_by=None,
    version: ChecklistVersion | None = None,
) -> ChecklistRound:
    """Open a round on the current version with the statements in use right now.

    Saving a new round copies the statements in use into it (text, accent, order;
    ChecklistRound.freeze_statements): a statement retired or reworded later stays
    as it was in this round and is not asked in new ones.
    """
    version = version or ChecklistVersion.objects.current()
    if version is None:
        raise ChecklistError(_("Er is nog geen checklist geladen; vraag de beheerder."))
    members = list(members)
    if not members:
        raise ChecklistError(_("Kies ten minste één deelnemer."))
    outsiders = [m for m in members if m.school_id != school.pk or not _takes_part(m)]
    if outsiders:
        raise ChecklistError(_("Alleen schoolleiders en MT-leden van de school doen mee."))
    statements = list(version.statements.filter(is_active=True).order_by("order", "pk"))
    if not statements:
        raise ChecklistError(_("Deze versie van de checklist heeft geen stellingen in gebruik."))
    checklist_round = ChecklistRound(
        school=school, version=version, title=title, opened_by=opened_by
    )
    checklist_round._history_user = opened_by
    checklist_round.save()  # stores the statements in use now (freeze_statements)
    ChecklistParticipant.objects.bulk_create(
        ChecklistParticipant(
            round=checklist_round,
            user=m.user,
            name=m.user.get_full_name() or m.user.email,
        )
        for m in members
    )
    return checklist_round


def _takes_part(membership: Membership) -> bool:
    return any(getattr(membership, role.value) for role in PARTICIPANT_ROLES)


# --- State of a round ------------------------------------------------------------


def participant_of(checklist_round: ChecklistRound, user) -> ChecklistParticipant | None:
    """The user's place in the round, or None. Uses prefetched participants if any."""
    if user is None or not user.is_authenticated:
        return None
    return next((p for p in checklist_round.participants.all() if p.user_id == user.pk), None)


def all_submitted(checklist_round: ChecklistRound) -> bool:
    participants = list(checklist_round.participants.all())
    return bool(participants) and all(p.is_submitted for p in participants)


def team_result_open(checklist_round: ChecklistRound) -> bool:
    """Everyone handed in, or a schoolleider closed the round."""
    return checklist_round.is_closed or all_submitted(checklist_round)


def round_status(checklist_round: ChecklistRound) -> RoundStatus:
    participants = list(checklist_round.participants.all())
    return status_from_counts(
        checklist_round.is_closed, sum(p.is_submitted for p in participants), len(participants)
    )


def status_from_counts(closed: bool, submitted: int, total: int) -> RoundStatus:
    """The same status from counts, for lists that annotate them."""
    if closed:
        return RoundStatus.CLOSED
    if total and submitted == total:
        return RoundStatus.RESULT_OPEN
    return RoundStatus.FILLING_IN


def with_counts(rounds, user):
    """Annotate participant_count, submitted_count and the user's own participant row."""
    mine = ChecklistParticipant.objects.filter(round=OuterRef("pk"), user=user)
    return rounds.annotate(
        participant_count=Count("participants", distinct=True),
        submitted_count=Count(
            "participants",
            filter=Q(participants__submitted_at__isnull=False),
            distinct=True,
        ),
        my_participant_id=Subquery(mine.values("pk")[:1]),
        my_submitted_at=Subquery(mine.values("submitted_at")[:1]),
    )


def round_statements(checklist_round: ChecklistRound) -> list[ChecklistRoundStatement]:
    """The statements as asked in this round, in order."""
    return list(checklist_round.round_statements.order_by("order", "pk"))


def by_accent(items: Iterable, accent=lambda item: item.accent_code) -> list[tuple[str, list]]:
    """Group items under the four accents in their fixed order: [(label, items)]."""
    groups = defaultdict(list)
    for item in items:
        groups[accent(item)].append(item)
    ordered = [code for code in CHECKLIST_ACCENTS if code in groups]
    ordered += [code for code in groups if code not in CHECKLIST_ACCENTS]
    return [(ACCENT_LABELS.get(code, code), groups[code]) for code in ordered]


# --- Who sees what ---------------------------------------------------------------


def can_see_round(access, checklist_round: ChecklistRound, user) -> bool:
    """The round's page (status, who handed in; never answers)."""
    if access.is_member:
        if participant_of(checklist_round, user) is not None:
            return True
        if access.has_role(*ROUND_READERS):
            return True
    return _board_sees(access, checklist_round)


def _board_sees(access, checklist_round: ChecklistRound) -> bool:
    return (
        access.is_board_reader
        and checklist_round.share_team_result_with_board
        and team_result_open(checklist_round)
    )


def visible_rounds(access, user):
    """The school's rounds this user may see at all, for lists and dashboards."""
    rounds = ChecklistRound.objects.filter(school=access.school)
    if access.is_member and access.has_role(*ROUND_READERS):
        return rounds
    visible = Q(pk__in=[])
    if access.is_member:
        visible |= Q(Exists(ChecklistParticipant.objects.filter(round=OuterRef("pk"), user=user)))
    if access.is_board_reader:
        waiting = ChecklistParticipant.objects.filter(
            round=OuterRef("pk"), submitted_at__isnull=True
        )
        visible |= Q(share_team_result_with_board=True) & (
            Q(closed_at__isnull=False) | ~Exists(waiting)
        )
    return rounds.filter(visible)


def can_fill_in(checklist_round: ChecklistRound, user) -> bool:
    """Only the participant fills in their own checklist."""
    return participant_of(checklist_round, user) is not None


def can_edit_answers(checklist_round: ChecklistRound, participant: ChecklistParticipant) -> bool:
    """Until you hand in, and only while the round is open."""
    return not checklist_round.is_closed and not participant.is_submitted


def can_see_own_answers(checklist_round: ChecklistRound, user) -> bool:
    """Your own answers, whenever: nobody else ever sees them with your name unless shared."""
    return participant_of(checklist_round, user) is not None


def can_see_team_result(access, checklist_round: ChecklistRound, user) -> bool:
    """Distributions per statement: only once everyone handed in or the round closed.

    Then the participants, the school's kartrekkers and schoolleiders see it; board
    members only when the school shared the team result.
    """
    if not team_result_open(checklist_round):
        return False
    if access.is_member and (
        participant_of(checklist_round, user) is not None or access.has_role(*ROUND_READERS)
    ):
        return True
    return _board_sees(access, checklist_round)


def can_see_names(access, checklist_round: ChecklistRound, user) -> bool:
    """Names beside answers (of those who chose to share): the school's people, not the board."""
    return (
        access.is_member
        and can_see_team_result(access, checklist_round, user)
        and (participant_of(checklist_round, user) is not None or access.has_role(*ROUND_READERS))
    )


def can_see_agreements(access, checklist_round: ChecklistRound, user) -> bool:
    """The team's agreements and joint notes: participants, schoolleiders, kartrekkers;
    board members only when the team result is shared."""
    if access.is_member and (
        participant_of(checklist_round, user) is not None or access.has_role(*ROUND_READERS)
    ):
        return True
    return _board_sees(access, checklist_round)


def can_see_pair_notes(checklist_round: ChecklistRound, user, pair: int | None) -> bool:
    """A pair's notes belong to that pair only."""
    participant = participant_of(checklist_round, user)
    return participant is not None and pair is not None and participant.pair == pair


# --- Filling in --------------------------------------------------------------------


def parse_score(value) -> int:
    """A score 1-5 from user input, or ChecklistError."""
    try:
        score = int(str(value).strip())
    except (TypeError, ValueError):
        score = None
    if score not in SCORES:
        raise ChecklistError(
            _("Kies een score van 1 (helemaal oneens) tot en met 5 (helemaal mee eens).")
        )
    return score


def _check_editable(checklist_round: ChecklistRound, participant: ChecklistParticipant):
    if participant.round_id != checklist_round.pk:
        raise ChecklistError(_("Je kunt alleen je eigen checklist invullen."))
    if checklist_round.is_closed:
        raise ChecklistError(
            _("Deze ronde is afgesloten; de antwoorden liggen vast en kunnen niet meer veranderen.")
        )
    if participant.is_submitted:
        raise ChecklistError(
            _("Je hebt je antwoorden al ingeleverd; ze liggen vast en kunnen niet meer veranderen.")
        )


def save_answers(
    checklist_round: ChecklistRound,
    participant: ChecklistParticipant,
    scores: Mapping[int, object],
) -> int:
    """Save (draft) scores {statement_id: score} for the participant. All or nothing.

    Refused: a closed round, answers already handed in, a statement not asked in
    this round, a score outside 1-5. Returns the number of answers saved.
    """
    _check_editable(checklist_round, participant)
    asked = set(checklist_round.round_statements.values_list("statement_id", flat=True))
    cleaned = {}
    for statement_id, value in scores.items():
        try:
            statement_id = int(statement_id)
        except (TypeError, ValueError):
            statement_id = None
        if statement_id not in asked:
            raise ChecklistError(_("Deze stelling hoort niet bij deze ronde."))
        cleaned[statement_id] = parse_score(value)
    if not cleaned:
        return 0
    with transaction.atomic():
        existing = {
            a.statement_id: a
            for a in ChecklistAnswer.objects.filter(
                participant=participant, statement_id__in=cleaned
            )
        }
        changed = []
        for statement_id, score in cleaned.items():
            answer = existing.get(statement_id)
            if answer is None:
                ChecklistAnswer.objects.create(
                    participant=participant, statement_id=statement_id, score=score
                )
            elif answer.score != score:
                answer.score = score
                changed.append(answer)
        if changed:
            ChecklistAnswer.objects.bulk_update(changed, ["score"])
    return len(cleaned)


def own_scores(participant: ChecklistParticipant) -> dict[int, int]:
    """{statement_id: score} of the participant (their own eyes only)."""
    return dict(participant.answers.values_list("statement_id", "score"))


def missing_statements(
    statements: Iterable[ChecklistRoundStatement], scores: Mapping[int, int]
) -> list[ChecklistRoundStatement]:
    return [s for s in statements if s.statement_id not in scores]


@transaction.atomic
def submit(checklist_round: ChecklistRound, participant: ChecklistParticipant) -> None:
    """Hand in: every statement answered. Afterwards the answers are fixed."""
    _check_editable(checklist_round, participant)
    statements = round_statements(checklist_round)
    missing = missing_statements(statements, own_scores(participant))
    if missing:
        raise ChecklistError(
            _("Beantwoord eerst alle stellingen; er staan er nog %(count)s open.")
            % {"count": len(missing)}
        )
    participant.submitted_at = timezone.now()
    participant.save(update_fields=["submitted_at"])


def set_shares_own_answers(participant: ChecklistParticipant, shares: bool) -> None:
    """Show my name beside my answers in the team result (my choice, any time)."""
    participant.shares_own_answers = shares
    participant.save(update_fields=["shares_own_answers"])


def close_round(checklist_round: ChecklistRound, user) -> None:
    """Close: answers are fixed and the team result opens, even if not everyone handed in."""
    if checklist_round.is_closed:
        raise ChecklistError(_("Deze ronde is al afgesloten."))
    checklist_round.closed_at = timezone.now()
    checklist_round._history_user = user
    checklist_round._change_reason = "Ronde afgesloten"
    checklist_round.save()


def set_share_with_board(checklist_round: ChecklistRound, share: bool, user) -> None:
    """Share the team result (distributions and agreements) with the board, or stop."""
    if checklist_round.share_team_result_with_board == share:
        return
    checklist_round.share_team_result_with_board = share
    checklist_round._history_user = user
    checklist_round._change_reason = (
        "Teamresultaat gedeeld met het bestuur" if share else "Delen met het bestuur gestopt"
    )
    checklist_round.save()


# --- Results ------------------------------------------------------------------------


@dataclass(frozen=True)
class Distribution:
    """How many handed-in participants chose each score for one statement."""

    statement: ChecklistRoundStatement
    counts: tuple[int, ...]  # index 0 is score 1
    names: tuple[tuple[str, int], ...] = ()  # (name, score) of those who share

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def average(self) -> float | None:
        if not self.total:
            return None
        return sum(score * n for score, n in zip(SCORES, self.counts, strict=True)) / self.total

    @property
    def accent_code(self) -> str:
        return self.statement.accent_code

    @property
    def spread(self) -> int:
        """Points between the lowest and the highest score anyone chose."""
        chosen = [score for score, n in zip(SCORES, self.counts, strict=True) if n]
        return max(chosen) - min(chosen) if chosen else 0

    @property
    def worth_discussing(self) -> bool:
        return self.spread >= SPREAD_TO_DISCUSS

    @property
    def named(self):
        """(name, score, label) of those who share their own answers."""
        return [(name, score, SCORE_LABELS[score]) for name, score in self.names]

    def bars(self):
        """[(score, label, count, percent)] for a bar chart with text."""
        total = self.total
        return [
            (score, SCORE_LABELS[score], n, round(100 * n / total) if total else 0)
            for score, n in zip(SCORES, self.counts, strict=True)
        ]


def distributions(
    checklist_round: ChecklistRound, *, with_names: bool = False
) -> list[Distribution]:
    """Per statement of the round the count of each score: two or three queries, however
    many statements. Only handed-in answers count (a draft is not shared).

    With names: (name, score) of handed-in participants who chose to share their own
    answers; never anyone else's.
    """
    statements = round_statements(checklist_round)
    handed_in = ChecklistAnswer.objects.filter(
        participant__round=checklist_round, participant__submitted_at__isnull=False
    )
    counts = defaultdict(lambda: [0] * len(SCORES))
    for row in handed_in.values("statement_id", "score").annotate(n=Count("pk")).order_by():
        if row["score"] in SCORES:
            counts[row["statement_id"]][row["score"] - 1] = row["n"]
    names = defaultdict(list)
    if with_names:
        shared = handed_in.filter(participant__shares_own_answers=True).order_by(
            "participant__name", "participant__pk"
        )
        for statement_id, name, score in shared.values_list(
            "statement_id", "participant__name", "score"
        ):
            names[statement_id].append((name, score))
    return [
        Distribution(
            statement=s,
            counts=tuple(counts[s.statement_id]),
            names=tuple(names.get(s.statement_id, ())),
        )
        for s in statements
    ]


@dataclass(frozen=True)
class AccentAverage:
    label: str
    average: float | None
    answers: int


def accent_averages(items: Iterable[Distribution]) -> list[AccentAverage]:
    """Average score per accent over all handed-in answers."""
    result = []
    for label, group in by_accent(items):
        answers = sum(d.total for d in group)
        total = sum(d.average * d.total for d in group if d.total)
        result.append(AccentAverage(label, total / answers if answers else None, answers))
    return result


@dataclass(frozen=True)
class OwnAnswer:
    statement: ChecklistRoundStatement
    score: int | None

    @property
    def accent_code(self) -> str:
        return self.statement.accent_code

    @property
    def label(self) -> str:
        return SCORE_LABELS.get(self.score, "")


@dataclass(frozen=True)
class PersonalResult:
    groups: list[tuple[str, list[OwnAnswer]]]
    lowest: list[OwnAnswer]
    highest: list[OwnAnswer]
    unanswered: int

    @property
    def all_same(self) -> bool:
        return bool(self.lowest) and not self.highest


def personal_result(
    checklist_round: ChecklistRound, participant: ChecklistParticipant
) -> PersonalResult:
    """The participant's own answers per accent and the statements they rated lowest and
    highest (every statement at the lowest and at the highest score they gave)."""
    scores = own_scores(participant)
    answers = [OwnAnswer(s, scores.get(s.statement_id)) for s in round_statements(checklist_round)]
    answered = [a for a in answers if a.score is not None]
    lowest = highest = []
    if answered:
        low = min(a.score for a in answered)
        high = max(a.score for a in answered)
        lowest = [a for a in answered if a.score == low]
        highest = [a for a in answered if a.score == high] if high != low else []
    return PersonalResult(
        groups=by_accent(answers),
        lowest=lowest,
        highest=highest,
        unanswered=len(answers) - len(answered),
    )
