"""The conversation after the leader checklist (Bijlage 6): pairs, notes, agreements.

Step 1 happens in pairs (a group of three when the number of participants is
odd). A pair's notes belong to that pair only: nobody else reads them, not the
schoolleider unless they are in it, not the kartrekkers, not the board. So once
a pair has written notes it stays together; otherwise a new member would read
what the old pair wrote.

Step 2 is the whole team: notes on the joint questions and concrete agreements
(wie, wat, wanneer). The last joint question asks for the priority within
groeilaag Richting geven. We keep that as the note on that question (the why)
plus the accent of each agreement: the accents the agreements are about are
the team's priority, and an agreement carries its accent into the actieplan.

Notes and agreements are never silently overwritten: notes carry a version
number, agreements compare against their newest history record. Once the round
is closed, both are fixed.

Who may see what lives in ontwikkelmodel/checklist.py; this module decides what
may change.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ontwikkelmodel.checklist import ACCENT_LABELS, ChecklistError, participant_of
from ontwikkelmodel.models import (
    CHECKLIST_ACCENTS,
    ChecklistAgreement,
    ChecklistNote,
    ChecklistParticipant,
    ChecklistQuestion,
    ChecklistRound,
    QuestionStep,
)

CLOSED_MESSAGE = _l(
    "Deze ronde is afgesloten: de notities en afspraken liggen vast en kunnen niet meer veranderen."
)


def check_open(checklist_round: ChecklistRound) -> None:
    if checklist_round.is_closed:
        raise ChecklistError(str(CLOSED_MESSAGE))


def questions(checklist_round: ChecklistRound, step: str) -> list[ChecklistQuestion]:
    return list(
        ChecklistQuestion.objects.filter(version_id=checklist_round.version_id, step=step).order_by(
            "order", "pk"
        )
    )


# --- Pairs ------------------------------------------------------------------------------


def pairs_with_notes(checklist_round: ChecklistRound) -> set[int]:
    """Pair numbers that wrote something: these pairs stay as they are."""
    return set(
        checklist_round.notes.filter(pair__isnull=False)
        .exclude(text="")
        .values_list("pair", flat=True)
    )


def groups_of(assignment: Mapping[int, int | None]) -> dict[int, set[int]]:
    """{pair number: participant ids} from {participant id: pair number or None}."""
    groups: dict[int, set[int]] = {}
    for participant_id, pair in assignment.items():
        if pair is not None:
            groups.setdefault(pair, set()).add(participant_id)
    return groups


def pair_errors(
    participants: list[ChecklistParticipant],
    assignment: Mapping[int, int | None],
    locked: Iterable[int] = (),
) -> list[str]:
    """What is wrong with a division into pairs; empty when it is fine.

    Pairs of two; one group of three only when the number of participants is
    odd; one person alone only when they are the only participant. Pairs that
    already wrote notes keep exactly their members.
    """
    errors = []
    groups = groups_of(assignment)
    old = groups_of({p.pk: p.pair for p in participants})
    alone_allowed = len(participants) == 1
    threes = [pair for pair, members in groups.items() if len(members) == 3]
    for pair, members in sorted(groups.items()):
        if len(members) == 1 and not alone_allowed:
            errors.append(
                _("Tweetal %(n)s heeft maar één deelnemer: zet er iemand bij of haal het weg.")
                % {"n": pair}
            )
        elif len(members) > 3:
            errors.append(_("Tweetal %(n)s heeft meer dan drie deelnemers.") % {"n": pair})
    if threes and (len(participants) % 2 == 0 or len(threes) > 1):
        errors.append(
            _(
                "Een groepje van drie kan alleen bij een oneven aantal deelnemers, en dan maar "
                "één keer."
            )
        )
    for pair in sorted(locked):
        if groups.get(pair, set()) != old.get(pair, set()):
            errors.append(
                _(
                    "Tweetal %(n)s heeft al notities gemaakt; dat tweetal blijft zoals het is, "
                    "zodat alleen zij hun notities lezen."
                )
                % {"n": pair}
            )
    return errors


def suggested_pairs(participants: list[ChecklistParticipant]) -> dict[int, int | None]:
    """Pairs in list order; with an odd number the last three form a group."""
    count = len(participants)
    if count < 2:
        return {p.pk: None for p in participants}
    suggestion = {p.pk: index // 2 + 1 for index, p in enumerate(participants)}
    if count % 2:
        suggestion[participants[-1].pk] = count // 2  # joins the last pair
    return suggestion


@transaction.atomic
def assign_pairs(checklist_round: ChecklistRound, assignment: Mapping[int, int | None]) -> None:
    check_open(checklist_round)
    participants = list(checklist_round.participants.select_for_update().order_by("pk"))
    errors = pair_errors(participants, assignment, pairs_with_notes(checklist_round))
    if errors:
        raise ChecklistError(" ".join(errors))
    changed = []
    for participant in participants:
        pair = assignment.get(participant.pk, participant.pair)
        if participant.pair != pair:
            participant.pair = pair
            changed.append(participant)
    ChecklistParticipant.objects.bulk_update(changed, ["pair"])


def pair_members(checklist_round: ChecklistRound, pair: int | None) -> list[ChecklistParticipant]:
    """The members of a pair (uses prefetched participants)."""
    if pair is None:
        return []
    return [p for p in checklist_round.participants.all() if p.pair == pair]


def my_pair(checklist_round: ChecklistRound, user) -> int | None:
    participant = participant_of(checklist_round, user)
    return participant.pair if participant else None


# --- Notes ------------------------------------------------------------------------------


@dataclass
class NoteConflict:
    """Someone else saved this question's notes after the user opened the page."""

    question: ChecklistQuestion
    theirs: str
    yours: str
    by: str
    at: datetime | None
    version: int  # the stored version: saving again keeps the user's text


