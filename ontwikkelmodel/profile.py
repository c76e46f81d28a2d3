"""A school's profile: where it stands per accent and how that grew, ronde by ronde.

Only closed rondes count: their joint answers are what the group agreed. The
latest closed ronde (by results_date) is the school's profile; the one before
it is its previous profile; all closed rondes together give the trend.

Rondes may use different model versions. Accents are matched across versions
by their code, and the profile is laid out in the model version of the latest
closed ronde (the version in which the latest result was agreed).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ontwikkelmodel.models import Accent, JointAnswer, Ronde, RondeStep


@dataclass(frozen=True)
class Point:
    """One accent's agreed groeifase in one closed ronde (None: no estimate agreed)."""

    ronde: Ronde
    groeifase: int | None


@dataclass
class AccentProfile:
    code: str
    name: str
    groeifase: int | None = None  # in the latest closed ronde
    previous: int | None = None  # in the closed ronde before it
    trend: list[Point] = field(default_factory=list)  # every closed ronde, oldest first

    @property
    def change(self) -> int | None:
        if self.groeifase is None or self.previous is None:
            return None
        return self.groeifase - self.previous


@dataclass
class GroeilaagProfile:
    code: str
    number: int
    name: str
    definition: str
    accents: list[AccentProfile] = field(default_factory=list)


@dataclass
class FollowUpItem:
    label: str
    text: str


@dataclass
class Priority:
    """A goal the group ranked, with how it will be worked out."""

    rank: int
    accent: str
    groeilaag: str
    goal: str
    follow_up: list[FollowUpItem]

    @property
    def has_follow_up(self) -> bool:
        return any(item.text for item in self.follow_up)


@dataclass
class Profile:
    school: object
    rondes: list[Ronde] = field(default_factory=list)  # closed, oldest first
    groeilagen: list[GroeilaagProfile] = field(default_factory=list)
    priorities: list[Priority] = field(default_factory=list)

    @property
    def latest(self) -> Ronde | None:
        return self.rondes[-1] if self.rondes else None

    @property
    def previous(self) -> Ronde | None:
        return self.rondes[-2] if len(self.rondes) > 1 else None

    @property
    def has_results(self) -> bool:
        return bool(self.rondes)

    @property
    def accents(self) -> list[AccentProfile]:
        return [a for g in self.groeilagen for a in g.accents]

    @property
    def estimated_count(self) -> int:
        return sum(a.groeifase is not None for a in self.accents)


@dataclass
class ComparisonRow:
    groeilaag: str
    name: str
    groeifases: list[int | None]  # one per profile, in the given order


def comparison(profiles: list[Profile]) -> list[ComparisonRow]:
    """Several schools' latest groeifases side by side, one row per accent.

    Rows follow the first profile's model; accents match across versions by code.
    """
    if not profiles:
        return []
    by_code = [{a.code: a.groeifase for a in p.accents} for p in profiles]
    return [
        ComparisonRow(
            groeilaag=groeilaag.code,
            name=accent.name,
            groeifases=[fases.get(accent.code) for fases in by_code],
        )
        for groeilaag in profiles[0].groeilagen
        for accent in groeilaag.accents
    ]


def follow_up_plan(answer: JointAnswer) -> list[FollowUpItem]:
    """The follow-up of a chosen goal (Bijlage 5, step 2), in the form's order, with labels."""
    return [
        FollowUpItem(
            label=str(JointAnswer._meta.get_field(name).verbose_name),
            text=getattr(answer, name),
        )
        for name in JointAnswer.FOLLOW_UP_FIELDS
    ]


def ronde_order(ronde: Ronde):
    closed = ronde.closed_at.timestamp() if ronde.closed_at else 0
    return (ronde.results_date, closed, ronde.pk)


def closed_rondes(schools) -> list[Ronde]:
    """The closed rondes of these schools, oldest result first."""
    return sorted(Ronde.objects.filter(school__in=schools, step=RondeStep.CLOSED), key=ronde_order)


