"""Demo timelines: Zonnebloem mid-training, Kompas preparing, Vlinder exploring."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from phases import werkmomenten as rules
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
    Ontwikkelpunt,
    ReflectionAnswer,
    ReflectionQuestionTemplate,
    SessionKind,
    TrainingGroup,
    TrainingSession,
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


# Werkmomenten ---------------------------------------------------------------
# Zonnebloem: the first werkmoment is done (its reflection round closed, with
# names, 12 answers), the next one is coming (an anonymous round, half the team
# answered; teamlid@zonnebloem.example has not, so the demo account can).

DONE_ANSWERS = [
    (
        "Dat stress het denkend brein letterlijk uitschakelt. Ik kijk nu anders naar "
        "een kind dat 'niet luistert'.",
        "Hoe praat je met ouders over wat je ziet, zonder dat het beschuldigend klinkt?",
        "Een vaste rustplek in de klas die niet als straf voelt.",
    ),
    (
        "De oefening met de traumabril: hetzelfde gedrag, een heel ander verhaal erachter.",
        "Wat doe je als een kind in paniek raakt op het plein, buiten je eigen groep?",
        "Samen afspraken maken voor het plein en de overblijf.",
    ),
    (
        "Dat ik intuïtief al veel goed doe, maar het nu kan benoemen.",
        "",
        "De dagelijkse check-in: hoe doe je dat in vijf minuten met 28 kinderen?",
    ),
    (
        "Het verhaal over veerkracht: één stabiele volwassene maakt al verschil.",
        "Hoe zorg ik voor mezelf als het me raakt?",
        "Time-in uitproberen in plaats van de gang op sturen.",
    ),
    (
        "Dat gedrag communicatie is.",
        "Hoe verhoudt dit zich tot onze PBS-afspraken en de beloningen?",
        "De gedragsverwachtingen naast TSO leggen en kijken wat we aanpassen.",
    ),
    (
        "De uitleg over het window of tolerance.",
        "Welke signalen zie je het eerst bij een kind dat overprikkeld raakt?",
        "Herkennen van signalen oefenen met voorbeelden uit de eigen groep (zonder namen).",
    ),
    (
        "Dat je eerst verbinding maakt en daarna pas corrigeert.",
        "",
        "",
    ),
    (
        "Hoe vaak ik zelf in de stress schiet aan het begin van de dag.",
        "Kunnen we als team een vast ritueel voor de ochtend afspreken?",
        "Check-in en check-out in alle groepen op dezelfde manier.",
    ),
    (
        "De opdracht om één leerling opnieuw te bekijken.",
        "Hoe gebruiken we het dossier zonder te veel te lezen over wat er thuis gebeurt?",
        "Dossieranalyse in tweetallen, met de intern begeleider erbij.",
    ),
    (
        "Dat de conciërge en de overblijfkrachten ook bij de training waren.",
        "Hoe nemen we invallers mee in onze aanpak?",
        "Een kort kaartje voor invallers over onze werkwijze.",
    ),
    (
        "Rustig blijven is ook een vaardigheid die je kunt oefenen.",
        "Zijn er oefeningen voor de hele klas om samen tot rust te komen?",
        "Een paar ademhalingsoefeningen leren die ik in de groep kan doen.",
    ),
    (
        "Het filmpje over het stressbrein.",
        "Wanneer schakel je hulp van buiten in?",
        "",
    ),
]

OPEN_ANSWERS = [
    (
        "De oefening met de relatiecirkel: wie heeft welk kind eigenlijk?",
        "Hoe houd je contact met een kind dat zich terugtrekt?",
        "Elk kind een vaste volwassene: hoe regelen we dat?",
    ),
    (
        "Co-regulatie: je eigen rust is het gereedschap.",
        "",
        "Samen oefenen met rustig blijven als het spannend wordt.",
    ),
    (
        "Dat herstel na een incident belangrijker is dan de sanctie.",
        "Hoe ziet een herstelgesprek eruit bij jonge kinderen?",
        "Een vast format voor het herstelgesprek.",
    ),
    (
        "Hoeveel het uitmaakt hoe je een kind 's ochtends begroet.",
        "Werkt een check-in ook in groep 8?",
        "",
    ),
    (
        "De rol van voorspelbaarheid en een duidelijk dagritme.",
        "Hoe ga je om met onverwachte veranderingen, zoals een invaller?",
        "Dagritmekaarten in alle groepen.",
    ),
    ("Dat regulatie vóór leren komt.", "", "Time-in in de onderbouw."),
    (
        "Het idee van een rustplek voor volwassenen in de school.",
        "Mag de teamkamer een echte rustplek worden?",
        "Een stille ruimte voor collega's na een heftig moment.",
    ),
    (
        "Dat je gedrag niet persoonlijk hoeft te nemen.",
        "Hoe bespreek je een moeilijk moment na met een collega?",
        "Intervisie in kleine groepjes.",
    ),
    (
        "De voorbeelden uit het speciaal onderwijs.",
        "",
        "Inrichting van de klas: minder prikkels aan de muren.",
    ),
]

# Topic sign-ups per answer, as positions in the topic list (fixture order:
# inrichting, time-in, check-in/check-out, dossieranalyse, kernbegrip).
DONE_SIGN_UPS = [
    (0, 1),
    (1, 2),
    (2,),
    (1,),
    (1, 2, 4),
    (1, 3),
    (),
    (2, 1),
    (3, 0),
    (2,),
    (1, 0),
    (2, 3),
]
OPEN_SIGN_UPS = [(1,), (1, 4), (2,), (2, 1), (0, 2), (1,), (0,), (4,), (0, 1)]

DONE_RESPONDENTS = [
    "kartrekker@zonnebloem.example",
    "werkgroep@zonnebloem.example",
    "trainer@zonnebloem.example",
    "mt1@zonnebloem.example",
    "bas.hendriks@zonnebloem.example",
    "chantal.willems@zonnebloem.example",
    "daan.van.dijk@zonnebloem.example",
    "esra.demir@zonnebloem.example",
    "gerda.smits@zonnebloem.example",
    "hamza.ouali@zonnebloem.example",
    "ingrid.de.graaf@zonnebloem.example",
    "joris.meijer@zonnebloem.example",
]
OPEN_RESPONDENTS = [
    "kartrekker@zonnebloem.example",
    "werkgroep@zonnebloem.example",
    "anouk.peters@zonnebloem.example",
    "bas.hendriks@zonnebloem.example",
    "chantal.willems@zonnebloem.example",
    "esra.demir@zonnebloem.example",
    "freek.bos@zonnebloem.example",
    "gerda.smits@zonnebloem.example",
    "mt2@zonnebloem.example",
]


def seed_werkmomenten(schools, today: date) -> None:
    """Zonnebloem's werkmomenten: one done with a closed round, one coming with an open one."""
    if not ReflectionQuestionTemplate.objects.exists():
        return  # the werkmoment content is not loaded
    school = schools["OBS De Zonnebloem"]
    sessions = list(
        school.training_sessions.filter(kind=SessionKind.WERKMOMENT).order_by("date", "start_time")
    )
    done = next((s for s in sessions if s.date < today - timedelta(days=7)), None)
    coming = next((s for s in sessions if s.date > today + timedelta(days=3)), None)
    if coming is None:
        coming = _add_werkmoment_session(school, next_weekday(today + timedelta(days=14)))
    members = {m.user.email: m for m in school.memberships.select_related("user")}
    kartrekker = members["kartrekker@zonnebloem.example"]
    if done is not None:
        werkmoment = rules.ensure_werkmoment(done)
        if rules.round_or_none(werkmoment) is None:
            _seed_done_werkmoment(werkmoment, members, kartrekker)
    werkmoment = rules.ensure_werkmoment(coming)
    if rules.round_or_none(werkmoment) is None:
        _seed_coming_werkmoment(werkmoment, members, kartrekker, today)


