"""Demo timelines: Zonnebloem mid-training, Kompas preparing, Vlinder exploring."""

from datetime import date, timedelta
from decimal import Decimal

from phases.dates import add_months, next_weekday
from phases.models import (
    ActionStatus,
    Afspraak,
    AgendaTheme,
    Attendance,
    Decision,
    FacilitatedHours,
    FollowUp,
    Implementation,
    SessionKind,
    TrainingGroup,
    VoorgesprekKind,
    school_year_of,
)
from phases.planning import suggest_year_plan
from phases.timeline import start_timeline
from phases.voorgesprek import start_voorgesprek, sync_afspraak, sync_next_meeting
from schools.models import Membership


def seed_phases(schools, today: date) -> None:
    zonnebloem = schools["OBS De Zonnebloem"]
    if not Implementation.objects.filter(school=zonnebloem).exists():
        _seed_zonnebloem(zonnebloem, today)
    kompas = schools["SO Het Kompas"]
    if not Implementation.objects.filter(school=kompas).exists():
        _implementation(kompas, next_weekday(add_months(today, 5)))
        _close_finished(kompas, today, keep_open=set())
        kartrekker = Membership.objects.filter(school=kompas, kartrekker=True).first()
        _assign(kompas.timeline_actions.filter(phase__number=2), kartrekker)
    vlinder = schools["SBO De Vlinder"]
    if not Implementation.objects.filter(school=vlinder).exists():
        _implementation(vlinder, next_weekday(add_months(today, 10)))
    seed_voorgesprekken(schools, today)


def _implementation(school, t0):
    implementation = Implementation.objects.create(school=school, t0=t0)
    start_timeline(implementation)
    return implementation


def _zonnebloem_t0(today: date) -> date:
    """About four months ago, but never in the summer holiday."""
    t0 = add_months(today, -4)
    if t0.month in (7, 8):
        t0 = date(t0.year, 9, 1)
    return next_weekday(t0)


def _seed_zonnebloem(school, today):
    t0 = _zonnebloem_t0(today)
    _implementation(school, t0)
    members = {m.user.email: m for m in school.memberships.select_related("user")}
    kartrekker = members["kartrekker@zonnebloem.example"]
    trainers = [members["trainer@example.org"], members["trainer@zonnebloem.example"]]

    group = TrainingGroup.objects.create(school=school, name="Hele team", participant_count=34)
    group.trainers.set(trainers)
    for session in suggest_year_plan(school, t0, location="Teamkamer OBS De Zonnebloem"):
        session.groups.add(group)
        session.trainers.set(trainers)

    _close_finished(school, today, keep_open={"werkgroep-vormen"})
    overdue = school.timeline_actions.get(standard_action__code="werkgroep-vormen")
    overdue.status = ActionStatus.BEZIG
    overdue.owner = kartrekker
    overdue.notes = "Uren voor de werkgroep zijn nog niet in de taakverdeling opgenomen."
    overdue.save()
    _assign(school.timeline_actions.filter(phase__number=3, status=ActionStatus.OPEN), kartrekker)

    team = [m for m in members.values() if m.teamlid]
    missed = {
        "anouk.peters@zonnebloem.example": FollowUp.AFGESPROKEN,
        "freek.bos@zonnebloem.example": FollowUp.TE_REGELEN,
    }
    for session in school.training_sessions.filter(
        kind__in=[SessionKind.MODULE_1, SessionKind.MODULE_2], date__lt=today
    ):
        Attendance.objects.bulk_create(
            [
                Attendance(
                    session=session,
                    membership=m,
                    present=not (session.kind == SessionKind.MODULE_1 and m.user.email in missed),
                    follow_up=missed.get(m.user.email, FollowUp.TE_REGELEN),
                    note="Inhalen bij de training van SO Het Kompas"
                    if missed.get(m.user.email) == FollowUp.AFGESPROKEN
                    and session.kind == SessionKind.MODULE_1
                    else "",
                )
                for m in team
            ]
        )

    year = school_year_of(today)[0].year
    FacilitatedHours.objects.create(
        school=school, membership=kartrekker, school_year=year, hours=Decimal("30")
    )
    werkgroep = members["werkgroep@zonnebloem.example"]
    FacilitatedHours.objects.create(
        school=school, membership=werkgroep, school_year=year, hours=Decimal("12")
    )


def _close_finished(school, today, keep_open):
    """Actions whose window ended two weeks ago are done, as a real school would have."""
    for action in school.timeline_actions.filter(planned_end__lt=today - timedelta(days=14)):
        if action.standard_action and action.standard_action.code in keep_open:
            continue
        action.set_status(ActionStatus.GEDAAN, today)
        action.done_on = action.planned_end
        action.save()


