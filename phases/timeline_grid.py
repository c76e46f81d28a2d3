"""The timeline page's month grid: phases as bands, actions placed in month columns.

Positions are class names (static/css/timeline.css), never inline styles (CSP).
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Min

from phases.dates import add_months
from phases.models import Phase, TimelineAction

# Month columns on the page; the CSS (static/css/timeline.css) defines this many.
MAX_MONTHS = 60
# The handbook's nominal phase boundaries in months from T0: Verkennen until six
# months before, Voorbereiden until T0, Uitvoeren at least twelve months, then Borgen.
BAND_START_MONTHS = {1: None, 2: -6, 3: 0, 4: 12}


# Layout ---------------------------------------------------------------------


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def month_count(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1


@dataclass(frozen=True)
class Placement:
    """Where something sits on the month grid: 1-based start column and span."""

    start: int
    span: int
    cut_before: bool = False
    cut_after: bool = False


@dataclass(frozen=True)
class Band:
    phase: Phase
    place: Placement


@dataclass(frozen=True)
class YearLabel:
    year: int
    place: Placement


class MonthGrid:
    """Month columns from the earliest to the latest planned date, today included."""

    def __init__(self, first: date | None, last: date | None, t0: date | None, today: date):
        start = first_of_month(min(d for d in (first, t0, today) if d))
        end = first_of_month(max(d for d in (last, t0, today) if d))
        if month_count(start, end) > MAX_MONTHS:
            # Far-flung dates: keep the window around T0 and today.
            anchor = first_of_month(min(today, t0 or today))
            start = max(start, add_months(anchor, -12))
        self.start = start
        self.count = min(MAX_MONTHS, month_count(start, end))
        self.months = [add_months(start, i) for i in range(self.count)]
        self.today = today
        self.today_column = self.column(today)
        days = calendar.monthrange(today.year, today.month)[1]
        self.today_tenth = min(9, (today.day - 1) * 10 // days)

    @property
    def shows_today(self) -> bool:
        return 1 <= self.today_column <= self.count

    @property
    def end(self) -> date:
        return self.months[-1]

    def column(self, day: date) -> int:
        return month_count(self.start, first_of_month(day))

    def place(self, first: date | None, last: date | None) -> Placement | None:
        """The columns from `first` to `last`, cut off at the edges; None if outside."""
        if first is None and last is None:
            return None
        first, last = first or last, last or first
        begin, finish = self.column(first), self.column(max(first, last))
        if finish < 1 or begin > self.count:
            return None
        cut_before, cut_after = begin < 1, finish > self.count
        begin, finish = max(begin, 1), min(finish, self.count)
        return Placement(begin, finish - begin + 1, cut_before, cut_after)

    def years(self) -> list[YearLabel]:
        labels = []
        for month in self.months:
            if labels and labels[-1].year == month.year:
                last = labels[-1]
                labels[-1] = YearLabel(last.year, Placement(last.place.start, last.place.span + 1))
            else:
                labels.append(YearLabel(month.year, Placement(self.column(month), 1)))
        return labels

    def bands(self, t0: date, phases: list[Phase]) -> list[Band]:
        starts = {
            n: add_months(t0, m) if m is not None else None for n, m in BAND_START_MONTHS.items()
        }
        bands = []
        for phase in phases:
            first = starts.get(phase.number) or self.start
            following = starts.get(phase.number + 1)
            last = add_months(following, -1) if following else self.end
            if following and first_of_month(following) <= first_of_month(first):
                continue
            place = self.place(max(first, self.start), last)
            if place is not None and last >= self.start:
                bands.append(Band(phase, place))
        return bands


@dataclass(frozen=True)
class Row:
    action: TimelineAction
    place: Placement | None
    overdue: bool


def make_row(action: TimelineAction, grid: MonthGrid) -> Row:
    return Row(
        action=action,
        place=grid.place(action.planned_start, action.planned_end),
        overdue=action.is_overdue(grid.today),
    )


def grid_for(school, implementation, today) -> MonthGrid:
    """The month grid from the planned dates in the database (for a single row)."""
    bounds = school.timeline_actions.aggregate(
        first=Min("planned_start"), last_end=Max("planned_end"), last_start=Max("planned_start")
    )
    last = max((d for d in (bounds["last_end"], bounds["last_start"]) if d), default=None)
    return MonthGrid(bounds["first"], last, implementation.t0 if implementation else None, today)
