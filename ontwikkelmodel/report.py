"""The Ontwikkelmodel and the leader checklist over one period, for the progress report.

Only agreed results: the joint answers of closed rondes (the profile, its
trend and the priorities) and the agreements of checklist rounds whose
agreements the reader may see (ontwikkelmodel/checklist.py decides). Nobody's
own gespreksformulier or checklist scores are ever read here. Each part takes
a fixed number of queries, whatever the number of rondes, answers or rounds.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from ontwikkelmodel import charts
from ontwikkelmodel import checklist as checklist_rules
from ontwikkelmodel.models import (
    Accent,
    ChecklistAgreement,
    ChecklistParticipant,
    JointAnswer,
    Ronde,
    RondeStep,
)
from ontwikkelmodel.profile import Profile, closed_rondes, profile_from


@dataclass
class OpenRonde:
    """A ronde under way: its name and step, never anyone's answers."""

    title: str
    step: str
    deadline: date
    joint_date: date | None


@dataclass
class OntwikkelmodelPart:
    profile: Profile  # as agreed up to the end of the period
    closed_in_period: list[Ronde] = field(default_factory=list)
    open_ronde: OpenRonde | None = None
    heatmap: object = None
    radars: list = field(default_factory=list)
    trends: list = field(default_factory=list)
    mini: object = None

    @property
    def top_priorities(self):
        return self.profile.priorities[:3]


def profile_until(school, end: date) -> Profile:
    """The school's profile from the rondes closed with a result up to `end`. Three queries.

    The same profile as ontwikkelmodel.profile.school_profile when `end` is today.
    """
    rondes = [r for r in closed_rondes([school.pk]) if r.results_date <= end]
    if not rondes:
        return Profile(school=school)
    answers = defaultdict(dict)
    for answer in JointAnswer.objects.filter(ronde__in=[r.pk for r in rondes]).select_related(
        "accent"
    ):
        answers[answer.ronde_id][answer.accent.code] = answer
    frames = defaultdict(list)
    for accent in (
        Accent.objects.filter(groeilaag__version_id=rondes[-1].version_id)
        .select_related("groeilaag")
        .order_by("groeilaag__number", "order", "pk")
    ):
        frames[accent.groeilaag.version_id].append(accent)
    return profile_from(school, rondes, answers, frames)


def ontwikkelmodel_part(
    school, start: date, end: date, *, with_open: bool, with_charts: bool
) -> OntwikkelmodelPart:
    """The profile, the rondes closed in the period and (for members) the ronde under way.

    Four queries. `with_open` is for the school's members: board members see
    agreed results only. `with_charts` adds the grid, radars and trends; without
    it only the small bar chart.
    """
    profile = profile_until(school, end)
    part = OntwikkelmodelPart(
        profile=profile,
        closed_in_period=[r for r in profile.rondes if start <= r.results_date <= end],
    )
    if with_open:
        ronde = (
            Ronde.objects.filter(school=school, created_at__date__lte=end)
            .exclude(step=RondeStep.CLOSED)
            .order_by("-created_at", "-pk")
            .first()
        )
        if ronde is not None:
            part.open_ronde = OpenRonde(
                title=ronde.title,
                step=ronde.get_step_display(),
                deadline=ronde.deadline,
                joint_date=ronde.joint_date,
            )
    if profile.has_results:
        part.mini = charts.mini_profile(profile)
        if with_charts:
            part.heatmap = charts.heatmap(profile)
            part.radars = charts.radars(profile)
            part.trends = charts.trends(profile)
    return part


# --- Leader checklist: the team's agreements ---------------------------------------


@dataclass
class AgreementLine:
    what: str
    who: str
    when: date | None
    accent: str


@dataclass
class ChecklistPart:
    title: str
    day: date  # when the round closed, else when it opened
    agreements: list[AgreementLine]


def checklist_agreements(access, user, start: date, end: date) -> list[ChecklistPart]:
    """The agreements of the checklist rounds of the period that `user` may see.

    A round belongs to the period when it opened in it or has an agreement due
    in it. Only the agreements: never the scores, the distributions or the
    notes of the conversation. Three queries.
    """
    in_period = Q(created_at__date__gte=start, created_at__date__lte=end) | Q(
        Exists(
            ChecklistAgreement.objects.filter(round=OuterRef("pk"), when__gte=start, when__lte=end)
        )
    )
    rounds = (
        checklist_rules.visible_rounds(access, user)
        .filter(in_period)
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=ChecklistParticipant.objects.only("round", "user", "submitted_at"),
            ),
            Prefetch("agreements", queryset=ChecklistAgreement.objects.order_by("order", "pk")),
        )
        .order_by("created_at", "pk")
    )
    parts = []
    for checklist_round in rounds:
        if not checklist_rules.can_see_agreements(access, checklist_round, user):
            continue
        agreements = list(checklist_round.agreements.all())
        if not agreements:
            continue
        closed = checklist_round.closed_at or checklist_round.created_at
        parts.append(
            ChecklistPart(
                title=checklist_round.title,
                day=timezone.localdate(closed),
                agreements=[
                    AgreementLine(
                        what=a.what,
                        who=a.who,
                        when=a.when,
                        accent=a.get_accent_code_display() if a.accent_code else "",
                    )
                    for a in agreements
                ],
            )
        )
    return parts


def may_see_any_agreements(access, user) -> bool:
    """Whether this reader could ever see checklist agreements: the checklist permission."""
    return user.has_perm("ontwikkelmodel.view_checklists", access)
