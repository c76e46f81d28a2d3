"""The evaluation rhythm: every other month (configurable) the werkgroep looks back."""

import calendar
from datetime import date

from actieplan.models import Actieplan


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clipped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def interval_of(plan: Actieplan) -> int:
    return min(12, max(1, plan.evaluation_interval_months or 2))


def evaluation_slots(plan: Actieplan) -> list[date]:
    """The planned evaluation dates: from the first one, every interval, until the plan ends.

    The first is `first_evaluation_on`, or one interval after the start.
    """
    interval = interval_of(plan)
    first = plan.first_evaluation_on or add_months(plan.starts_on, interval)
    slots = [first]
    while (following := add_months(first, len(slots) * interval)) <= plan.ends_on:
        slots.append(following)
    return slots


def slot_of(plan: Actieplan, slots: list[date], day: date) -> int:
    """The index of the slot an evaluation held on `day` belongs to: the nearest one.

    -1 means nearer to the start of the plan than to its first slot (it covers nothing).
    """
    points = [plan.starts_on, *slots]
    nearest = min(range(len(points)), key=lambda i: (abs((points[i] - day).days), -i))
    return nearest - 1


def next_evaluation_date(
    plan: Actieplan, today: date, recorded: list[date] | None = None
) -> date | None:
    """When the next evaluation is due; None once every slot of the plan is behind us.

    A recorded evaluation counts for its nearest slot, so holding it a week
    early or late still covers that slot, and slots up to the latest recorded
    one are never asked for again. Of the slots after it, the most recent one
    that has passed is returned (the evaluation is overdue), else the first
    one to come. Pass `recorded` (the plan's evaluation dates) to save the query.
    """
    if recorded is None:
        recorded = list(plan.evaluaties.values_list("date", flat=True))
    slots = evaluation_slots(plan)
    done_up_to = max((slot_of(plan, slots, day) for day in recorded), default=-1)
    open_slots = slots[done_up_to + 1 :]
    if not open_slots:
        return None
    passed = [slot for slot in open_slots if slot <= today]
    return passed[-1] if passed else open_slots[0]
