"""Demo actieplan: De Zonnebloem's werkgroep halfway through its school year.

An approved plan for the current school year with three goals for the coming
six months (the priorities of last year's closed ronde), long-term goals, about
fifteen actiepunten in every status, two past meetings with minutes and the
next one planned, and an evaluation due next week. Safe to run again: a school
that already has a plan is left alone.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from actieplan.links import ronde_label
from actieplan.models import (
    Actieplan,
    Actiepunt,
    Bijeenkomst,
    Doel,
    Evaluatie,
    EvaluatieItem,
    GoalHorizon,
    PeriodKind,
    Section,
    Stap,
    Status,
    Update,
    Verdict,
)
from actieplan.timeline import sync_timeline
from ontwikkelmodel.models import JointAnswer, RondeStep
from phases.dates import add_months, next_weekday
from phases.models import DrivingActivity, school_year_of
from schools.models import Membership

KARIM = "kartrekker@zonnebloem.example"
WENDY = "werkgroep@zonnebloem.example"
SANNE = "schoolleider@zonnebloem.example"
ILSE = "trainer@zonnebloem.example"
ANOUK = "anouk.peters@zonnebloem.example"
BAS = "bas.hendriks@zonnebloem.example"
ESRA = "esra.demir@zonnebloem.example"

EVALUATION_INTERVAL = 2  # months, as the handbook advises

# The three goals for the coming six months, per accent of the ronde's priorities 1-3.
SHORT_GOALS = {
    "gedeelde-taal-en-kennis": (
        "Het hele team gebruikt dezelfde woorden voor stress en spanning: in de klas, "
        "in overleg met elkaar en in gesprekken met ouders."
    ),
    "pedagogisch-handelen": (
        "Na een incident in de klas volgt binnen een dag een nabespreking volgens een "
        "vaste aanpak die iedereen in het team kent."
    ),
    "missie-en-visie": (
        "Traumasensitief onderwijs staat in de visie en het schoolplan, en het team "
        "herkent zich in de tekst."
    ),
}

# Long-term goals: text, achieved this many days ago (None: still working on it).
LONG_GOALS = [
    (
        "Traumasensitief werken is vanzelfsprekend op De Zonnebloem: nieuwe collega's "
        "worden meegenomen en het team blijft samen leren.",
        None,
    ),
    (
        "Ouders weten wat TSO voor de school betekent en denken mee over wat hun "
        "kinderen nodig hebben om tot leren te komen.",
        None,
    ),
    (
        "Een vaste werkgroep TSO met eigen uren in het taakbeleid en een kartrekker "
        "die het proces bewaakt.",
        95,
    ),
]

# The actiepunten, per section. Dates are days from today; steps are
# (text, ticked); updates are (days ago, author, text).
ACTIEPUNTEN = [
    {
        "section": Section.KENNISONTWIKKELING,
        "title": "Elke bouwvergadering een kwartier 'TSO-taal': één begrip uit de training "
        "samen uitdiepen",
        "goal": "gedeelde-taal-en-kennis",
        "driving": "competentie",
        "status": Status.BEZIG,
        "due": 60,
        "responsible": [KARIM, WENDY],
        "monitoring": "Korte peiling in de teamvergadering, elke twee maanden: kennen "
        "collega's de begrippen en gebruiken ze die in de klas?",
        "steps": [
            ("Lijst met tien kernbegrippen uit de training opstellen", True),
            ("Rooster maken: wie bereidt welk kwartier voor", True),
            ("Kwartier over het stressresponssysteem in onder- en bovenbouw", True),
            ("Kwartier over co-regulatie", False),
            ("Peiling in de teamvergadering en de uitkomst delen", False),
        ],
        "updates": [
            (
                40,
                WENDY,
                "Eerste kwartier gehouden in de onderbouw. Veel herkenning, collega's "
                "vroegen om een geheugenkaartje met de begrippen.",
            ),
            (
                12,
                KARIM,
                "Geheugenkaartje is gedrukt en ligt in elk lokaal. Bovenbouw heeft het "
                "kwartier verplaatst naar de volgende vergadering.",
            ),
        ],
    },
    {
        "section": Section.KENNISONTWIKKELING,
        "title": "Inwerkmap TSO voor nieuwe collega's en vaste invallers",
        "driving": "competentie",
        "status": Status.GEPLAND,
        "due": 75,
        "responsible": [ILSE, SANNE],
        "monitoring": "De schoolleider vraagt in het eerste gesprek met een nieuwe "
        "collega of de map duidelijk was.",
        "steps": [
            ("Inhoud kiezen: kern van de training, afspraken en de stappenkaart", False),
            ("Map laten meelezen door twee collega's die kort op school zijn", False),
            ("Map opnemen in het inwerkplan", False),
        ],
        "updates": [
            (
                9,
                ILSE,
                "Opzet besproken in de werkgroep. We beginnen na de kerstvakantie.",
            ),
        ],
    },
    {
        "section": Section.KENNISONTWIKKELING,
        "title": "Intervisie in kleine groepjes over lastige situaties in de klas",
        "driving": "competentie",
        "status": Status.BEZIG,
        "due": -10,
        "responsible": [ILSE],
        "monitoring": "Na elke ronde een korte evaluatie per groepje; de trainer "
        "verzamelt de vragen die terugkomen.",
        "steps": [
            ("Groepjes van vier indelen, over de bouwen heen", True),
            ("Werkvorm kiezen en uitleggen in de teamvergadering", True),
            ("Eerste ronde intervisie", False),
            ("Tweede ronde intervisie", False),
        ],
        "updates": [
            (
                25,
                ILSE,
                "Groepjes staan. De eerste ronde viel samen met de rapportperiode en is "
                "verschoven.",
            ),
            (
                4,
                KARIM,
                "Loopt achter. Voorstel: de eerste ronde in de studiemiddag van volgende "
                "maand, dan hoeft niemand extra te blijven.",
            ),
        ],
    },
    {
        "section": Section.KENNISONTWIKKELING,
        "title": "Boekenkast met vakliteratuur over trauma en stress in de personeelskamer",
        "driving": "competentie",
        "status": Status.AFGEROND,
        "due": -35,
        "completed": 40,
        "responsible": [WENDY],
        "monitoring": "Uitleenlijst in de kast; de werkgroep kijkt elk kwartaal wat er "
        "gelezen wordt.",
        "steps": [
            ("Titels kiezen uit de literatuurlijst van het handboek", True),
            ("Boeken bestellen", True),
            ("Kast inrichten en aankondigen in de nieuwsbrief", True),
        ],
        "updates": [
            (
                40,
                WENDY,
                "De kast staat! Acht titels, waarvan drie al uitgeleend in de eerste week.",
            ),
        ],
    },
    {
        "section": Section.RICHTING_GEVEN,
        "title": "TSO opnemen in de visie van de school en in het schoolplan",
        "goal": "missie-en-visie",
        "driving": "organisatie-inrichting",
        "status": Status.BEZIG,
        "due": 45,
        "responsible": [SANNE, KARIM],
        "monitoring": "Conceptteksten gaan langs het team en de MR; de schoolleider "
        "rapporteert in de MT-vergadering.",
        "steps": [
            ("Huidige visie naast de uitgangspunten van TSO leggen", True),
            ("Studiemiddag: wat betekent veiligheid voor ons?", True),
            ("Concepttekst schrijven", False),
            ("Concept bespreken met team en MR", False),
            ("Tekst vaststellen en opnemen in het schoolplan", False),
        ],
        "updates": [
            (
                30,
                SANNE,
                "Studiemiddag leverde veel op: het team wil 'veiligheid eerst, dan leren' "
                "als kern van de visie.",
            ),
            (
                6,
                KARIM,
                "Eerste versie van de tekst is klaar en ligt bij de schoolleider.",
            ),
        ],
    },
    {
        "section": Section.RICHTING_GEVEN,
        "title": "Vaste uren voor de werkgroep TSO in het taakbeleid",
        "driving": "leiderschapssteun",
        "status": Status.AFGEROND,
        "due": -90,
        "completed": 95,
        "responsible": [SANNE],
        "monitoring": "Uren staan in de normjaartaak; de kartrekker houdt bij of ze genoeg zijn.",
        "steps": [
            ("Uren per werkgroeplid vaststellen (richtlijn 20 uur per schooljaar)", True),
            ("Opnemen in de normjaartaak", True),
        ],
        "updates": [
            (
                95,
                SANNE,
                "Vastgesteld: 20 uur per werkgroeplid, 30 uur voor de kartrekker.",
            ),
        ],
    },
    {
        "section": Section.RICHTING_GEVEN,
        "title": "TSO als vast punt op de agenda van het MT-overleg",
        "driving": "leiderschapssteun",
        "status": Status.AFGEROND,
        "due": -60,
        "completed": 62,
        "responsible": [SANNE],
        "monitoring": "De kartrekker leest de MT-notulen en brengt de punten in de werkgroep in.",
        "steps": [
            ("Vast agendapunt toevoegen", True),
            ("Kartrekker sluit elke maand een kwartier aan", True),
        ],
        "updates": [
            (
                62,
                KARIM,
                "Eerste keer aangeschoven bij het MT. Fijn om rechtstreeks te kunnen overleggen.",
            ),
        ],
    },
    {
        "section": Section.RICHTING_GEVEN,
        "title": "Schoolgids en website: een korte tekst over traumasensitief werken",
        "driving": "organisatie-inrichting",
        "status": Status.GEPLAND,
        "due": -5,
        "responsible": [KARIM, BAS],
        "monitoring": "De schoolleider leest mee voordat de tekst online gaat.",
        "steps": [
            ("Tekst schrijven in gewone taal voor ouders", False),
            ("Laten meelezen door de oudergeleding van de MR", False),
            ("Plaatsen op de website en in de schoolgids", False),
        ],
        "updates": [
            (
                15,
                BAS,
                "Wacht op de nieuwe visietekst, zodat beide teksten op elkaar aansluiten.",
            ),
        ],
    },
    {
        "section": Section.RELATIES_BOUWEN,
        "title": "Ouderavond over wat stress met kinderen doet en hoe school en thuis "
        "samen kunnen helpen",
        "driving": "organisatie-inrichting",
        "status": Status.GEPLAND,
        "due": 90,
        "responsible": [WENDY, ESRA],
        "monitoring": "Korte vragenlijst na afloop; uitkomst in de werkgroep en de nieuwsbrief.",
        "steps": [
            ("Datum prikken met de ouderraad", True),
            ("Programma en sprekers vastleggen", False),
            ("Uitnodiging in de nieuwsbrief en via de groepsapp", False),
            ("Avond houden en nabespreken", False),
        ],
        "updates": [
            (
                10,
                ESRA,
                "Ouderraad denkt mee en regelt koffie en thee. De datum staat.",
            ),
        ],
    },
    {
        "section": Section.RELATIES_BOUWEN,
        "title": "Warme ontvangst bij de deur: elke ochtend, in elke groep",
        "driving": "competentie",
        "status": Status.AFGEROND,
        "due": -28,
        "completed": 30,
        "responsible": [KARIM],
        "monitoring": "Rondje door de school in de eerste tien minuten, twee keer per maand.",
        "steps": [
            ("Afspraak maken in de teamvergadering", True),
            ("Twee weken uitproberen en ervaringen delen", True),
            ("Vastleggen in de schoolafspraken", True),
        ],
        "updates": [
            (
                45,
                KARIM,
                "Bijna alle groepen doen mee. De ochtenden beginnen merkbaar rustiger.",
            ),
            (
                30,
                SANNE,
                "Opgenomen in de schoolafspraken. Mooi resultaat, dank aan iedereen!",
            ),
        ],
    },
    {
        "section": Section.RELATIES_BOUWEN,
        "title": "Collega's vangen elkaar op na een zwaar incident: maatjessysteem",
        "driving": "leiderschapssteun",
        "status": Status.BEZIG,
        "due": 30,
        "responsible": [SANNE, ANOUK],
        "monitoring": "De schoolleider vraagt in de functioneringsgesprekken of "
        "collega's zich gesteund voelen.",
        "steps": [
            ("Maatjes koppelen", True),
            ("Afspraken over opvang en nagesprek op papier", False),
            ("Na drie maanden navragen hoe het werkt", False),
        ],
        "updates": [
            (
                20,
                ANOUK,
                "Iedereen heeft een maatje. Collega's vragen om een kort lijstje met wat "
                "je kunt doen of zeggen.",
            ),
        ],
    },
    {
        "section": Section.RELATIES_BOUWEN,
        "title": "Extra kennismakingsgesprek met ouders in elke groep",
        "driving": "organisatie-inrichting",
        "status": Status.GESTOPT,
        "due": 20,
        "responsible": [WENDY],
        "monitoring": "",
        "stop_reason": "We sluiten aan bij de startgesprekken die de school al voert; "
        "een apart gesprek werd dubbel werk voor ouders en leerkrachten.",
        "steps": [
            ("Gespreksleidraad maken", True),
        ],
        "updates": [
            (
                50,
                WENDY,
                "Besproken met de bouwcoördinatoren: de startgesprekken dekken dit al. "
                "We nemen twee vragen uit de leidraad daarin op.",
            ),
        ],
    },
    {
        "section": Section.REGULATIE_BEVORDEREN,
        "title": "Vaste aanpak na een incident in de klas: nabespreken met een stappenkaart",
        "goal": "pedagogisch-handelen",
        "driving": "competentie",
        "status": Status.BEZIG,
        "due": 40,
        "responsible": [ILSE, WENDY],
        "monitoring": "Na zes weken vragen we in elke bouw hoe vaak de kaart gebruikt "
        "is en wat beter kan.",
        "steps": [
            ("Stappenkaart opstellen met de trainer", True),
            ("Uitleg en oefenen in de teamvergadering", True),
            ("Kaart ophangen in elk lokaal en in de gang", False),
            ("Na zes weken evalueren in de bouwen", False),
        ],
        "updates": [
            (
                18,
                ILSE,
                "Kaart getest in twee groepen. Stap 3 is te lang, die maken we korter.",
            ),
            (
                3,
                WENDY,
                "Nieuwe versie is klaar en naar de drukker.",
            ),
        ],
    },
    {
        "section": Section.REGULATIE_BEVORDEREN,
        "title": "Dagelijks ontspanningsmoment in elke groep",
        "driving": "competentie",
        "status": Status.BEZIG,
        "due": 20,
        "responsible": [KARIM, ANOUK],
        "monitoring": "Leerkrachten noteren een week lang wanneer het moment lukte; de "
        "werkgroep bespreekt het overzicht.",
        "steps": [
            ("Bundel met ademhalings- en bewegingsoefeningen samenstellen", True),
            ("Oefeningen voordoen in de teamvergadering", True),
            ("Inplannen in het dagritme van elke groep", False),
        ],
        "updates": [
            (
                14,
                ANOUK,
                "De onderbouw doet het al na de lunch. In de bovenbouw past het beter "
                "na de gymles.",
            ),
        ],
    },
    {
        "section": Section.REGULATIE_BEVORDEREN,
        "title": "Rustige hoek in elke groep met vaste materialen",
        "driving": "organisatie-inrichting",
        "status": Status.AFGEROND,
        "due": -65,
        "completed": 70,
        "responsible": [BAS],
        "monitoring": "Rondgang door de groepen met de conciërge: is de hoek er en is "
        "hij compleet?",
        "steps": [
            ("Lijst met materialen opstellen", True),
            ("Materialen bestellen", True),
            ("Hoeken inrichten in alle groepen", True),
        ],
        "updates": [
            (
                70,
                BAS,
                "Alle zestien groepen hebben nu een rustige hoek met dezelfde materialen.",
            ),
        ],
    },
    {
        "section": Section.REGULATIE_BEVORDEREN,
        "title": "Pauzes op het plein: spelaanbod en extra toezicht bij de wisseling",
        "driving": "organisatie-inrichting",
        "status": Status.GESTOPT,
        "due": 60,
        "responsible": [SANNE],
        "monitoring": "",
        "stop_reason": "Na overleg met de MR verschoven naar volgend schooljaar, samen "
        "met de herinrichting van het plein.",
        "steps": [
            ("Inventariseren waar het op het plein onrustig wordt", True),
            ("Voorstel voor spelaanbod", False),
        ],
        "updates": [
            (
                35,
                SANNE,
                "Het plein wordt volgend jaar heringericht. Dit actiepunt nemen we daarin mee.",
            ),
        ],
    },
]

MEETINGS = [
    {
        "days": -56,
        "roles": (KARIM, WENDY, ILSE),
        "location": "Teamkamer",
        "agenda": (
            "1. Opening en mededelingen\n"
            "2. Terugblik op de studiemiddag over veiligheid\n"
            "3. Kwartier 'TSO-taal' in de bouwvergaderingen: rooster\n"
            "4. Rustige hoeken: stand van zaken\n"
            "5. Wat nemen we mee naar het team?\n"
            "6. Rondvraag en afsluiting"
        ),
        "minutes": (
            "Aanwezig: Karim, Wendy, Ilse en Sanne (deels).\n\n"
            "2. De studiemiddag is goed ontvangen. Het team wil 'veiligheid eerst, dan "
            "leren' als kern van de visie. Sanne en Karim schrijven een eerste tekst.\n\n"
            "3. Het rooster is rond: elke bouwvergadering een kwartier, Wendy bereidt de "
            "eerste voor.\n\n"
            "4. Alle rustige hoeken zijn ingericht. Dit vieren we in de teamvergadering "
            "met taart.\n\n"
            "5. In de nieuwsbrief voor het team: de rustige hoeken en het rooster.\n\n"
            "Afspraken: Wendy bereidt het eerste kwartier voor; Karim vraagt een plek op "
            "de agenda van het MT."
        ),
    },
    {
        "days": -28,
        "roles": (WENDY, ILSE, KARIM),
        "location": "Lokaal groep 5",
        "agenda": (
            "1. Opening\n"
            "2. Ervaringen met de warme ontvangst bij de deur\n"
            "3. Stappenkaart na een incident: eerste versie\n"
            "4. Intervisie: planning\n"
            "5. Voorbereiding evaluatie van het actieplan\n"
            "6. Rondvraag"
        ),
        "minutes": (
            "Aanwezig: Karim, Wendy en Ilse.\n\n"
            "2. Bijna alle groepen ontvangen de kinderen elke ochtend bij de deur. We "
            "stellen voor dit vast op te nemen in de schoolafspraken; Sanne is akkoord.\n\n"
            "3. Ilse laat de eerste versie van de stappenkaart zien. Twee groepen testen "
            "hem de komende weken.\n\n"
            "4. De intervisie botst met de rapportperiode. Nieuwe planning volgt; dit "
            "punt loopt achter.\n\n"
            "5. Evaluatie in de volgende bijeenkomst. Iedereen vult vooraf per actiepunt "
            "in: op schema, loopt achter of klaar.\n\n"
            "Afspraken: Ilse past de stappenkaart aan; Karim maakt een voorstel voor de "
            "intervisie."
        ),
    },
    {
        "days": 7,
        "roles": (ILSE, KARIM, WENDY),
        "location": "Teamkamer",
        "agenda": (
            "1. Opening\n"
            "2. Evaluatie van het actieplan: per actiepunt op schema, achter of klaar\n"
            "3. Wat passen we aan? Intervisie en de tekst voor de schoolgids\n"
            "4. Ouderavond: programma\n"
            "5. Successen om te vieren\n"
            "6. Rondvraag en afsluiting"
        ),
        "minutes": "",
    },
]

EVALUATION = {
    "summary": (
        "Het plan loopt grotendeels op schema. De rustige hoeken en de uren voor de "
        "werkgroep zijn klaar. De intervisie komt nog niet van de grond; we plannen "
        "de eerste ronde buiten de rapportperiode."
    ),
    # actiepunt index -> verdict, adjustment
    "items": {
        0: (Verdict.OP_SCHEMA, ""),
        2: (
            Verdict.ACHTER,
            "Groepjes indelen voor de volgende bijeenkomst en de eerste ronde buiten de "
            "rapportperiode plannen.",
        ),
        3: (Verdict.OP_SCHEMA, ""),
        4: (Verdict.OP_SCHEMA, ""),
        5: (Verdict.KLAAR, ""),
        14: (Verdict.KLAAR, ""),
    },
}


def seed_actieplan(schools, today: date) -> None:
    """Give De Zonnebloem its demo actieplan, unless it has one already."""
    school = schools["OBS De Zonnebloem"]
    if school.actieplannen.exists():
        return
    members = {
        m.user.email: m for m in Membership.objects.filter(school=school).select_related("user")
    }
    driving = {a.code: a for a in DrivingActivity.objects.all()}
    starts_on, ends_on = school_year_of(today)
    plan = Actieplan.objects.create(
        school=school,
        title=f"Actieplan TSO {starts_on.year}-{ends_on.year}",
        period_kind=PeriodKind.SCHOOLJAAR,
        starts_on=starts_on,
        ends_on=ends_on,
        evaluation_interval_months=EVALUATION_INTERVAL,
        approved_at=_at(min(starts_on + timedelta(days=35), today - timedelta(days=1))),
        approved_by=members[SANNE].user,
    )
    joint_answers = _prioritised_joint_answers(school)
    _seed_goals(plan, joint_answers, today)
    _seed_actiepunten(plan, members, driving, joint_answers, today)
    _seed_meetings(plan, members, today)
    _seed_evaluation(plan, members, today)


def _at(day: date, hour: int = 15, minute: int = 30):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _prioritised_joint_answers(school) -> dict[str, JointAnswer]:
    """The closed ronde's priorities, by accent code (empty without a closed ronde)."""
    ronde = school.rondes.filter(step=RondeStep.CLOSED).order_by("-closed_at").first()
    if ronde is None:
        return {}
    answers = ronde.joint_answers.filter(priority__isnull=False).select_related("accent", "ronde")
    return {answer.accent.code: answer for answer in answers.order_by("priority")}


