"""The actieplan over one period, for the progress report: goals, numbers, milestones.

The progress report tells how the plan is going, not who does what: it counts
actiepunten per groeilaag and status, lists what is overdue and what was
reached, and gives the dates of the next evaluation and meeting. No people,
steps or notes, so the same part serves the school's members and its board
(the board reads no meetings, as in the plan's own progress print). Five
queries, whatever the size of the plan.
"""

from dataclasses import dataclass, field
from datetime import date, time

from actieplan.evaluations import next_evaluation_date
from actieplan.models import (
    OPEN_STATUSES,
    Actieplan,
    Actiepunt,
    Bijeenkomst,
    Doel,
    GoalHorizon,
    Section,
    Status,
)

SHOWN = 8


@dataclass
class GoalLine:
    text: str
    horizon: str
    achieved_at: date | None


@dataclass
class SectionCount:
    label: str
    counts: dict[str, int]  # status value -> number of actiepunten
    overdue: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class PointLine:
    title: str
    section: str
    day: date | None  # the deadline of an overdue one, the day it was reached


@dataclass
class Meeting:
    day: date
    start: time
    end: time
    location: str


@dataclass
class ActieplanPart:
    title: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    approved_at: object = None
    goals: list[GoalLine] = field(default_factory=list)
    sections: list[SectionCount] = field(default_factory=list)
    overdue: list[PointLine] = field(default_factory=list)
    overdue_count: int = 0
    milestones: list[PointLine] = field(default_factory=list)  # reached in the period, newest first
    milestone_count: int = 0
    evaluations_in_period: int = 0
    last_evaluation: date | None = None
    next_evaluation: date | None = None
    next_meeting: Meeting | None = None
    has_plan: bool = False

    @property
    def statuses(self) -> list[tuple[str, str]]:
        return list(Status.choices)

    @property
    def totals(self) -> dict[str, int]:
        return {s: sum(c.counts.get(s, 0) for c in self.sections) for s in Status.values}

    @property
    def total(self) -> int:
        return sum(c.total for c in self.sections)

    @property
    def short_goals(self) -> list[GoalLine]:
        return [g for g in self.goals if g.horizon == GoalHorizon.KORT]

    @property
    def long_goals(self) -> list[GoalLine]:
        return [g for g in self.goals if g.horizon == GoalHorizon.LANG]

    @property
    def goals_achieved(self) -> int:
        return sum(g.achieved_at is not None for g in self.goals)

    @property
    def done_percent(self) -> int:
        counted = self.total - self.totals[Status.GESTOPT]
        return round(100 * self.totals[Status.AFGEROND] / counted) if counted else 0


def plan_for_period(school, start: date, end: date, day: date) -> Actieplan | None:
    """The plan of the period: the one running on `day` (or at the period's end), else the
    latest to start within it."""
    moment = min(max(day, start), end)
    overlapping = Actieplan.objects.filter(school=school, starts_on__lte=end, ends_on__gte=start)
    return (
        overlapping.filter(starts_on__lte=moment, ends_on__gte=moment)
        .order_by("-starts_on", "-pk")
        .first()
        or overlapping.order_by("-starts_on", "-pk").first()
    )


def actieplan_part(school, start: date, end: date, day: date, *, members: bool) -> ActieplanPart:
    """The plan of the period in numbers. `members` adds the next werkgroep meeting."""
    plan = plan_for_period(school, start, end, day)
    if plan is None:
        return ActieplanPart()
    points = list(
        Actiepunt.objects.alive()
        .filter(actieplan=plan)
        .values("title", "section", "status", "due_date", "completed_on")
        .order_by("section", "order", "pk")
    )
    goals = list(
        Doel.objects.filter(actieplan=plan)
        .values("text", "horizon", "achieved_at")
        .order_by("horizon", "order", "pk")
    )
    evaluations = sorted(plan.evaluaties.values_list("date", flat=True))
    labels = dict(Section.choices)
    sections = {
        value: SectionCount(label, dict.fromkeys(Status.values, 0))
        for value, label in Section.choices
    }
    overdue, reached = [], []
    for point in points:
        section = sections.setdefault(
            point["section"], SectionCount(point["section"], dict.fromkeys(Status.values, 0))
        )
        section.counts[point["status"]] = section.counts.get(point["status"], 0) + 1
        label = labels.get(point["section"], point["section"])
        due = point["due_date"]
        if point["status"] in OPEN_STATUSES and due and due < day:
            section.overdue += 1
            overdue.append(PointLine(point["title"], label, due))
        done = point["completed_on"]
        if point["status"] == Status.AFGEROND and done and start <= done <= end:
            reached.append(PointLine(point["title"], label, done))
    for goal in goals:
        if goal["achieved_at"] and start <= goal["achieved_at"] <= end:
            reached.append(PointLine(goal["text"], "", goal["achieved_at"]))
    overdue.sort(key=lambda p: p.day)
    reached.sort(key=lambda p: p.day, reverse=True)
    part = ActieplanPart(
        has_plan=True,
        title=plan.title,
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        approved_at=plan.approved_at,
        goals=[GoalLine(g["text"], g["horizon"], g["achieved_at"]) for g in goals],
        sections=list(sections.values()),
        overdue=overdue[:SHOWN],
        overdue_count=len(overdue),
        milestones=reached[:SHOWN],
        milestone_count=len(reached),
        evaluations_in_period=sum(start <= d <= end for d in evaluations),
        last_evaluation=max((d for d in evaluations if d <= day), default=None),
        next_evaluation=next_evaluation_date(plan, day, recorded=evaluations),
    )
    if members:
        meeting = (
            Bijeenkomst.objects.filter(actieplan=plan, date__gte=day)
            .order_by("date", "start_time", "pk")
            .only("date", "start_time", "end_time", "location")
            .first()
        )
        if meeting is not None:
            part.next_meeting = Meeting(
                meeting.date, meeting.start_time, meeting.end_time, meeting.location
            )
    return part
