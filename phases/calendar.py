"""The private agenda feed: a user's training sessions and open actions as iCalendar.

Whoever knows a feed's token can read it (agenda apps cannot log in), so the
feed carries titles, dates and locations only: never notes, owners or anything
about pupils.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from phases.models import TimelineAction, TrainingSession
from schools.access import accessible_schools

TIMEZONE = ZoneInfo("Europe/Amsterdam")
UID_DOMAIN = "tso"


def feed_events(user):
    """The sessions and unfinished, dated actions of every school the user can see.

    Two queries, however many schools and events there are.
    """
    schools = accessible_schools(user).values("pk")
    sessions = (
        TrainingSession.objects.filter(school__in=schools)
        .select_related("school")
        .order_by("date", "start_time", "pk")
    )
    actions = (
        TimelineAction.objects.unfinished()
        .filter(school__in=schools, planned_end__isnull=False)
        .select_related("school")
        .order_by("planned_end", "pk")
    )
    return list(sessions), list(actions)


def build_calendar(user, now: datetime | None = None) -> bytes:
    now = now or timezone.now()
    sessions, actions = feed_events(user)
    calendar = Calendar()
    calendar.add("prodid", "-//TSO//Traumasensitief Onderwijs//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("TSO-agenda"))
    calendar.add("x-wr-timezone", str(TIMEZONE))
    # Agenda apps that honour it check for changes every hour.
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for session in sessions:
        calendar.add_component(session_event(session, now))
    for action in actions:
        calendar.add_component(action_event(action, now))
    days = [s.date for s in sessions] + [a.planned_end for a in actions]
    if days:
        calendar.add_missing_timezones(
            first_date=min(days) - timedelta(days=366), last_date=max(days) + timedelta(days=366)
        )
    return calendar.to_ical()


def session_event(session: TrainingSession, now: datetime) -> Event:
    event = Event()
    event.add("uid", f"session-{session.pk}@{UID_DOMAIN}")
    event.add("dtstamp", now)
    event.add("summary", f"{session.school.name}: {session.display_title}")
    event.add("dtstart", datetime.combine(session.date, session.start_time, tzinfo=TIMEZONE))
    event.add("dtend", datetime.combine(session.date, session.end_time, tzinfo=TIMEZONE))
    if session.location:
        event.add("location", session.location)
    event.add("url", absolute_url("training_plan", session.school.slug))
    return event


def action_event(action: TimelineAction, now: datetime) -> Event:
    # An action is shown as an all-day event on its deadline (planned_end) only.
    # Its window is often months long (e.g. "9 to 6 months before T0"); spanning
    # it would lay bars across weeks of the agenda and bury the training sessions.
    # The window itself is in the description.
    event = Event()
    event.add("uid", f"action-{action.pk}@{UID_DOMAIN}")
    event.add("dtstamp", now)
    event.add(
        "summary",
        _("%(school)s: Actie: %(title)s") % {"school": action.school.name, "title": action.title},
    )
    event.add("dtstart", action.planned_end)
    event.add("dtend", action.planned_end + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("description", action_window(action))
    event.add("url", absolute_url("timeline", action.school.slug))
    return event


def action_window(action: TimelineAction) -> str:
    """E.g. "Uiterlijk klaar op 01-03-2027 (gepland vanaf 01-09-2026). Status: open." """
    text = _("Uiterlijk klaar op %(end)s") % {"end": _day(action.planned_end)}
    if action.planned_start and action.planned_start < action.planned_end:
        text += " " + _("(gepland vanaf %(start)s)") % {"start": _day(action.planned_start)}
    return f"{text}. {_('Status')}: {action.get_status_display()}."


def _day(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def absolute_url(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def feed_url(feed) -> str:
    return absolute_url("calendar_feed", feed.token)
