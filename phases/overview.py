"""Many schools at a glance, for trainers and boards, in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, OuterRef, Q, Subquery

from phases.models import (
    CLOSED_STATUSES,
    ActionStatus,
    Implementation,
    Phase,
    TimelineAction,
    TrainingSession,
)
from phases.timeline import derived_phase_number
from schools.models import School

UNFINISHED_STATUSES = [s for s in ActionStatus.values if s not in CLOSED_STATUSES]


@dataclass(frozen=True)
class SchoolRow:
    school: School
    phase: Phase | None
    phase_is_override: bool
    t0: date | None
    next_session: TrainingSession | None
    overdue_count: int


def summarize_schools(schools, today: date) -> list[SchoolRow]:
    """One row per school: current phase, T0, next training session, overdue actions.

    At most four queries for any number of schools: the schools with their
    implementation, overdue count and next session's id; those sessions; the
    phases; and the status and phase of every timeline action (for the phase rule).
    """
    next_session = (
        TrainingSession.objects.filter(school=OuterRef("pk"), date__gte=today)
        .order_by("date", "start_time", "pk")
        .values("pk")[:1]
    )
    overdue = Q(
        timeline_actions__status__in=UNFINISHED_STATUSES, timeline_actions__planned_end__lt=today
    )
    rows = list(
        schools.select_related("bestuur", "implementation__phase_override")
        .annotate(
            overdue_count=Count("timeline_actions", filter=overdue, distinct=True),
            next_session_id=Subquery(next_session),
        )
        .order_by("name", "pk")
    )
    sessions = TrainingSession.objects.in_bulk(
        [s.next_session_id for s in rows if s.next_session_id]
    )
    phases = {p.number: p for p in Phase.objects.all()}
    actions = defaultdict(list)
    for action in (
        TimelineAction.objects.filter(school__in=[s.pk for s in rows])
        .select_related("phase")
        .only("school_id", "status", "phase__number")
    ):
        actions[action.school_id].append(action)
    return [_row(school, phases, actions[school.pk], sessions, today) for school in rows]


def _row(school, phases, actions, sessions, today) -> SchoolRow:
    implementation = _implementation(school)
    t0 = implementation.t0 if implementation else None
    override = implementation.phase_override if implementation else None
    return SchoolRow(
        school=school,
        phase=override or phases.get(derived_phase_number(t0, actions, today)),
        phase_is_override=override is not None,
        t0=t0,
        next_session=sessions.get(school.next_session_id),
        overdue_count=school.overdue_count,
    )


def _implementation(school) -> Implementation | None:
    try:
        return school.implementation
    except Implementation.DoesNotExist:
        return None
