"""The werkgroep's meetings: which one is current and which comes next."""

from datetime import date

from actieplan.models import Actieplan, Bijeenkomst

MEETING_RELATED = ("voorzitter__user", "tijdbewaker__user", "notulist__user")


def current_and_next(plan: Actieplan, today: date) -> tuple[Bijeenkomst | None, Bijeenkomst | None]:
    """The current meeting (today's, else the most recent past one) and the first future one.

    Two queries, whatever the number of meetings.
    """
    meetings = Bijeenkomst.objects.filter(actieplan=plan).select_related(*MEETING_RELATED)
    current = meetings.filter(date__lte=today).order_by("-date", "-start_time", "-pk").first()
    upcoming = meetings.filter(date__gt=today).order_by("date", "start_time", "pk").first()
    return current, upcoming
