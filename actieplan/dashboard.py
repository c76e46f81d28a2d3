"""The actieplan's part of the school dashboard: what is due, what is late, what to celebrate."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Window

from actieplan.evaluations import next_evaluation_date
from actieplan.models import Actieplan, Actiepunt, Doel, Status
from actieplan.periods import current_plan

# Successes of the last weeks are worth a mention (the handbook asks to celebrate them).
MILESTONE_DAYS = 60
SHOWN = 3


@dataclass
class Milestone:
    day: date
    text: str
    kind: str  # "actiepunt" or "doel"
    pk: int


@dataclass
class ActieplanSummary:
    plan: Actieplan | None
    next_evaluation: date | None = None
    evaluation_overdue: bool = False
    overdue_count: int = 0
    overdue: list[Actiepunt] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)


def dashboard_summary(school, today: date) -> ActieplanSummary:
    """The current plan, its next evaluation, overdue actiepunten and recent milestones.

    Five queries, whatever the size of the plan.
    """
    plan = current_plan(school, today)
    if plan is None:
        return ActieplanSummary(plan=None)
    due = next_evaluation_date(plan, today)
    overdue = Actiepunt.objects.overdue(today).filter(actieplan=plan).order_by("due_date", "pk")
    # The count rides along with the first rows (a window over the whole result).
    shown = list(
        overdue.only("pk", "title", "due_date", "status").annotate(total=Window(Count("pk")))[
            :SHOWN
        ]
    )
    since = today - timedelta(days=MILESTONE_DAYS)
    done = (
        Actiepunt.objects.alive()
        .filter(actieplan=plan, status=Status.AFGEROND, completed_on__gte=since)
        .only("pk", "title", "completed_on")
        .order_by("-completed_on", "-pk")[:SHOWN]
    )
    goals = (
        Doel.objects.filter(actieplan=plan, achieved_at__gte=since)
        .only("pk", "text", "achieved_at")
        .order_by("-achieved_at", "-pk")[:SHOWN]
    )
    milestones = [Milestone(a.completed_on, a.title, "actiepunt", a.pk) for a in done] + [
        Milestone(g.achieved_at, g.text, "doel", g.pk) for g in goals
    ]
    milestones.sort(key=lambda m: m.day, reverse=True)
    return ActieplanSummary(
        plan=plan,
        next_evaluation=due,
        evaluation_overdue=due is not None and due < today,
        overdue_count=shown[0].total if shown else 0,
        overdue=shown,
        milestones=milestones[: SHOWN + 1],
    )