def _origin(answer: JointAnswer | None) -> dict:
    if answer is None:
        return {}
    return {
        "origin_type": ContentType.objects.get_for_model(JointAnswer),
        "origin_id": answer.pk,
        "origin_label": ronde_label(answer),
    }


def _seed_goals(plan, joint_answers, today):
    for order, (code, text) in enumerate(SHORT_GOALS.items()):
        answer = joint_answers.get(code)
        goal = Doel.objects.create(
            actieplan=plan,
            horizon=GoalHorizon.KORT,
            text=text,
            priority=answer.priority if answer else None,
            order=order,
            **_origin(answer),
        )
        if answer:
            goal.accents.add(answer.accent)
    for order, (text, achieved_days_ago) in enumerate(LONG_GOALS):
        Doel.objects.create(
            actieplan=plan,
            horizon=GoalHorizon.LANG,
            text=text,
            order=order,
            achieved_at=today - timedelta(days=achieved_days_ago) if achieved_days_ago else None,
        )


def _seed_actiepunten(plan, members, driving, joint_answers, today):
    order_in_section = {}
    kartrekker = members[KARIM].user
    for spec in ACTIEPUNTEN:
        order = order_in_section[spec["section"]] = order_in_section.get(spec["section"], -1) + 1
        completed = spec.get("completed")
        actiepunt = Actiepunt.objects.create(
            actieplan=plan,
            section=spec["section"],
            title=spec["title"],
            due_date=today + timedelta(days=spec["due"]),
            monitoring=spec["monitoring"],
            status=spec["status"],
            stop_reason=spec.get("stop_reason", ""),
            driving_activity=driving.get(spec["driving"]),
            order=order,
            completed_on=today - timedelta(days=completed) if completed else None,
            updated_by=kartrekker,
            **_origin(joint_answers.get(spec.get("goal"))),
        )
        actiepunt.responsible.set([members[email] for email in spec["responsible"]])
        for number, (text, done) in enumerate(spec["steps"]):
            Stap.objects.create(
                actiepunt=actiepunt,
                text=text,
                order=number,
                done_at=_at(today - timedelta(days=50 - 5 * number)) if done else None,
                done_by=kartrekker if done else None,
            )
        for days_ago, email, text in spec["updates"]:
            author = members[email].user
            update = Update.objects.create(
                actiepunt=actiepunt, text=text, author=author, author_name=author.full_name
            )
            # Make the note as old as the story says.
            Update.objects.filter(pk=update.pk).update(
                created_at=_at(today - timedelta(days=days_ago), 16, 10)
            )
        sync_timeline(actiepunt)  # the deadline on the school's timeline