def _assign(actions, owner):
    # One save per action, so the history shows where every owner came from.
    for action in actions:
        action.owner = owner
        action.save(update_fields=["owner"])


# Voorgesprekken -------------------------------------------------------------
# Notes are about the school and the team, never about pupils.

ZONNEBLOEM_NOTES = {
    "wie-aan-tafel": (
        "Sanne (directeur) en Karim (leerkracht groep 6) hebben de introductie over TSO "
        "op de studiedag van de stichting gevolgd. Wendy zit in het zorgteam en deed een "
        "cursus over hechting. Tamara is externe trainer met een achtergrond in de jeugdzorg."
    ),
    "waarom-tso": (
        "Het team ziet steeds vaker kinderen die onrustig of juist teruggetrokken binnenkomen, "
        "en de gedragsaanpak sluit daar niet goed op aan.\n"
        'Waarom in eigen woorden: "We willen begrijpen wat er achter gedrag zit, in plaats '
        'van alleen te reageren." De school wil één gedeelde taal in het hele team.'
    ),
    "doelgroep": (
        "Wijkschool in een gemengde wijk met veel jonge gezinnen, ruim 300 leerlingen. "
        "Ongeveer een kwart van de ouders spreekt thuis (ook) een andere taal. De "
        "kinderopvang zit in hetzelfde gebouw; de samenwerking is nauw."
    ),
    "omvang-trauma": (
        "Schatting van de intern begeleider voor de hele school: in elke groep twee tot vier "
        "kinderen met langdurige stress (scheiding, armoede, vluchtverleden). Bewust geen "
        "gegevens per kind genoteerd."
    ),
    "vertaling-training": (
        "Voorbeelden uit het regulier basisonderwijs, en aandacht voor het gesprek met "
        "ouders die de Nederlandse taal nog niet goed spreken."
    ),
    "teamgrootte": "Inclusief onderwijsassistenten en de conciërge; ook de conciërge doet mee.",
    "aard-team": (
        "Stabiel team met weinig verloop; ongeveer een derde werkt hier langer dan vijftien "
        "jaar. Dit jaar vier nieuwe collega's. Veel parttimers, dus plannen op studiedagen en "
        "woensdagmiddagen.\nHet team is betrokken, maar voelt de werkdruk."
    ),
    "verhouding-leiding": (
        "Korte lijnen. Het MT bestaat uit de directeur en twee bouwcoördinatoren. Het team "
        "waardeert dat de directeur zelf meedoet aan de training."
    ),
    "steun-directie": (
        "De directie staat er volledig achter en neemt TSO op in het nieuwe schoolplan. "
        "Aandachtspunt: de uren van kartrekker en werkgroep staan nog niet in de taakverdeling."
    ),
    "kwaliteit": (
        "Laatste inspectiebezoek: basisarrangement, voldoende op alle standaarden; sociale "
        "veiligheid werd als sterk punt genoemd."
    ),
    "aanpak-gedrag": (
        "De school werkt met PBS. De gedragsverwachtingen blijven; het team wil meer oog "
        "voor wat er achter gedrag zit en voor herstel na een incident."
    ),
    "tso-nu": (
        "Een paar collega's lazen het boek. In groep 3 en 4 is er al een rustplek in de klas. "
        "Het hele team is nog niet getraind."
    ),
    "meldcode": (
        "De meldcode is bekend en de scholing is jaarlijks, via de stichting. De intern "
        "begeleider is aandachtsfunctionaris."
    ),
    "beleid": (
        "Nieuw schoolplan vanaf volgend schooljaar; TSO past bij het speerpunt 'veilig "
        "leerklimaat'. Geen andere grote vernieuwing; wel een nieuwe rekenmethode (klein)."
    ),
    "partners": (
        "Schoolmaatschappelijk werk (wekelijks spreekuur), het wijkteam, de kinderopvang in "
        "het gebouw en SO Het Kompas voor consultatie."
    ),
    "tijdsinvestering": (
        "Besproken: vier modules, drie werkmomenten en een werkgroep met vaste uren. De "
        "directie zet de studiedagen hiervoor in de jaarplanning."
    ),
    "voorwaarden": (
        "Goed geregeld: draagvlak bij directie en team, studiedagen beschikbaar, meldcode op "
        "orde.\nNog niet: uren voor kartrekker en werkgroep in de taakverdeling."
    ),
    "kartrekkers-genoemd": (
        "Karim wordt kartrekker. Een tweede kartrekker uit de onderbouw zou fijn zijn; "
        "daar wordt nog naar gezocht."
    ),
    "uren-kartrekker": "Start met 30 uur; na het eerste halfjaar kijken of dat genoeg is.",
    "werkgroep": (
        "Vijf mensen: uit elke bouw iemand, de intern begeleider en een onderwijsassistent. "
        "Werven via een oproep in de teamvergadering."
    ),
    "uren-werkgroep": "20 uur per werkgroeplid in de taakverdeling.",
    "communicatie": (
        "Introductiepresentatie op de eerste studiedag na de zomer; vooraf een korte "
        "nieuwsbrief aan het team over het waarom."
    ),
    "verwachtingen": (
        "De training kan persoonlijk raken. Collega's kunnen terecht bij de trainers en bij "
        "de vertrouwenspersoon van de school."
    ),
    "spreiding": (
        "Modules op studiedagen, werkmomenten op woensdagmiddag, ongeveer zes weken ertussen."
    ),
    "groepen-trainers": (
        "34 mensen: het handboek adviseert groepen van hoogstens 20. Gekozen voor het hele "
        "team samen in de aula met twee trainers (onderwijs en zorg) en werkvormen in "
        "kleine groepen."
    ),
    "financien": (
        "Boek en externe trainer uit het budget voor professionalisering; werkmomenten "
        "binnen de normjaartaak."
    ),
    "gemiste-momenten": (
        "Wie een module mist, haalt die in bij een andere school van de stichting. De "
        "kartrekker houdt bij wie wat gemist heeft."
    ),
    "vervolgafspraak": (
        "Geen apart vervolggesprek nodig; de praktische voorbereiding loopt via de kartrekker "
        "en de trainers."
    ),
    "externe-trainers": "Tamara is beschikbaar; de directeur legt de afspraak vast.",
    "prettig": "Open gesprek; de vragen uit het handboek gaven houvast.",
    "gemist": "Meer tijd voor de financiën.",
    "belangrijkste": (
        "De uren van kartrekker en werkgroep op tijd regelen en het team vroeg meenemen."
    ),
}

