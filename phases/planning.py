"""The team-training plan: suggesting a year plan and checking sessions against the handbook."""

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.db import transaction
from django.db.models import Prefetch
from django.utils import formats
from django.utils.translation import gettext as _

from phases.dates import add_months, next_weekday
from phases.models import (
    MODULE_KINDS,
    SessionKind,
    TrainingGroup,
    TrainingSession,
    school_year_of,
)
from schools.models import Membership


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
        created.append(
            TrainingSession.objects.create(
                school=school,
                kind=planned.kind,
                title=planned.title,
                date=day,
                start_time=planned.start,
                end_time=planned.end,
                location=location,
            )
        )
    return created


# Checking one session against the plan ------------------------------------

# The order the handbook gives: the introduction first, then modules 1 to 4.
SESSION_ORDER = [SessionKind.INTRODUCTIE, *MODULE_KINDS]


def default_times(kind: str) -> tuple[time, time]:
    """Start and end as in the example year plan: modules 3 h 15, werkmomenten 1.5 h."""
    for planned in EXAMPLE_YEAR_PLAN:
        if planned.kind == kind and planned.months_after_t0 >= 0:
            return planned.start, planned.end
    return time(15, 0), time(16, 30)


def check_session(
    school, *, kind, day, start, end, t0=None, session_pk=None
) -> dict[str, list[str]]:
    """What is wrong with a session planned like this, as messages per form field.

    The end comes after the start; with a T0 the date lies in its school year;
    the introductiepresentatie comes before the modules and module N not before
    module N-1. The same day is fine: modules 3 and 4 may share one.
    """
    errors: dict[str, list[str]] = {}
    if start is not None and end is not None and end <= start:
        errors["end_time"] = [_("De eindtijd moet na de begintijd liggen.")]
    if day is None:
        return errors
    if t0 is not None:
        first, last = school_year_of(t0)
        if not first <= day <= last:
            errors.setdefault("date", []).append(
                _(
                    "Deze datum valt buiten het schooljaar van de training: van %(first)s tot en "
                    "met %(last)s."
                )
                % {"first": _day(first), "last": _day(last)}
            )
    if kind in SESSION_ORDER:
        problem = _order_problem(school, kind, day, session_pk)
        if problem:
            errors.setdefault("date", []).append(problem)
    return errors


def _order_problem(school, kind, day, session_pk) -> str | None:
    others = school.training_sessions.filter(kind__in=SESSION_ORDER)
    if session_pk is not None:
        others = others.exclude(pk=session_pk)
    dates: dict[str, list[date]] = {}
    for other_kind, other_day in others.values_list("kind", "date"):
        dates.setdefault(other_kind, []).append(other_day)
    modules = [d for k in MODULE_KINDS for d in dates.get(k, [])]
    if kind == SessionKind.INTRODUCTIE:
        if modules and min(modules) < day:
            return _(
                "De introductiepresentatie ligt na de eerste module (%(date)s). Plan de "
                "introductiepresentatie op of vóór die dag."
            ) % {"date": _day(min(modules))}
        return None
    number = MODULE_KINDS.index(kind) + 1
    intro = dates.get(SessionKind.INTRODUCTIE)
    if intro and day < min(intro):
        return _(
            "Deze module ligt vóór de introductiepresentatie (%(date)s). Plan de module "
            "later of de introductiepresentatie eerder."
        ) % {"date": _day(min(intro))}
    previous = dates.get(MODULE_KINDS[number - 2]) if number > 1 else None
    if previous and day < min(previous):
        return _(
            "Module %(n)d ligt vóór module %(prev)d (%(date)s). Plan module %(n)d op of na die dag."
        ) % {"n": number, "prev": number - 1, "date": _day(min(previous))}
    following = dates.get(MODULE_KINDS[number]) if number < len(MODULE_KINDS) else None
    if following and day > max(following):
        return _(
            "Module %(n)d ligt na module %(next)d (%(date)s). Plan module %(n)d op of vóór die dag."
        ) % {"n": number, "next": number + 1, "date": _day(max(following))}
    return None


def _day(day: date) -> str:
    return formats.date_format(day, "l j F Y")


def sessions_by_month(sessions, t0: date | None) -> list[tuple[date, list]]:
    """Sessions per calendar month, like the handbook's example year plan (Tabel 4.1).

    Every month of T0's school year (August to July) is listed, also when it has
    no session; months outside that year appear only when they have sessions.
    `sessions` come in date order and keep it.
    """
    by_month: dict[date, list] = {}
    for session in sessions:
        by_month.setdefault(session.date.replace(day=1), []).append(session)
    months = set(by_month)
    if t0 is not None:
        first = school_year_of(t0)[0]
        months.update(add_months(first, i) for i in range(12))
    return [(month, by_month.get(month, [])) for month in sorted(months)]


def plan_sessions(school):
    """The school's sessions in date order, with trainers (and their users) and groups."""
    trainers = Prefetch(
        "trainers",
        queryset=Membership.objects.select_related("user").order_by(
            "user__full_name", "user__email"
        ),
    )
    return school.training_sessions.prefetch_related(trainers, "groups")


def plan_groups(school):
    """The school's training groups with their trainers, ready for `warnings()`."""
    trainers = Prefetch(
        "trainers",
        queryset=Membership.objects.select_related("user").order_by(
            "user__full_name", "user__email"
        ),
    )
    return TrainingGroup.objects.filter(school=school).prefetch_related(trainers)
