"""The werkgroep's meetings: planning, validation, members only, no lost minutes."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actieplan.meetings import current_and_next
from actieplan.models import Actieplan, Bijeenkomst
from actieplan.periods import current_plan
from schools.models import Membership


def url(name, plan, *args):
    return reverse(name, args=[plan.school.slug, plan.pk, *args])


@pytest.fixture
def plan(zonnebloem):
    return current_plan(zonnebloem, timezone.localdate())


@pytest.fixture
def members(zonnebloem):
    return list(Membership.objects.filter(school=zonnebloem).order_by("pk")[:3])


def meeting_data(members, **overrides):
    data = {
        "date": "2030-10-07",
        "start_time": "15:30",
        "end_time": "17:00",
        "location": "Teamkamer",
        "voorzitter": members[0].pk,
        "tijdbewaker": members[1].pk,
        "notulist": members[2].pk,
        "agenda": "1. Opening\n2. Evaluatie",
        "minutes": "",
    }
    return {**data, **overrides}


def test_plan_a_meeting(client_for, kartrekker, plan, members):
    response = client_for(kartrekker).post(url("bijeenkomst_add", plan), meeting_data(members))
    meeting = plan.bijeenkomsten.get(date=date(2030, 10, 7))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#bijeenkomst-{meeting.pk}")
    assert (meeting.voorzitter, meeting.tijdbewaker, meeting.notulist) == tuple(members)
    assert meeting.location == "Teamkamer" and meeting.end_time == time(17, 0)


def test_new_meeting_proposes_the_usual_time_and_roles(client_for, kartrekker, plan):
    last = plan.bijeenkomsten.order_by("-date").first()
    form = client_for(kartrekker).get(url("bijeenkomst_add", plan)).context["form"]
    assert form.initial["start_time"] == last.start_time
    assert form.initial["voorzitter"] == last.voorzitter_id


@pytest.mark.parametrize("end", ["15:00", "15:30"])
def test_end_not_after_start_is_a_dutch_error_and_input_is_kept(
    client_for, kartrekker, plan, members, end
):
    data = meeting_data(members, end_time=end, agenda="Mijn <script>agenda</script>")
    response = client_for(kartrekker).post(url("bijeenkomst_add", plan), data)
    content = response.content.decode()
    assert response.status_code == 400
    assert content.count("De eindtijd moet later zijn dan de begintijd.") == 1
    assert "Mijn &lt;script&gt;agenda&lt;/script&gt;" in content
    assert f'value="{end}"' in content
    assert not plan.bijeenkomsten.filter(date=date(2030, 10, 7)).exists()


@pytest.mark.parametrize("role", ["voorzitter", "tijdbewaker", "notulist"])
def test_forged_member_ids_are_refused(client_for, kartrekker, plan, members, vlinder, role):
    outsider = Membership.objects.filter(school=vlinder).first()
    for forged in (outsider.pk, 987654, "abc"):
        data = meeting_data(members, **{role: forged})
        response = client_for(kartrekker).post(url("bijeenkomst_add", plan), data)
        assert response.status_code == 400
        assert "Kies iemand van deze school uit de lijst." in response.content.decode()
    assert not plan.bijeenkomsten.filter(date=date(2030, 10, 7)).exists()


def test_huge_minutes_get_a_message_not_a_500(client_for, kartrekker, plan, members):
    data = meeting_data(members, minutes="x" * 20001, location="y" * 300)
    response = client_for(kartrekker).post(url("bijeenkomst_add", plan), data)
    content = response.content.decode()
    assert response.status_code == 400
    assert "De notulen zijn te lang (hoogstens 20000 tekens)." in content
    assert "Houd de locatie korter dan 200 tekens." in content


def test_minutes_carry_the_privacy_help(client_for, kartrekker, plan):
    meeting = plan.bijeenkomsten.first()
    content = client_for(kartrekker).get(url("bijeenkomst_edit", plan, meeting.pk)).content
    assert "geen namen of gegevens van leerlingen" in content.decode()


def test_concurrent_minutes_show_the_conflict_and_keep_input(
    client_for, kartrekker, werkgroeplid, plan, members
):
    meeting = plan.bijeenkomsten.order_by("date").first()
    edit = url("bijeenkomst_edit", plan, meeting.pk)
    first, second = client_for(kartrekker), client_for(werkgroeplid)
    version = first.get(edit).context["form"]["version"].value()
    assert second.get(edit).context["form"]["version"].value() == version
    base = meeting_data(
        members,
        date=meeting.date.isoformat(),
        start_time=meeting.start_time.strftime("%H:%M"),
        end_time=meeting.end_time.strftime("%H:%M"),
        version=version,
    )
    assert first.post(edit, {**base, "minutes": "Notulen van Karim"}).status_code == 302
    response = second.post(edit, {**base, "minutes": "Notulen van Wendy"})
    content = response.content.decode()
    assert response.status_code == 409
    assert "Iemand anders heeft deze bijeenkomst intussen gewijzigd" in content
    assert "Notulen van Karim" in content  # what is stored now
    assert "Notulen van Wendy</textarea>" in content  # the user's input, kept
    assert str(kartrekker) in content
    meeting.refresh_from_db()
    assert meeting.minutes == "Notulen van Karim"
    # Knowingly saving again wins, with the newer version from the conflict page.
    newer = response.context["form"]["version"].value()
    merged = {**base, "version": newer, "minutes": "Notulen van Karim\nen van Wendy"}
    assert second.post(edit, merged).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "Notulen van Karim\nen van Wendy"
    assert meeting.history.count() >= 2


def test_missing_version_is_treated_as_a_conflict(client_for, kartrekker, plan, members):
    meeting = plan.bijeenkomsten.first()
    data = meeting_data(
        members,
        date=meeting.date.isoformat(),
        start_time="09:00",
        end_time="10:00",
        minutes="overschrijven?",
    )
    response = client_for(kartrekker).post(url("bijeenkomst_edit", plan, meeting.pk), data)
    assert response.status_code == 409
    meeting.refresh_from_db()
    assert meeting.minutes != "overschrijven?"


def test_list_shows_header_and_minutes_pdf_link(client_for, kartrekker, plan):
    response = client_for(kartrekker).get(url("bijeenkomst_list", plan))
    content = response.content.decode()
    with_minutes = plan.bijeenkomsten.exclude(minutes="").first()
    assert "Huidige bijeenkomst" in content and "Volgende bijeenkomst" in content
    assert "Tijdbewaker" in content and "Notulist" in content
    assert url("bijeenkomst_pdf", plan, with_minutes.pk) in content


def test_meeting_of_another_plan_is_404(client_for, kartrekker, plan, zonnebloem):
    other = Actieplan.objects.create(
        school=zonnebloem, title="Ander", starts_on=date(2030, 8, 1), ends_on=date(2031, 7, 31)
    )
    meeting = plan.bijeenkomsten.first()
    response = client_for(kartrekker).get(url("bijeenkomst_edit", other, meeting.pk))
    assert response.status_code == 404


def test_current_and_next(zonnebloem, django_assert_num_queries):
    plan = Actieplan.objects.create(
        school=zonnebloem, title="Test", starts_on=date(2030, 8, 1), ends_on=date(2031, 7, 31)
    )
    today = date(2030, 11, 12)
    assert current_and_next(plan, today) == (None, None)

    def meet(day, start=time(15, 0)):
        return Bijeenkomst.objects.create(
            actieplan=plan, date=day, start_time=start, end_time=time(17, 0)
        )

    old = meet(date(2030, 9, 10))
    recent = meet(date(2030, 10, 8))
    upcoming = meet(date(2030, 12, 10))
    meet(date(2031, 1, 14))
    with django_assert_num_queries(2):
        assert current_and_next(plan, today) == (recent, upcoming)
    todays = meet(today, time(14, 0))
    assert current_and_next(plan, today) == (todays, upcoming)
    assert current_and_next(plan, date(2030, 9, 1)) == (None, old)
    assert current_and_next(plan, date(2031, 6, 1))[1] is None
    assert current_and_next(plan, today + timedelta(days=0))[0] == todays