def _seed_meetings(plan, members, today):
    for spec in MEETINGS:
        voorzitter, tijdbewaker, notulist = (members[email] for email in spec["roles"])
        Bijeenkomst.objects.create(
            actieplan=plan,
            date=next_weekday(today + timedelta(days=spec["days"])),
            start_time=time(15, 15),
            end_time=time(16, 45),
            location=spec["location"],
            voorzitter=voorzitter,
            tijdbewaker=tijdbewaker,
            notulist=notulist,
            agenda=spec["agenda"],
            minutes=spec["minutes"],
        )


def _seed_evaluation(plan, members, today):
    """One past evaluation, two months ago, so that the next one is a week from now.

    The schedule starts at that evaluation, so every reading of it (the next date
    on the schedule, or the last evaluation plus the interval) gives the same day.
    """
    due = today + timedelta(days=7)
    last = add_months(due, -plan.evaluation_interval_months)
    if last < plan.starts_on:  # the school year has only just begun
        plan.first_evaluation_on = due
        plan.save(update_fields=["first_evaluation_on"])
        return
    plan.first_evaluation_on = last
    plan.save(update_fields=["first_evaluation_on"])
    actiepunten = list(plan.actiepunten.order_by("pk"))
    evaluatie = Evaluatie.objects.create(
        actieplan=plan,
        date=last,
        summary=EVALUATION["summary"],
        recorded_by=members[KARIM].user,
    )
    EvaluatieItem.objects.bulk_create(
        EvaluatieItem(
            evaluatie=evaluatie, actiepunt=actiepunten[index], verdict=verdict, adjustment=text
        )
        for index, (verdict, text) in EVALUATION["items"].items()
    )