def _add_werkmoment_session(school, day):
    return TrainingSession.objects.create(
        school=school,
        kind=SessionKind.WERKMOMENT,
        title="Werkmoment",
        date=day,
        start_time=time(15, 0),
        end_time=time(16, 30),
        location="Teamkamer OBS De Zonnebloem",
    )


def _send(werkmoment, kartrekker, *, anonymous, sent_on, closes_on):
    reflection_round = rules.send_round(
        werkmoment,
        user=kartrekker.user,
        anonymous=anonymous,
        closes_on=closes_on,
        intro="Wil je voor het werkmoment even terugkijken? Het kost een paar minuten.",
        questions=rules.default_questions(),
        topics=[{"title": t.title, "description": t.description} for t in rules.topic_templates()],
    )
    reflection_round.sent_at = _at(sent_on, 16)
    reflection_round.save(update_fields=["sent_at"])
    return reflection_round


def _answer(reflection_round, membership, texts, sign_ups, day):
    questions = rules.round_questions(reflection_round)
    topics = rules.round_topics(reflection_round)
    answer = rules.save_answer(
        reflection_round,
        membership,
        texts={q.pk: text for q, text in zip(questions, texts, strict=False)},
        topic_ids={topics[i].pk for i in sign_ups if i < len(topics)},
        version=None,
    )
    ReflectionAnswer.objects.filter(pk=answer.pk).update(submitted_at=_at(day, 20))