VLINDER_NOTES = {
    "wie-aan-tafel": (
        "Vera (directeur) en Koen (leerkracht, wil kartrekker worden). De externe trainer kon "
        "deze keer niet; zij sluit aan bij het vervolggesprek."
    ),
    "waarom-tso": (
        "Veel leerlingen hebben een belaste voorgeschiedenis. Het team zoekt houvast bij "
        "de-escalatie en bij herstel na een incident."
    ),
    "doelgroep": (
        "SBO met bijna 150 leerlingen uit een grote regio; veel kinderen komen met de taxi."
    ),
    "teamgrootte": "Inclusief de onderwijsassistenten.",
    "aard-team": (
        "Een derde van het team is de afgelopen twee jaar nieuw. Het verzuim is hoog en de "
        "werkdruk ook."
    ),
    "steun-directie": "De directie wil TSO, maar het MT is op dit moment onderbezet.",
    "beleid": (
        "Dit jaar lopen al een nieuw leerlingvolgsysteem en een verbouwing: twee grotere "
        "veranderingen tegelijk."
    ),
    "tijdsinvestering": ("Dit schooljaar is er geen ruimte voor vier modules en werkmomenten."),
    "voorwaarden": (
        "Goed: urgentie en motivatie.\nNog niet: rust in het team, ruimte in de jaarplanning, "
        "een tweede kartrekker."
    ),
    "kleine-stappen": (
        "Het boek in de teamkamer leggen en in twee teamvergaderingen een hoofdstuk bespreken. "
        "Koen verkent de rol van kartrekker."
    ),
    "prettig": "Eerlijk gesprek over wat nu wel en niet kan.",
    "belangrijkste": "Niet half beginnen: eerst ruimte maken.",
}


def seed_voorgesprekken(schools, today: date) -> None:
    """A finished meeting at Zonnebloem (Go) and Vlinder (Twijfel), one coming at Kompas."""
    if not AgendaTheme.objects.exists():
        return  # the agenda content is not loaded
    zonnebloem = schools["OBS De Zonnebloem"]
    if not zonnebloem.voorgesprekken.exists():
        _seed_zonnebloem_voorgesprek(zonnebloem, today)
    vlinder = schools["SBO De Vlinder"]
    if not vlinder.voorgesprekken.exists():
        _seed_vlinder_voorgesprek(vlinder, today)
    kompas = schools["SO Het Kompas"]
    if not kompas.voorgesprekken.exists():
        t0 = kompas.implementation.t0
        voorgesprek = start_voorgesprek(
            school=kompas,
            kind=VoorgesprekKind.PRAKTISCH,
            date=next_weekday(add_months(t0, -2)),
            location="Teamkamer SO Het Kompas",
            created_by=_member(kompas, "trainer@example.org").user,
        )
        voorgesprek.participants.set(
            [
                _member(kompas, e)
                for e in (
                    "schoolleider@kompas.example",
                    "kartrekker@kompas.example",
                    "trainer@example.org",
                )
            ]
        )


