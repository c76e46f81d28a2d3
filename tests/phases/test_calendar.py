"""The private agenda feed: what it contains, who reads it, and revoking its address."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from phases.models import CalendarFeed, TimelineAction, TrainingSession
from schools.models import Membership, User


def feed_for(user) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


def fetch(feed):
    return Client().get(reverse("calendar_feed", args=[feed.token]))


def events(response):
    calendar = Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def summaries(response) -> str:
    return "\n".join(str(e["SUMMARY"]) for e in events(response).values())


def test_feed_is_valid_icalendar_with_sessions_and_open_actions(kartrekker, zonnebloem):
    response = fetch(feed_for(kartrekker))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"] == "private, no-store"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    found = events(response)
    sessions = list(TrainingSession.objects.filter(school=zonnebloem))
    assert sessions
    for session in sessions:
        event = found[f"session-{session.pk}@tso"]
        assert str(event["SUMMARY"]) == f"OBS De Zonnebloem: {session.display_title}"
        assert str(event["LOCATION"]) == "Teamkamer OBS De Zonnebloem"
        start = event.decoded("DTSTART")
        assert start.date() == session.date and start.time() == session.start_time
        assert str(start.tzinfo) == "Europe/Amsterdam"
        assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
        assert "DTSTAMP" in event
    open_actions = list(TimelineAction.objects.unfinished().filter(school=zonnebloem))
    assert open_actions
    for action in open_actions:
        event = found[f"action-{action.pk}@tso"]
        assert str(event["SUMMARY"]) == f"OBS De Zonnebloem: Actie: {action.title}"
        assert "Uiterlijk klaar op" in str(event["DESCRIPTION"])
        assert event.decoded("DTSTART") == action.planned_end
        assert event.decoded("DTEND") == action.planned_end + timedelta(days=1)
    closed = TimelineAction.objects.filter(school=zonnebloem, status="gedaan").first()
    assert f"action-{closed.pk}@tso" not in found
    assert len(found) == len(sessions) + len(open_actions)
    assert "Het Kompas" not in summaries(response)


def test_feed_carries_titles_not_notes(kartrekker, zonnebloem):
    action = TimelineAction.objects.unfinished().filter(school=zonnebloem).first()
    action.notes = "Vertrouwelijk: gesprek met ouders van groep 5"
    action.save()

    response = fetch(feed_for(kartrekker))

    assert b"Vertrouwelijk" not in response.content
    assert "Vertrouwelijk" not in response.content.decode()


def test_trainer_feed_has_both_schools_but_not_vlinder(trainer, zonnebloem, kompas, vlinder):
    response = fetch(feed_for(trainer))

    text = summaries(response)
    assert "OBS De Zonnebloem: Module 1" in text
    assert "SO Het Kompas: " in text
    assert "Vlinder" not in response.content.decode()


def test_settings_page_gives_an_absolute_private_link_created_once(client_for, kartrekker):
    client = client_for(kartrekker)

    response = client.get(reverse("calendar_settings"))

    assert response.status_code == 200
    feed = CalendarFeed.objects.get(user=kartrekker)
    page = response.content.decode()
    assert f"{settings.SITE_URL}/agenda/{feed.token}.ics" in page
    for text in (
        "Outlook",
        "Google Agenda",
        "Apple Agenda",
        "Iedereen die de link kent",
        "Nieuwe link maken",
        "OBS De Zonnebloem",
    ):
        assert text in page
    client.get(reverse("calendar_settings"))
    assert CalendarFeed.objects.get(user=kartrekker).token == feed.token


def test_revoking_changes_the_link_and_the_old_one_stops_working(client_for, kartrekker):
    client = client_for(kartrekker)
    client.get(reverse("calendar_settings"))
    old = CalendarFeed.objects.get(user=kartrekker)
    old_url = reverse("calendar_feed", args=[old.token])

    response = client.post(reverse("calendar_revoke"), follow=True)

    new = CalendarFeed.objects.get(user=kartrekker)
    assert new.token != old.token
    assert "nieuwe agendalink" in response.content.decode()
    assert new.token in response.content.decode()
    assert Client().get(old_url).status_code == 404
    assert fetch(new).status_code == 200


def test_revoke_takes_post_only(client_for, kartrekker):
    assert client_for(kartrekker).get(reverse("calendar_revoke")).status_code == 405


def test_unknown_token_and_other_methods(db):
    assert Client().get(reverse("calendar_feed", args=["x" * 32])).status_code == 404


def test_feed_refuses_post(kartrekker):
    url = reverse("calendar_feed", args=[feed_for(kartrekker).token])
    assert Client().post(url).status_code == 405


def test_deactivated_user_feed_is_gone(kartrekker):
    feed = feed_for(kartrekker)
    User.objects.filter(pk=kartrekker.pk).update(is_active=False)

    assert fetch(feed).status_code == 404


def test_user_without_schools_gets_an_empty_valid_calendar(db):
    user = User.objects.create_user("nieuw@example.org", "een-lang-wachtwoord")
    response = fetch(feed_for(user))

    assert response.status_code == 200
    assert events(response) == {}


@pytest.mark.parametrize("school_count", [1, 3])
def test_feed_query_count_does_not_grow_with_schools(django_assert_num_queries, demo, school_count):
    user = User.objects.create_user("rondreizend@example.org", "een-lang-wachtwoord")
    for school in list(demo.values())[:school_count]:
        Membership.objects.create(user=user, school=school, trainer=True)
    feed = feed_for(user)

    with django_assert_num_queries(3):
        response = fetch(feed)

    assert len(events(response)) > 10 * school_count
