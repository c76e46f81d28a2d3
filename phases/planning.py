"""The team-training plan: suggesting a year plan and checking sessions against the handbook."""

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.db import transaction

from phases.dates import add_months, next_weekday
from phases.models import SessionKind, TrainingSession, school_year_of


@dataclass(frozen=True)
class PlannedSession:
    kind: str
    months_after_t0: int
    start: time
    end: time
    title: str = ""


# After the handbook's example year plan (Tabel 4.1): introduction in August,
# module 1 in September, werkmomenten between the modules, modules 3 and 4 on
# one day, then the Ontwikkelmodel and the werkgroep's presentation.
EXAMPLE_YEAR_PLAN = [
    PlannedSession(SessionKind.INTRODUCTIE, -1, time(15, 0), time(16, 0)),
    PlannedSession(SessionKind.MODULE_1, 0, time(13, 0), time(16, 15)),
    PlannedSession(SessionKind.WERKMOMENT, 1, time(15, 0), time(16, 30), "Werkmoment 1"),
    PlannedSession(SessionKind.MODULE_2, 2, time(13, 0), time(16, 15)),
    PlannedSession(SessionKind.WERKMOMENT, 4, time(15, 0), time(16, 30), "Werkmoment 2"),
    PlannedSession(SessionKind.WERKMOMENT, 5, time(15, 0), time(16, 30), "Werkmoment 3"),
    PlannedSession(SessionKind.MODULE_3, 6, time(9, 0), time(12, 15)),
    PlannedSession(SessionKind.MODULE_4, 6, time(13, 0), time(16, 15)),
    PlannedSession(SessionKind.ONTWIKKELMODEL, 7, time(15, 0), time(16, 30)),
    PlannedSession(SessionKind.WERKGROEP_PRESENTATIE, 9, time(15, 0), time(16, 0)),
]
PLAN_SPAN_MONTHS = 9


def suggested_dates(t0: date) -> list[tuple[PlannedSession, date]]:
    """Dates for the example year plan from T0, squeezed to fit before July if needed."""
    year_start, year_end = school_year_of(t0)
    last_day = date(year_end.year, 6, 30)
    span = (add_months(t0, PLAN_SPAN_MONTHS) - t0).days
    scale = min(1.0, max(0, (last_day - t0).days) / span)
    result = []
    for planned in EXAMPLE_YEAR_PLAN:
        months = planned.months_after_t0
        if months <= 0:
            day = t0 if months == 0 else max(year_start, add_months(t0, months))
        elif scale == 1.0:
            day = add_months(t0, months)
        else:
            day = t0 + timedelta(days=round((add_months(t0, months) - t0).days * scale))
        result.append((planned, t0 if months == 0 else school_day(day)))
    return result


def school_day(day: date) -> date:
    """A weekday outside the Christmas break, when a team can actually meet."""
    if (day.month == 12 and day.day >= 20) or (day.month == 1 and day.day <= 4):
        day = date(day.year + (day.month == 12), 1, 5)
    return next_weekday(day)


@transaction.atomic
def suggest_year_plan(school, t0: date, location: str = "") -> list[TrainingSession]:
    """Add the example year plan's sessions; kinds the school already planned are skipped."""
    existing_kinds = set(school.training_sessions.values_list("kind", flat=True))
    existing_titles = set(school.training_sessions.values_list("title", flat=True))
    created = []
    for planned, day in suggested_dates(t0):
        if planned.kind == SessionKind.WERKMOMENT:
            if planned.title in existing_titles:
                continue
        elif planned.kind in existing_kinds:
            continue
        created.append(TrainingSession.objects.create(
            school=school, kind=planned.kind, title=planned.title, date=day,
            start_time=planned.start, end_time=planned.end, location=location,
        ))
    return created