def _member(school, email) -> Membership:
    return Membership.objects.select_related("user").get(school=school, user__email=email)


def _write_notes(voorgesprek, notes: dict, answers: dict) -> None:
    for prompt in voorgesprek.prompts.select_related("agenda_prompt"):
        code = prompt.agenda_prompt.code
        prompt.notes = notes.get(code, "")
        for field, value in answers.get(code, {}).items():
            if field == "members":
                prompt.members.set(value)
            else:
                setattr(prompt, field, value)
        prompt.save()


def _seed_zonnebloem_voorgesprek(school, today):
    t0 = school.implementation.t0
    meeting_day = next_weekday(add_months(t0, -11))
    leader = _member(school, "schoolleider@zonnebloem.example")
    kartrekker = _member(school, "kartrekker@zonnebloem.example")
    trainer = _member(school, "trainer@example.org")
    voorgesprek = start_voorgesprek(
        school=school,
        kind=VoorgesprekKind.VERKENNEND,
        date=meeting_day,
        location="Directiekamer OBS De Zonnebloem",
        created_by=trainer.user,
    )
    voorgesprek.participants.set(
        [leader, trainer, kartrekker, _member(school, "werkgroep@zonnebloem.example")]
    )
    training_days = [next_weekday(add_months(t0, months)).isoformat() for months in (0, 2, 5, 7)]
    _write_notes(
        voorgesprek,
        ZONNEBLOEM_NOTES,
        {
            "teamgrootte": {"number": Decimal("34")},
            "uren-kartrekker": {"number": Decimal("30")},
            "uren-werkgroep": {"number": Decimal("20")},
            "trainingsdata": {"dates": training_days},
            "kartrekkers-genoemd": {
                "members": [kartrekker],
                "names": "tweede kartrekker onderbouw",
            },
        },
    )
    voorgesprek.decision = Decision.GO
    voorgesprek.decision_reasoning = (
        "De voorwaarden zijn goed genoeg: het team is gemotiveerd, de directie steunt zichtbaar "
        "en er loopt geen andere grote verandering. De uren voor kartrekker en werkgroep worden "
        "voor de zomer geregeld."
    )
    voorgesprek.save()
    for what, owner, months in [
        ("Uren kartrekker en werkgroep opnemen in de taakverdeling", leader, 2),
        ("Studiedagen voor de vier modules in de jaarplanning zetten", leader, 3),
        ("Nieuwsbrief over TSO en het waarom aan het team sturen", kartrekker, 4),
    ]:
        afspraak = Afspraak.objects.create(
            voorgesprek=voorgesprek,
            what=what,
            owner=owner,
            due=next_weekday(add_months(meeting_day, months) + timedelta(days=7)),
        )
        action = sync_afspraak(afspraak)
        if action.planned_end < today - timedelta(days=14):
            action.set_status(ActionStatus.GEDAAN, today)
            action.done_on = action.planned_end
            action.save()


def _seed_vlinder_voorgesprek(school, today):
    leader = _member(school, "schoolleider@vlinder.example")
    kartrekker = _member(school, "kartrekker@vlinder.example")
    voorgesprek = start_voorgesprek(
        school=school,
        kind=VoorgesprekKind.VERKENNEND,
        date=next_weekday(today - timedelta(days=21)),
        location="SBO De Vlinder, kamer van de directeur",
        created_by=leader.user,
    )
    voorgesprek.participants.set([leader, kartrekker])
    _write_notes(voorgesprek, VLINDER_NOTES, {"teamgrootte": {"number": Decimal("27")}})
    voorgesprek.decision = Decision.TWIJFEL
    voorgesprek.decision_reasoning = (
        "Het team is gemotiveerd, maar met de verbouwing en het nieuwe volgsysteem is er nu te "
        "weinig ruimte. Liever straks goed beginnen dan nu half."
    )
    voorgesprek.improvements = (
        "Verzuim en werkdruk eerst omlaag; de verbouwing afronden; in de jaarplanning van "
        "volgend schooljaar ruimte maken voor de training; een tweede kartrekker zoeken."
    )
    voorgesprek.next_meeting = next_weekday(add_months(today, 2))
    voorgesprek.save()
    sync_next_meeting(voorgesprek)
    afspraak = Afspraak.objects.create(
        voorgesprek=voorgesprek,
        what="Ruimte voor de TSO-training in de jaarplanning van volgend schooljaar "
        "bespreken in het MT",
        owner=leader,
        due=next_weekday(add_months(today, 1)),
    )
    sync_afspraak(afspraak)