def notes_by_question(
    checklist_round: ChecklistRound, pair: int | None
) -> dict[int, ChecklistNote]:
    """{question id: note} of one pair (a number) or of the joint step (None)."""
    return {note.question_id: note for note in checklist_round.notes.filter(pair=pair)}


@transaction.atomic
def save_notes(
    checklist_round: ChecklistRound,
    pair: int | None,
    posted: Mapping[int, tuple[str, int]],
    user,
) -> list[NoteConflict]:
    """Save {question id: (text, version the user started from)} for a pair or the team.

    A note saves when nobody changed it since the user's version, or when the
    stored text already equals the user's. Otherwise it is left alone and
    returned as a conflict; the other notes are saved.
    """
    check_open(checklist_round)
    step = QuestionStep.PAIRS if pair is not None else QuestionStep.TOGETHER
    asked = {q.pk: q for q in questions(checklist_round, step)}
    conflicts = []
    name = user.get_full_name() or user.email
    for question_id, (text, version) in posted.items():
        question = asked.get(question_id)
        if question is None:
            continue
        text = text.replace("\r\n", "\n").strip()
        note = (
            ChecklistNote.objects.select_for_update()
            .filter(round=checklist_round, question=question, pair=pair)
            .first()
        )
        if note is None:
            if not text:
                continue
            note = ChecklistNote(round=checklist_round, question=question, pair=pair)
        if note.text == text:
            continue
        if note.version != version:
            conflicts.append(
                NoteConflict(question, note.text, text, note.saved_by, note.saved_at, note.version)
            )
            continue
        note.text = text
        note.version += 1
        note.saved_by = name
        note.saved_at = timezone.now()
        note.save()
    return conflicts


# --- Agreements ---------------------------------------------------------------------------


def agreement_version(agreement: ChecklistAgreement | None) -> int:
    """The newest history record of an agreement: the version an edit form started from."""
    if agreement is None or agreement.pk is None:
        return 0
    latest = agreement.history.order_by("-history_id").values_list("history_id", flat=True)
    return latest.first() or 0


@dataclass
class AgreementConflict:
    current: ChecklistAgreement
    by: object
    at: datetime | None
    version: int


def agreement_conflict(
    agreement: ChecklistAgreement, version: int | None
) -> AgreementConflict | None:
    """Someone saved the agreement after the user's version, or None."""
    latest = agreement.history.select_related("history_user").order_by("-history_id").first()
    if latest is None or version == latest.history_id:
        return None
    return AgreementConflict(agreement, latest.history_user, latest.history_date, latest.history_id)


@transaction.atomic
def add_agreement(checklist_round: ChecklistRound, *, what, who, when, accent_code, user):
    check_open(checklist_round)
    last = checklist_round.agreements.order_by("-order").values_list("order", flat=True).first()
    agreement = ChecklistAgreement(
        round=checklist_round,
        what=what,
        who=who,
        when=when,
        accent_code=accent_code,
        order=(last or 0) + 1,
    )
    agreement._history_user = user
    agreement.save()
    return agreement


@transaction.atomic
def change_agreement(
    agreement: ChecklistAgreement, version: int | None, *, user, **values
) -> AgreementConflict | None:
    """Save new values unless someone saved the agreement after `version` (then nothing)."""
    check_open(agreement.round)
    locked = ChecklistAgreement.objects.select_for_update().get(pk=agreement.pk)
    unchanged = all(getattr(locked, name) == value for name, value in values.items())
    if unchanged:
        return None
    conflict = agreement_conflict(locked, version)
    if conflict is not None:
        return conflict
    for name, value in values.items():
        setattr(agreement, name, value)
    agreement._history_user = user
    agreement.save()
    return None


@transaction.atomic
def delete_agreement(agreement: ChecklistAgreement, user) -> None:
    check_open(agreement.round)
    agreement._history_user = user
    agreement.delete()


@dataclass(frozen=True)
class AccentPriority:
    code: str
    label: str
    agreements: int


def priorities(agreements: Iterable[ChecklistAgreement]) -> list[AccentPriority]:
    """The accents of Richting geven the agreements are about, most agreements first."""
    counts = Counter(a.accent_code for a in agreements if a.accent_code)
    return [
        AccentPriority(code, str(ACCENT_LABELS.get(code, code)), counts[code])
        for code in sorted(counts, key=lambda c: (-counts[c], CHECKLIST_ACCENTS.index(c)))
        if code in CHECKLIST_ACCENTS
    ]
