"""Rules for a school's timeline: deriving dates from T0, moving T0, the current phase."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from phases.dates import add_months
from phases.models import (
    ActionStatus,
    Implementation,
    Phase,
    StandardAction,
    TimelineAction,
    TrainingSession,
)

# Recurring Borgen actions are laid out this far past T0; the handbook speaks of
# three to seven years, and the school adds more as it goes.
HORIZON_MONTHS = 24


def today() -> date:
    return timezone.localdate()


@transaction.atomic
def start_timeline(implementation: Implementation) -> int:
    """Give the school its own copy of every standard action, dated from T0."""
    t0 = implementation.t0
    actions = []
    for standard in StandardAction.objects.select_related("phase"):
        for start, end in standard.windows(t0, HORIZON_MONTHS):
            actions.append(
                TimelineAction(
                    school=implementation.school,
                    standard_action=standard,
                    phase=standard.phase,
                    title=standard.title,
                    description=standard.goal,
                    planned_start=start,
                    planned_end=end,
                )
            )
    # With history rows, so the first status change can say what it changed from.
    bulk_create_with_history(actions, TimelineAction)
    return len(actions)


@transaction.atomic
def move_t0(implementation: Implementation, new_t0: date) -> int:
    """Move T0. Derived dates of unfinished actions move along; nothing else changes."""
    old_t0 = implementation.t0
    implementation.t0 = new_t0
    implementation.save(update_fields=["t0"])
    if old_t0 is None:
        if not implementation.school.timeline_actions.exists():
            start_timeline(implementation)
        return 0
    months = months_between(old_t0, new_t0)
    shift = new_t0 - old_t0
    moved = 0
    derived = implementation.school.timeline_actions.unfinished().filter(
        dates_edited=False, standard_action__isnull=False
    )
    for action in derived:
        action.planned_start = _shift(action.planned_start, months, shift)
        action.planned_end = _shift(action.planned_end, months, shift)
        action._change_reason = "T0 verschoven"
        action.save(update_fields=["planned_start", "planned_end"])
        moved += 1
    return moved


def months_between(old: date, new: date) -> int | None:
    """Whole months between two dates on the same day of the month, else None."""
    if old.day != new.day:
        return None
    return (new.year - old.year) * 12 + new.month - old.month


def _shift(day, months, shift):
    if day is None:
        return None
    return add_months(day, months) if months is not None else day + shift


def derived_phase_number(t0: date | None, actions, day: date) -> int:
    """The phase a school is in on `day`, from T0 and how far its timeline got.

    Verkennen until six months before T0 (or until its actions are all closed);
    Voorbereiden until T0; Uitvoeren from T0 for at least 12 and at most 24
    months, ending early when all Uitvoeren actions are closed; then Borgen.
    """
    if t0 is None:
        return 1
    if day >= add_months(t0, 24):
        return 4
    if day >= add_months(t0, 12) and _all_closed(actions, 3):
        return 4
    if day >= t0:
        return 3
    if day >= add_months(t0, -6) or _all_closed(actions, 1):
        return 2
    return 1


def _all_closed(actions, phase_number) -> bool:
    in_phase = [a for a in actions if a.phase.number == phase_number]
    return bool(in_phase) and all(a.is_closed for a in in_phase)


@dataclass
class PhaseProgress:
    phase: Phase
    done: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class TimelineSummary:
    """What the dashboard and the overviews show about one school's timeline."""

    implementation: Implementation | None
    phase: Phase
    phase_is_override: bool
    progress: list[PhaseProgress]
    upcoming: list[TimelineAction] = field(default_factory=list)
    overdue: list[TimelineAction] = field(default_factory=list)
    next_session: TrainingSession | None = None

    @property
    def t0(self):
        return self.implementation.t0 if self.implementation else None


def summarize(school, day: date | None = None, upcoming_days: int = 30) -> TimelineSummary:
    """One school's timeline at a glance, in a fixed number of queries."""
    day = day or today()
    phases = list(Phase.objects.all())
    implementation = (
        Implementation.objects.select_related("phase_override").filter(school=school).first()
    )
    actions = list(school.timeline_actions.select_related("phase", "owner__user"))
    progress = {p.number: PhaseProgress(phase=p) for p in phases}
    for action in actions:
        bar = progress[action.phase.number]
        if action.status != ActionStatus.NVT:
            bar.total += 1
            bar.done += action.status == ActionStatus.GEDAAN
    derived = derived_phase_number(implementation.t0 if implementation else None, actions, day)
    override = implementation.phase_override if implementation else None
    horizon = day + timedelta(days=upcoming_days)
    return TimelineSummary(
        implementation=implementation,
        phase=override or progress[derived].phase,
        phase_is_override=override is not None,
        progress=list(progress.values()),
        upcoming=sorted(
            (
                a
                for a in actions
                if not a.is_closed
                and not a.is_overdue(day)
                and a.planned_start is not None
                and a.planned_start <= horizon
            ),
            key=lambda a: (a.planned_end, a.pk),
        ),
        overdue=[a for a in actions if a.is_overdue(day)],
        next_session=school.training_sessions.filter(date__gte=day).first(),
    )
