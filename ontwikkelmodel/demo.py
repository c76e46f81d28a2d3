"""Demo rondes: De Zonnebloem a year into the model, with a ronde under way now."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone, translation
from django.utils.formats import date_format

from ontwikkelmodel.models import Accent, IndividualAnswer, JointAnswer, ModelVersion, RondeStep
from ontwikkelmodel.rondes import open_ronde
from schools.models import Membership


def month_year(day: date) -> str:
    """ "november 2026": demo titles read the way a school would name them."""
    with translation.override("nl"):
        return date_format(day, "F Y").lower()


# Last year's agreed result: groeifase, strengths, next step per accent code.
LAST_YEAR = {
    "motivatie-ontwikkelen": (2, "Het team wil er graag mee aan de slag.", ""),
    "kennis-opdoen-en-verdiepen": (1, "Twee collega's volgden al een cursus.", ""),
    "gedeelde-taal-en-kennis": (1, "", "Samen dezelfde woorden gaan gebruiken voor stress."),
    "missie-en-visie": (1, "", "TSO opnemen in de visie van de school."),
    "faciliteiten": (2, "Er is tijd gereserveerd voor de werkgroep.", ""),
    "personeelsbeleid": (1, "", ""),
    "leidinggevenden": (2, "De directeur doet zelf mee aan de training.", ""),
    "onderlinge-verbinding": (2, "Collega's vangen elkaar op na lastige momenten.", ""),
    "relaties-met-leerlingen": (2, "Warme ontvangst bij de deur elke ochtend.", ""),
    "relaties-met-ouders": (1, "", "Ouders vertellen wat TSO voor de school betekent."),
    "relaties-met-samenwerkingspartners": (1, "", ""),
    "inrichting": (2, "Elke groep heeft een rustige hoek.", ""),
    "talentontwikkeling": (1, "", ""),
    "pedagogisch-handelen": (1, "", "Een vaste aanpak na een incident in de klas."),
    "omgang-met-stress-en-ontspanning": (1, "", "Dagelijkse ontspanningsmomenten in elke groep."),
}
LAST_YEAR_PRIORITIES = {
    "gedeelde-taal-en-kennis": 1,
    "pedagogisch-handelen": 2,
    "missie-en-visie": 3,
    "omgang-met-stress-en-ontspanning": 4,
    "relaties-met-ouders": 5,
}
FOLLOW_UP = {
    "approach": "In elke bouwvergadering een kwartier voor één begrip uit de training.",
    "role_management": "Zet het op de agenda en bewaakt de tijd.",
    "role_werkgroep": "Bereidt het kwartier voor en verzamelt vragen.",
    "role_team": "Probeert het begrip uit in de eigen groep en deelt ervaringen.",
    "monitoring": "Korte peiling in de teamvergadering, elke twee maanden.",
    "monitored_by": "De kartrekker",
    "feedback_to_team": "Resultaten staan in de nieuwsbrief voor het team.",
}

# This year's individual estimates of the three who already submitted. On
# 'Gedeelde taal en kennis' and 'Relaties met ouders/verzorgers' they are two
# phases apart: the joint conversation has something to talk about.
THIS_YEAR = {
    "schoolleider@zonnebloem.example": {
        "gedeelde-taal-en-kennis": 1,
        "relaties-met-ouders": 2,
        "default": 2,
    },
    "werkgroep@zonnebloem.example": {
        "gedeelde-taal-en-kennis": 3,
        "relaties-met-ouders": 4,
        "default": 2,
    },
    "trainer@zonnebloem.example": {
        "gedeelde-taal-en-kennis": 2,
        "relaties-met-ouders": 3,
        "default": 3,
    },
}
THIS_YEAR_GOALS = {
    "gedeelde-taal-en-kennis": "Nieuwe collega's ook de woorden van TSO leren.",
    "relaties-met-ouders": "Een ouderavond over wat stress met kinderen doet.",
    "pedagogisch-handelen": "Nabespreken na een incident wordt vast onderdeel van de week.",
    "omgang-met-stress-en-ontspanning": "Ook voor collega's een ontspanningsmoment.",
    "personeelsbeleid": "TSO in het inwerkplan voor nieuwe collega's.",
}


def seed_rondes(schools, today: date) -> None:
    zonnebloem = schools["OBS De Zonnebloem"]
    if zonnebloem.rondes.exists() or ModelVersion.objects.current() is None:
        return
    members = {
        m.user.email: m for m in Membership.objects.filter(school=zonnebloem).select_related("user")
    }
    accents = {
        a.code: a for a in Accent.objects.filter(groeilaag__version=ModelVersion.objects.current())
    }
    _seed_last_year(zonnebloem, members, accents, today)
    _seed_this_year(zonnebloem, members, accents, today)


def _at(day: date):
    return timezone.make_aware(datetime.combine(day, time(15, 30)))


def _seed_last_year(school, members, accents, today):
    day = today - timedelta(days=365)
    people = [
        members[email]
        for email in (
            "kartrekker@zonnebloem.example",
            "werkgroep@zonnebloem.example",
            "schoolleider@zonnebloem.example",
            "trainer@example.org",
        )
    ]
    ronde = open_ronde(
        school,
        title=f"Nulmeting {month_year(day)}",
        deadline=day + timedelta(days=14),
        members=people,
        opened_by=members["kartrekker@zonnebloem.example"].user,
    )
    for offset, participant in enumerate(ronde.participants.all()):
        IndividualAnswer.objects.bulk_create(
            IndividualAnswer(
                participant=participant,
                accent=accents[code],
                groeifase=max(1, min(4, fase + (offset % 2 if code != "personeelsbeleid" else 0))),
            )
            for code, (fase, _strengths, _goal) in LAST_YEAR.items()
        )
        participant.submitted_at = _at(day + timedelta(days=7))
        participant.save(update_fields=["submitted_at"])
    for code, (fase, strengths, goal) in LAST_YEAR.items():
        priority = LAST_YEAR_PRIORITIES.get(code)
        JointAnswer.objects.create(
            ronde=ronde,
            accent=accents[code],
            groeifase=fase,
            strengths=strengths,
            goal=goal,
            priority=priority,
            **(FOLLOW_UP if priority in (1, 2) else {}),
        )
    ronde.step = RondeStep.CLOSED
    ronde.joint_date = day + timedelta(days=21)
    ronde.joint_opened_at = _at(day + timedelta(days=15))
    ronde.closed_at = _at(day + timedelta(days=21))
    ronde.save()
    # Make the ronde look as old as it is.
    type(ronde).objects.filter(pk=ronde.pk).update(created_at=_at(day))


def _seed_this_year(school, members, accents, today):
    people = [
        members[email]
        for email in (
            "kartrekker@zonnebloem.example",
            "werkgroep@zonnebloem.example",
            "schoolleider@zonnebloem.example",
            "trainer@zonnebloem.example",
        )
    ]
    ronde = open_ronde(
        school,
        title=f"Module 4, {month_year(today)}",
        deadline=today + timedelta(days=7),
        members=people,
        opened_by=members["kartrekker@zonnebloem.example"].user,
    )
    type(ronde).objects.filter(pk=ronde.pk).update(created_at=_at(today - timedelta(days=7)))
    for participant in ronde.participants.select_related("user"):
        estimates = THIS_YEAR.get(participant.user.email)
        if estimates is None:
            continue  # the kartrekker has not filled in the form yet
        answers = []
        for rank, code in enumerate(accents, start=1):
            goal = THIS_YEAR_GOALS.get(code, "")
            answers.append(
                IndividualAnswer(
                    participant=participant,
                    accent=accents[code],
                    groeifase=estimates.get(code, estimates["default"]),
                    strengths="Het team praat er open over." if rank % 4 == 0 else "",
                    goal=goal,
                    priority=list(THIS_YEAR_GOALS).index(code) + 1 if goal else None,
                )
            )
        IndividualAnswer.objects.bulk_create(answers)
        participant.submitted_at = _at(today - timedelta(days=2))
        participant.saved_at = participant.submitted_at
        participant.save(update_fields=["submitted_at", "saved_at"])
