"""Demo checklist rounds (Bijlage 6): De Zonnebloem's management team talked it through
a few months ago and made agreements; at Het Kompas one of the two has filled it in.

Safe to run again: a school that has checklist rounds is left alone.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from ontwikkelmodel.demo import month_year
from ontwikkelmodel.models import (
    ChecklistAgreement,
    ChecklistAnswer,
    ChecklistNote,
    ChecklistParticipant,
    ChecklistRound,
    ChecklistVersion,
    QuestionStep,
)
from schools.models import User

ZONNEBLOEM = "OBS De Zonnebloem"
KOMPAS = "SO Het Kompas"

# Per participant a base score and how it moves per accent: the team differs most
# on personeelsbeleid, which gives the conversation something to talk about.
ZONNEBLOEM_PEOPLE = [
    # e-mail, base score, per-accent shift, shares own answers
    ("schoolleider@zonnebloem.example", 4, {"personeelsbeleid": -2, "faciliteiten": 0}, False),
    ("mt1@zonnebloem.example", 3, {"personeelsbeleid": 1, "missie-en-visie": 1}, True),
    ("mt2@zonnebloem.example", 3, {"personeelsbeleid": -1, "leidinggevenden": 1}, False),
]
KOMPAS_PEOPLE = [
    ("schoolleider@kompas.example", 3, {"missie-en-visie": 1, "faciliteiten": -1}, False),
    ("mt@kompas.example", 4, {"leidinggevenden": -1}, False),
]

# The three of De Zonnebloem talked as one group of three; notes per pair question, in order.
PAIR_NOTES = [
    "Tevreden over hoe we TSO in de visie hebben gezet en erover vertellen aan nieuwe ouders.",
    "We hebben het samen met het team opgeschreven; iedereen herkent zich erin.",
    "Minder tevreden over hoe we nieuwe collega's inwerken: TSO komt daar nog niet in voor.",
    "Dat elke nieuwe collega in de eerste maand weet wat TSO voor ons betekent.",
    "Het inwerkplan naast de groeilaag Richting geven leggen en aanvullen.",
    "Tijd in het MT-overleg en de kartrekker om mee te lezen.",
]
JOINT_NOTES = [
    "We zien van elkaar waar we sterk zijn. Het grootste verschil zit bij personeelsbeleid.",
    "Als MT: TSO vast op de agenda van elk MT-overleg. Ieder: één eigen punt uit de checklist.",
    "Een kwartier per overleg, en de kartrekker die één keer per periode aanschuift.",
    "Prioriteit: personeelsbeleid. Daarna leidinggevenden: zelf het goede voorbeeld geven.",
]
AGREEMENTS = [
    # who, what, days after the conversation, accent
    (
        "Sanne de Vries",
        "TSO wordt een vast punt op de agenda van elk MT-overleg",
        14,
        "",
    ),
    (
        "Marco Dekker en de kartrekker",
        "Het inwerkplan voor nieuwe collega's aanvullen met TSO",
        60,
        "personeelsbeleid",
    ),
    (
        "Lotte Brouwer",
        "In elk functioneringsgesprek een vraag over eigen stress",
        120,
        "personeelsbeleid",
    ),
]


def seed_checklists(schools, today: date) -> None:
    version = ChecklistVersion.objects.current()
    if version is None:
        return  # the checklist content is not loaded
    zonnebloem = schools.get(ZONNEBLOEM)
    if zonnebloem is not None and not zonnebloem.checklist_rounds.exists():
        _seed_zonnebloem(zonnebloem, version, today)
    kompas = schools.get(KOMPAS)
    if kompas is not None and not kompas.checklist_rounds.exists():
        _seed_kompas(kompas, version, today)


def _at(day: date, hour: int = 15, minute: int = 30):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _title(day: date) -> str:
    return f"Checklist leidinggevenden {month_year(day)}"


def _open(school, version, day: date, people) -> tuple[ChecklistRound, list]:
    users = {u.email: u for u in User.objects.filter(email__in=[p[0] for p in people])}
    opener = users[people[0][0]]
    checklist_round = ChecklistRound.objects.create(
        school=school, version=version, title=_title(day), opened_by=opener
    )
    # Make the round look as old as it is.
    ChecklistRound.objects.filter(pk=checklist_round.pk).update(created_at=_at(day, 9, 0))
    participants = [
        ChecklistParticipant.objects.create(
            round=checklist_round,
            user=users[email],
            name=users[email].get_full_name() or users[email].email,
            shares_own_answers=shares,
            pair=1,
        )
        for email, _base, _shifts, shares in people
    ]
    return checklist_round, participants


def _answer(participant, statements, base: int, shifts: dict, count: int | None = None) -> None:
    answers = []
    for index, statement in enumerate(statements[:count]):
        wobble = (index % 3) - 1 if index % 2 else 0  # a little variety per statement
        score = base + shifts.get(statement.accent_code, 0) + wobble
        answers.append(
            ChecklistAnswer(
                participant=participant, statement=statement, score=max(1, min(5, score))
            )
        )
    ChecklistAnswer.objects.bulk_create(answers)


def _seed_zonnebloem(school, version, today: date) -> None:
    day = today - timedelta(days=100)  # a few months ago
    checklist_round, participants = _open(school, version, day, ZONNEBLOEM_PEOPLE)
    statements = list(version.statements.filter(is_active=True).order_by("order", "pk"))
    for offset, (participant, (_email, base, shifts, _shares)) in enumerate(
        zip(participants, ZONNEBLOEM_PEOPLE, strict=True)
    ):
        _answer(participant, statements, base, shifts)
        participant.submitted_at = _at(day + timedelta(days=2 + offset), 20, 15)
        participant.save(update_fields=["submitted_at"])
    talk = day + timedelta(days=7)
    questions = list(version.questions.order_by("step", "order", "pk"))
    pair_questions = [q for q in questions if q.step == QuestionStep.PAIRS]
    joint_questions = [q for q in questions if q.step == QuestionStep.TOGETHER]
    names = [p.name for p in participants]
    ChecklistNote.objects.bulk_create(
        [
            ChecklistNote(
                round=checklist_round,
                question=question,
                pair=1,
                text=text,
                version=1,
                saved_by=names[index % 2 + 1],
                saved_at=_at(talk, 10, index),
            )
            for index, (question, text) in enumerate(zip(pair_questions, PAIR_NOTES, strict=False))
        ]
        + [
            ChecklistNote(
                round=checklist_round,
                question=question,
                pair=None,
                text=text,
                version=1,
                saved_by=names[0],
                saved_at=_at(talk, 10, 30 + index),
            )
            for index, (question, text) in enumerate(
                zip(joint_questions, JOINT_NOTES, strict=False)
            )
        ]
    )
    for order, (who, what, days, accent) in enumerate(AGREEMENTS, start=1):
        ChecklistAgreement.objects.create(
            round=checklist_round,
            who=who,
            what=what,
            when=talk + timedelta(days=days),
            accent_code=accent,
            order=order,
        )
    checklist_round.closed_at = _at(talk, 11, 0)
    checklist_round.save(update_fields=["closed_at"])


def _seed_kompas(school, version, today: date) -> None:
    day = today - timedelta(days=5)
    checklist_round, participants = _open(school, version, day, KOMPAS_PEOPLE)
    statements = list(version.statements.filter(is_active=True).order_by("order", "pk"))
    leader, mt_lid = participants
    _answer(leader, statements, *KOMPAS_PEOPLE[0][1:3])
    leader.submitted_at = _at(day + timedelta(days=1), 19, 40)
    leader.save(update_fields=["submitted_at"])
    # The MT-lid has started: a draft of the first few statements, not submitted.
    _answer(mt_lid, statements, *KOMPAS_PEOPLE[1][1:3], count=4)