def _at(day: date, hour: int):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _seed_done_werkmoment(werkmoment, members, kartrekker):
    day = werkmoment.session.date
    werkmoment.preparation = (
        "Lees hoofdstuk 2 van Lesgeven aan getraumatiseerde kinderen en neem één moment uit je "
        "eigen groep in gedachten (zonder namen)."
    )
    werkmoment.notes = (
        "Terugblik op module 1 met de woorden die het team het vaakst noemde: stressbrein, "
        "verbinding, veerkracht.\nIn tweetallen geoefend met time-in aan de hand van situaties "
        "van het plein. Afgesproken: elke groep probeert twee weken een check-in bij binnenkomst."
    )
    werkmoment.version += 1
    werkmoment.save()
    reflection_round = _send(
        werkmoment,
        kartrekker,
        anonymous=False,
        sent_on=day - timedelta(days=18),
        closes_on=day - timedelta(days=1),
    )
    for n, (email, texts, sign_ups) in enumerate(
        zip(DONE_RESPONDENTS, DONE_ANSWERS, DONE_SIGN_UPS, strict=True)
    ):
        _answer(reflection_round, members[email], texts, sign_ups, day - timedelta(days=16 - n))
    reflection_round.closed_at = _at(day - timedelta(days=1), 23)
    reflection_round.save(update_fields=["closed_at"])
    ranked = rules.results(reflection_round, with_texts=False).ranked_topics
    werkmoment.chosen_topics.set([topic for topic, _count in ranked[:2]])
    for kind, text in [
        ("idee", "Een vaste check-in bij binnenkomst in alle groepen, op dezelfde manier."),
        (
            "ontwikkelpunt",
            "Afspraken voor het plein en de overblijf afstemmen op time-in in plaats van "
            "wegsturen.",
        ),
    ]:
        Ontwikkelpunt.objects.create(
            werkmoment=werkmoment, kind=kind, text=text, created_by=kartrekker.user
        )


def _seed_coming_werkmoment(werkmoment, members, kartrekker, today):
    day = werkmoment.session.date
    werkmoment.preparation = "Bekijk het filmpje over co-regulatie dat de kartrekker rondstuurde."
    werkmoment.version += 1
    werkmoment.save()
    reflection_round = _send(
        werkmoment,
        kartrekker,
        anonymous=True,
        sent_on=today - timedelta(days=7),
        closes_on=day,
    )
    for n, (email, texts, sign_ups) in enumerate(
        zip(OPEN_RESPONDENTS, OPEN_ANSWERS, OPEN_SIGN_UPS, strict=True)
    ):
        _answer(
            reflection_round, members[email], texts, sign_ups, today - timedelta(days=6 - n % 6)
        )