def school_profile(school) -> Profile:
    """The school's profile in three queries, whatever the number of rondes."""
    return profiles_for([school])[school.pk]


def profiles_for(schools: Iterable) -> dict[int, Profile]:
    """Profiles of many schools at once, in three queries whatever their number.

    The closed rondes, their joint answers (with the accent's code), and the
    groeilagen with accents of the model versions the latest rondes used.
    """
    schools = list(schools)
    rondes_by_school = defaultdict(list)
    rondes = closed_rondes([s.pk for s in schools])
    for ronde in rondes:
        rondes_by_school[ronde.school_id].append(ronde)
    if not rondes:
        return {s.pk: Profile(school=s) for s in schools}

    answers = defaultdict(dict)  # ronde id -> accent code -> JointAnswer
    for answer in JointAnswer.objects.filter(ronde__in=[r.pk for r in rondes]).select_related(
        "accent"
    ):
        answers[answer.ronde_id][answer.accent.code] = answer

    versions = {school_rondes[-1].version_id for school_rondes in rondes_by_school.values()}
    frames = defaultdict(list)  # version id -> accents in model order
    for accent in (
        Accent.objects.filter(groeilaag__version_id__in=versions)
        .select_related("groeilaag")
        .order_by("groeilaag__number", "order", "pk")
    ):
        frames[accent.groeilaag.version_id].append(accent)

    return {s.pk: profile_from(s, rondes_by_school.get(s.pk, []), answers, frames) for s in schools}


def profile_from(school, rondes: list[Ronde], answers, frames) -> Profile:
    """The profile of `school` from its closed `rondes` (oldest first), their agreed
    `answers` and the model `frames`: shared by the profile page, the board overview
    and the progress report (which passes the rondes closed by the end of its period)."""
    profile = Profile(school=school, rondes=rondes)
    if not rondes:
        return profile
    latest = rondes[-1]
    previous = rondes[-2] if len(rondes) > 1 else None
    groeilagen = {}
    for accent in frames[latest.version_id]:
        groeilaag = accent.groeilaag
        if groeilaag.pk not in groeilagen:
            groeilagen[groeilaag.pk] = GroeilaagProfile(
                code=groeilaag.code,
                number=groeilaag.number,
                name=groeilaag.name,
                definition=groeilaag.definition,
            )
        trend = [Point(r, _groeifase(answers[r.pk].get(accent.code))) for r in rondes]
        groeilagen[groeilaag.pk].accents.append(
            AccentProfile(
                code=accent.code,
                name=accent.name,
                groeifase=trend[-1].groeifase,
                previous=trend[-2].groeifase if previous else None,
                trend=trend,
            )
        )
    profile.groeilagen = list(groeilagen.values())
    profile.priorities = latest_priorities(latest, answers[latest.pk], frames[latest.version_id])
    return profile


def _groeifase(answer: JointAnswer | None) -> int | None:
    return answer.groeifase if answer is not None else None


def priority_of(answer: JointAnswer, accent: Accent) -> Priority:
    """A ranked joint answer with its accent and follow-up plan, ready to print."""
    return Priority(
        rank=answer.priority,
        accent=accent.name,
        groeilaag=accent.groeilaag.name,
        goal=answer.goal,
        follow_up=follow_up_plan(answer),
    )


def latest_priorities(ronde: Ronde, answers: dict, accents: list[Accent]) -> list[Priority]:
    """The ronde's ranked goals, 1 first, each with its follow-up plan.

    `answers` maps accent codes to the ronde's joint answers; `accents` are the
    ronde's model version's accents with their groeilaag.
    """
    by_code = {a.code: a for a in accents}
    ranked = sorted(
        (a for a in answers.values() if a.priority and a.accent.code in by_code),
        key=lambda a: a.priority,
    )
    return [priority_of(answer, by_code[answer.accent.code]) for answer in ranked]
