"""The team-training plan: year-plan suggestion, sessions, groups, attendance, follow-up."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse

from phases.models import (
    Attendance,
    FollowUp,
    Implementation,
    SessionKind,
    TrainingGroup,
    TrainingSession,
)
from phases.timeline import today
from schools.models import Membership, User
from tests.factories import MembershipFactory

KOMPAS_T0 = date(2027, 9, 1)  # a Wednesday; school year 2027-2028


def url(name, school, *args):
    return reverse(name, args=[school.slug, *args])


@pytest.fixture
def kompas_kartrekker(demo):
    return User.objects.get(email="kartrekker@kompas.example")


@pytest.fixture
def kompas_plan(kompas):
    """Het Kompas with a fixed T0, so dates in these tests do not depend on today."""
    Implementation.objects.filter(school=kompas).update(t0=KOMPAS_T0)
    return kompas


@pytest.fixture
def teamlid(zonnebloem):
    return MembershipFactory(school=zonnebloem).user


def session(school, kind, day, title="", start=time(13, 0), end=time(16, 15)):
    return TrainingSession.objects.create(
        school=school, kind=kind, title=title, date=day, start_time=start, end_time=end
    )


def session_data(**overrides):
    data = {
        "kind": SessionKind.MODULE_1,
        "title": "",
        "date": "2027-09-08",
        "start_time": "13:00",
        "end_time": "16:15",
        "location": "Aula Het Kompas",
    }
    data.update(overrides)
    return data


def page_text(response) -> str:
    return response.content.decode()


# Suggesting a year plan ----------------------------------------------------


def test_suggest_plan_fills_the_school_year_like_the_handbook_example(
    kompas_plan, kompas_kartrekker, client_for
):
    response = client_for(kompas_kartrekker).post(
        url("suggest_year_plan", kompas_plan), follow=True
    )

    assert "10 trainingsmomenten toegevoegd" in page_text(response)
    sessions = list(kompas_plan.training_sessions.order_by("date", "start_time"))
    assert [(s.kind, s.date.strftime("%Y-%m")) for s in sessions] == [
        (SessionKind.INTRODUCTIE, "2027-08"),
        (SessionKind.MODULE_1, "2027-09"),
        (SessionKind.WERKMOMENT, "2027-10"),
        (SessionKind.MODULE_2, "2027-11"),
        (SessionKind.WERKMOMENT, "2028-01"),
        (SessionKind.WERKMOMENT, "2028-02"),
        (SessionKind.MODULE_3, "2028-03"),
        (SessionKind.MODULE_4, "2028-03"),
        (SessionKind.ONTWIKKELMODEL, "2028-04"),
        (SessionKind.WERKGROEP_PRESENTATIE, "2028-06"),
    ]
    assert sessions[1].date == KOMPAS_T0
    assert sessions[6].date == sessions[7].date  # modules 3 and 4 on one day
    assert all(date(2027, 8, 1) <= s.date <= date(2028, 7, 31) for s in sessions)
    assert all(s.date.weekday() < 5 for s in sessions)
    assert (sessions[1].start_time, sessions[1].end_time) == (time(13, 0), time(16, 15))
    assert (sessions[2].start_time, sessions[2].end_time) == (time(15, 0), time(16, 30))
    # The plan page shows them by month, August to July.
    text = page_text(client_for(kompas_kartrekker).get(url("training_plan", kompas_plan)))
    assert text.index("augustus 2027") < text.index("maart 2028") < text.index("juli 2028")
    assert "Module 3: Relaties en regulatie" in text


def test_suggest_plan_skips_kinds_already_planned(kompas_plan, kompas_kartrekker, client_for):
    own = session(kompas_plan, SessionKind.MODULE_1, date(2027, 9, 15), title="Module 1 (eigen)")
    session(kompas_plan, SessionKind.WERKMOMENT, date(2027, 10, 6), title="Werkmoment 1")
    client = client_for(kompas_kartrekker)

    response = client.post(url("suggest_year_plan", kompas_plan), follow=True)

    assert "8 trainingsmomenten toegevoegd" in page_text(response)
    kinds = list(kompas_plan.training_sessions.values_list("kind", flat=True))
    assert kinds.count(SessionKind.MODULE_1) == 1
    assert kinds.count(SessionKind.WERKMOMENT) == 3
    assert kompas_plan.training_sessions.get(kind=SessionKind.MODULE_1) == own

    again = client.post(url("suggest_year_plan", kompas_plan), follow=True)

    assert "er is niets toegevoegd" in page_text(again)
    assert kompas_plan.training_sessions.count() == 10


def test_no_suggestion_without_t0(kompas, kompas_kartrekker, client_for):
    Implementation.objects.filter(school=kompas).update(t0=None)
    client = client_for(kompas_kartrekker)

    assert "Stel een jaarplanning voor" not in page_text(client.get(url("training_plan", kompas)))
    response = client.post(url("suggest_year_plan", kompas), follow=True)
    assert "Stel eerst de start van de teamtraining (T0) in." in page_text(response)
    assert not kompas.training_sessions.exists()


# Sessions ------------------------------------------------------------------


def test_add_session_with_trainers_and_groups(kompas_plan, kompas_kartrekker, trainer, client_for):
    group = TrainingGroup.objects.create(school=kompas_plan, name="Groep A", participant_count=18)
    tamara = Membership.objects.get(school=kompas_plan, user=trainer)

    response = client_for(kompas_kartrekker).post(
        url("session_add", kompas_plan),
        session_data(trainers=[tamara.pk], groups=[group.pk]),
    )

    assert response.status_code == 302
    added = kompas_plan.training_sessions.get()
    assert added.date == date(2027, 9, 8)
    assert list(added.trainers.all()) == [tamara]
    assert list(added.groups.all()) == [group]


def test_session_form_offers_only_this_schools_trainers_and_groups(
    kompas_plan, zonnebloem, kompas_kartrekker, client_for
):
    zonnebloem_group = zonnebloem.training_groups.first()
    ilse = Membership.objects.get(school=zonnebloem, user__email="trainer@zonnebloem.example")
    client = client_for(kompas_kartrekker)

    form_page = page_text(client.get(url("session_add", kompas_plan)))
    assert "Tamara Hoekstra" in form_page
    assert "Ilse Mulder" not in form_page
    assert "Hele team" not in form_page

    response = client.post(
        url("session_add", kompas_plan),
        session_data(trainers=[ilse.pk], groups=[zonnebloem_group.pk]),
    )
    assert response.status_code == 400
    assert not kompas_plan.training_sessions.exists()


def test_default_times_follow_the_kind(kompas_plan, kompas_kartrekker, client_for):
    client = client_for(kompas_kartrekker)

    werkmoment = page_text(client.get(url("session_add", kompas_plan) + "?soort=werkmoment"))
    module = page_text(client.get(url("session_add", kompas_plan) + "?soort=module_2"))

    assert 'value="15:00"' in werkmoment and 'value="16:30"' in werkmoment
    assert 'value="13:00"' in module and 'value="16:15"' in module


@pytest.mark.parametrize(
    ("existing", "posted", "field", "message"),
    [
        (
            [],
            {"start_time": "16:00", "end_time": "13:00"},
            "end_time",
            "De eindtijd moet na de begintijd liggen.",
        ),
        (
            [],
            {"start_time": "13:00", "end_time": "13:00"},
            "end_time",
            "De eindtijd moet na de begintijd liggen.",
        ),
        (
            [],
            {"date": "2028-08-14"},
            "date",
            "Deze datum valt buiten het schooljaar van de training: van zondag 1 augustus 2027 "
            "tot en met maandag 31 juli 2028.",
        ),
        (
            [(SessionKind.INTRODUCTIE, date(2027, 9, 6))],
            {"date": "2027-09-01"},
            "date",
            "Deze module ligt vóór de introductiepresentatie (maandag 6 september 2027).",
        ),
        (
            [(SessionKind.MODULE_1, date(2027, 9, 1))],
            {"kind": SessionKind.MODULE_2, "date": "2027-08-30"},
            "date",
            "Module 2 ligt vóór module 1 (woensdag 1 september 2027).",
        ),
        (
            [(SessionKind.MODULE_4, date(2028, 3, 6))],
            {"kind": SessionKind.MODULE_3, "date": "2028-03-07"},
            "date",
            "Module 3 ligt na module 4 (maandag 6 maart 2028).",
        ),
        (
            [(SessionKind.MODULE_1, date(2027, 9, 1))],
            {"kind": SessionKind.INTRODUCTIE, "date": "2027-09-02", "end_time": "16:00"},
            "date",
            "De introductiepresentatie ligt na de eerste module (woensdag 1 september 2027).",
        ),
    ],
)
def test_session_validation_messages(
    kompas_plan, kompas_kartrekker, client_for, existing, posted, field, message
):
    for kind, day in existing:
        session(kompas_plan, kind, day)
    data = session_data(title="Eigen titel <b>vet</b>", **posted)

    response = client_for(kompas_kartrekker).post(url("session_add", kompas_plan), data)

    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    text = page_text(response)
    assert message in text
    # The input is kept, and markup in it stays text.
    assert f'value="{data["date"]}"' in text
    assert "Eigen titel &lt;b&gt;vet&lt;/b&gt;" in text
    assert kompas_plan.training_sessions.count() == len(existing)


def test_modules_3_and_4_may_share_a_day(kompas_plan, kompas_kartrekker, client_for):
    session(kompas_plan, SessionKind.MODULE_3, date(2028, 3, 6), start=time(9), end=time(12, 15))
    client = client_for(kompas_kartrekker)

    response = client.post(
        url("session_add", kompas_plan),
        session_data(kind=SessionKind.MODULE_4, date="2028-03-06"),
    )

    assert response.status_code == 302
    assert kompas_plan.training_sessions.filter(date=date(2028, 3, 6)).count() == 2


def test_bad_dates_and_times_are_form_errors_not_crashes(
    kompas_plan, kompas_kartrekker, client_for
):
    client = client_for(kompas_kartrekker)
    for posted in [
        {"date": "31-31-2027"},
        {"date": "0000-01-01"},
        {"start_time": "25:99"},
        {"kind": "module_9"},
        {"title": "x" * 201},
        {"location": "x" * 5000},
    ]:
        response = client.post(url("session_add", kompas_plan), session_data(**posted))
        assert response.status_code == 400, posted
    assert not kompas_plan.training_sessions.exists()


def test_edit_session_keeps_its_own_date_out_of_the_order_check(
    kompas_plan, kompas_kartrekker, client_for
):
    module_1 = session(kompas_plan, SessionKind.MODULE_1, date(2027, 9, 1))
    session(kompas_plan, SessionKind.MODULE_2, date(2027, 11, 1))

    response = client_for(kompas_kartrekker).post(
        url("session_edit", kompas_plan, module_1.pk),
        session_data(date="2027-09-02", location="Gymzaal"),
    )

    assert response.status_code == 302
    module_1.refresh_from_db()
    assert (module_1.date, module_1.location) == (date(2027, 9, 2), "Gymzaal")


def test_delete_session_asks_first(zonnebloem, kartrekker, client_for):
    module_1 = zonnebloem.training_sessions.get(kind=SessionKind.MODULE_1)
    client = client_for(kartrekker)

    confirm = client.get(url("session_delete", zonnebloem, module_1.pk))
    assert confirm.status_code == 200
    assert "wordt ook verwijderd" in page_text(confirm)
    assert TrainingSession.objects.filter(pk=module_1.pk).exists()

    response = client.post(url("session_delete", zonnebloem, module_1.pk))

    assert response.status_code == 302
    assert not TrainingSession.objects.filter(pk=module_1.pk).exists()
    assert not Attendance.objects.filter(session_id=module_1.pk).exists()


def test_session_of_another_school_is_not_found(zonnebloem, kompas_plan, kartrekker, client_for):
    other = session(kompas_plan, SessionKind.MODULE_1, KOMPAS_T0)
    client = client_for(kartrekker)

    for name in ("session_edit", "session_delete", "session_attendance"):
        assert client.get(url(name, zonnebloem, other.pk)).status_code == 404
    assert client.post(url("session_delete", zonnebloem, other.pk)).status_code == 404
    assert TrainingSession.objects.filter(pk=other.pk).exists()


# Groups and the handbook's advice ------------------------------------------


def test_large_group_with_one_trainer_is_saved_with_warnings(zonnebloem, kartrekker, client_for):
    ilse = Membership.objects.get(school=zonnebloem, user__email="trainer@zonnebloem.example")
    client = client_for(kartrekker)

    response = client.post(
        url("group_add", zonnebloem),
        {"name": "Onderbouw", "participant_count": 25, "trainers": [ilse.pk]},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == url("training_plan", zonnebloem)
    group = zonnebloem.training_groups.get(name="Onderbouw")
    assert group.participant_count == 25
    text = page_text(response)
    assert "Let op: deze groep volgt niet alle adviezen" in text
    assert "Meer dan 20 deelnemers" in text
    assert "Minder dan twee trainers" in text
    assert "alert-danger" not in text


def test_two_trainers_of_the_same_background_get_a_pairing_warning(
    zonnebloem, kartrekker, client_for
):
    ilse = Membership.objects.get(school=zonnebloem, user__email="trainer@zonnebloem.example")
    second = MembershipFactory(
        school=zonnebloem, teamlid=False, trainer=True, user__background="onderwijs"
    )
    TrainingGroup.objects.filter(school=zonnebloem).delete()
    client = client_for(kartrekker)

    client.post(
        url("group_add", zonnebloem),
        {"name": "Bovenbouw", "participant_count": 16, "trainers": [ilse.pk, second.pk]},
    )
    text = page_text(client.get(url("training_plan", zonnebloem)))

    assert "Geen koppel van een trainer uit het onderwijs en een uit de zorg." in text
    assert "Meer dan 20 deelnemers" not in text
    assert "Minder dan twee trainers" not in text


def test_edit_group_and_refuse_a_duplicate_name(zonnebloem, kartrekker, trainer, client_for):
    group = zonnebloem.training_groups.get()
    TrainingGroup.objects.create(school=zonnebloem, name="Groep B", participant_count=10)
    tamara = Membership.objects.get(school=zonnebloem, user=trainer)
    client = client_for(kartrekker)

    duplicate = client.post(
        url("group_edit", zonnebloem, group.pk), {"name": "groep b", "participant_count": 12}
    )
    assert duplicate.status_code == 400
    assert "Er is al een groep met deze naam." in page_text(duplicate)

    too_many = client.post(
        url("group_edit", zonnebloem, group.pk), {"name": "Groep A", "participant_count": 501}
    )
    assert too_many.status_code == 400

    response = client.post(
        url("group_edit", zonnebloem, group.pk),
        {"name": "Groep A", "participant_count": 12, "trainers": [tamara.pk]},
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.name, group.participant_count) == ("Groep A", 12)
    assert list(group.trainers.all()) == [tamara]


# Attendance ----------------------------------------------------------------


def team_of(school):
    return list(Membership.objects.filter(school=school, teamlid=True).order_by("pk"))


def test_attendance_is_saved_and_updated_without_duplicates(zonnebloem, kartrekker, client_for):
    module_1 = zonnebloem.training_sessions.get(kind=SessionKind.MODULE_1)
    extra = session(zonnebloem, SessionKind.WERKMOMENT, module_1.date, title="Extra werkmoment")
    team = team_of(zonnebloem)
    client = client_for(kartrekker)

    page = client.get(url("session_attendance", zonnebloem, extra.pk))
    assert page.status_code == 200
    assert "Iedereen staat op aanwezig" in page_text(page)

    response = client.post(
        url("session_attendance", zonnebloem, extra.pk),
        {"present": [str(m.pk) for m in team[2:]]},
        follow=True,
    )

    assert f"{len(team) - 2} van {len(team)} aanwezig" in page_text(response)
    rows = {a.membership_id: a for a in extra.attendance.all()}
    assert set(rows) == {m.pk for m in team}
    assert [m.pk for m in team if not rows[m.pk].present] == [team[0].pk, team[1].pk]

    Attendance.objects.filter(session=extra, membership=team[0]).update(
        follow_up=FollowUp.AFGESPROKEN, note="Inhalen bij groep B"
    )
    client.post(
        url("session_attendance", zonnebloem, extra.pk),
        {"present": [str(m.pk) for m in team]},
    )

    rows = {a.membership_id: a for a in extra.attendance.all()}
    assert len(rows) == len(team) == extra.attendance.count()
    assert all(row.present for row in rows.values())
    assert rows[team[0].pk].follow_up == FollowUp.AFGESPROKEN
    assert rows[team[0].pk].note == "Inhalen bij groep B"


def test_attendance_page_shows_what_was_recorded(zonnebloem, kartrekker, client_for):
    module_1 = zonnebloem.training_sessions.get(kind=SessionKind.MODULE_1)

    response = client_for(kartrekker).get(url("session_attendance", zonnebloem, module_1.pk))

    text = page_text(response)
    anouk = Membership.objects.get(school=zonnebloem, user__full_name="Anouk Peters")
    bas = Membership.objects.get(school=zonnebloem, user__full_name="Bas Hendriks")
    assert f'value="{anouk.pk}" id="present-{anouk.pk}">' in text
    assert f'value="{bas.pk}" id="present-{bas.pk}" checked>' in text
    assert "Iedereen staat op aanwezig" not in text


def test_attendance_save_takes_the_same_queries_for_few_and_many(
    zonnebloem, kartrekker, client_for, django_assert_num_queries
):
    module_1 = zonnebloem.training_sessions.get(kind=SessionKind.MODULE_1)
    client = client_for(kartrekker)
    attendance_url = url("session_attendance", zonnebloem, module_1.pk)
    client.get(attendance_url)  # settle the session row

    with django_assert_num_queries(9) as few:
        client.post(attendance_url, {"present": [str(m.pk) for m in team_of(zonnebloem)]})
    MembershipFactory.create_batch(40, school=zonnebloem)
    with django_assert_num_queries(len(few.captured_queries)):
        client.post(attendance_url, {"present": [str(m.pk) for m in team_of(zonnebloem)]})
    assert module_1.attendance.count() == len(team_of(zonnebloem))


def test_attendance_for_a_future_session_is_refused(zonnebloem, kartrekker, client_for):
    future = session(zonnebloem, SessionKind.WERKMOMENT, today() + timedelta(days=7), title="Later")
    team = team_of(zonnebloem)

    response = client_for(kartrekker).post(
        url("session_attendance", zonnebloem, future.pk), {"present": [str(team[0].pk)]}
    )

    assert response.status_code == 400
    assert "Dit trainingsmoment is nog niet geweest." in page_text(response)
    assert not future.attendance.exists()


def test_attendance_refuses_people_from_elsewhere(zonnebloem, kompas, kartrekker, client_for):
    module_1 = zonnebloem.training_sessions.get(kind=SessionKind.MODULE_1)
    outsider = Membership.objects.filter(school=kompas).first()

    for present in (str(outsider.pk), "niet-een-getal"):
        response = client_for(kartrekker).post(
            url("session_attendance", zonnebloem, module_1.pk), {"present": [present]}
        )
        assert response.status_code == 400
    assert not Attendance.objects.filter(membership=outsider).exists()


# Who missed what -----------------------------------------------------------


def test_missed_list_shows_the_two_who_missed_module_1(zonnebloem, kartrekker, client_for):
    response = client_for(kartrekker).get(url("missed_sessions", zonnebloem))

    assert response.status_code == 200
    text = page_text(response)
    assert "Module 1: Trauma en veerkracht bij kinderen" in text
    assert "Module 2: Kijken door een traumabril" not in text
    sessions = response.context["sessions"]
    assert [
        (row["attendance"].membership.user.full_name, row["attendance"].follow_up)
        for item in sessions
        for row in item["rows"]
    ] == [("Anouk Peters", FollowUp.AFGESPROKEN), ("Freek Bos", FollowUp.TE_REGELEN)]
    assert "Inhalen bij de training van SO Het Kompas" in text
    assert "1 nog te regelen" in text
    assert "Geen medische of persoonlijke details" in text


def absence_of(school, name):
    return Attendance.objects.get(
        session__school=school, present=False, membership__user__full_name=name
    )


def test_follow_up_update(zonnebloem, kartrekker, client_for):
    freek = absence_of(zonnebloem, "Freek Bos")
    prefix = f"a{freek.pk}"

    response = client_for(kartrekker).post(
        url("attendance_follow_up", zonnebloem, freek.pk),
        {f"{prefix}-follow_up": FollowUp.INGEHAALD, f"{prefix}-note": "Ingehaald op 12 januari"},
        follow=True,
    )

    freek.refresh_from_db()
    assert (freek.follow_up, freek.note) == (FollowUp.INGEHAALD, "Ingehaald op 12 januari")
    assert "Opvolging voor Freek Bos opgeslagen." in page_text(response)
    assert "0 nog te regelen" in page_text(response)


def test_follow_up_update_with_htmx_swaps_the_row(zonnebloem, kartrekker, client_for):
    freek = absence_of(zonnebloem, "Freek Bos")
    prefix = f"a{freek.pk}"

    response = client_for(kartrekker).post(
        url("attendance_follow_up", zonnebloem, freek.pk),
        {f"{prefix}-follow_up": FollowUp.AFGESPROKEN, f"{prefix}-note": "<b>12 jan</b>"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    text = page_text(response)
    assert text.lstrip().startswith(f'<form class="missed-row" id="gemist-{freek.pk}"')
    assert "<html" not in text
    assert "Opgeslagen" in text
    assert "&lt;b&gt;12 jan&lt;/b&gt;" in text
    freek.refresh_from_db()
    assert freek.follow_up == FollowUp.AFGESPROKEN


def test_follow_up_with_bad_input_is_refused(zonnebloem, kartrekker, client_for):
    freek = absence_of(zonnebloem, "Freek Bos")
    prefix = f"a{freek.pk}"
    client = client_for(kartrekker)

    for data in (
        {f"{prefix}-follow_up": "vergeten", f"{prefix}-note": ""},
        {f"{prefix}-follow_up": FollowUp.AFGESPROKEN, f"{prefix}-note": "x" * 301},
    ):
        response = client.post(url("attendance_follow_up", zonnebloem, freek.pk), data)
        assert response.status_code == 400
        htmx = client.post(
            url("attendance_follow_up", zonnebloem, freek.pk), data, headers={"HX-Request": "1"}
        )
        assert htmx.status_code == 400
    freek.refresh_from_db()
    assert (freek.follow_up, freek.note) == (FollowUp.TE_REGELEN, "")


def test_follow_up_only_for_absences(zonnebloem, kartrekker, client_for):
    present = Attendance.objects.filter(session__school=zonnebloem, present=True).first()

    response = client_for(kartrekker).post(
        url("attendance_follow_up", zonnebloem, present.pk),
        {f"a{present.pk}-follow_up": FollowUp.INGEHAALD},
    )

    assert response.status_code == 404


# Permissions ---------------------------------------------------------------


def write_requests(school):
    """(method, url) of every change on the plan, with valid-looking data."""
    module_1 = school.training_sessions.get(kind=SessionKind.MODULE_1)
    group = school.training_groups.first()
    absence = absence_of(school, "Freek Bos")
    return [
        ("post", url("suggest_year_plan", school), {}),
        ("get", url("session_add", school), None),
        ("post", url("session_add", school), session_data(date=str(module_1.date))),
        ("get", url("session_edit", school, module_1.pk), None),
        ("post", url("session_edit", school, module_1.pk), session_data(date=str(module_1.date))),
        ("get", url("session_delete", school, module_1.pk), None),
        ("get", url("group_add", school), None),
        ("post", url("group_add", school), {"name": "Nieuw", "participant_count": 10}),
        ("get", url("group_edit", school, group.pk), None),
        ("post", url("group_edit", school, group.pk), {"name": "X", "participant_count": 10}),
        ("post", url("session_attendance", school, module_1.pk), {"present": []}),
        (
            "post",
            url("attendance_follow_up", school, absence.pk),
            {f"a{absence.pk}-follow_up": FollowUp.INGEHAALD},
        ),
        ("post", url("session_delete", school, module_1.pk), {}),
    ]


def read_urls(school):
    module_1 = school.training_sessions.get(kind=SessionKind.MODULE_1)
    return [
        url("training_plan", school),
        url("session_attendance", school, module_1.pk),
        url("missed_sessions", school),
    ]


@pytest.mark.parametrize("reader", ["teamlid", "bestuurslid"])
def test_teamleden_and_board_members_read_but_cannot_change(
    reader, zonnebloem, client_for, request
):
    client = client_for(request.getfixturevalue(reader))
    sessions_before = zonnebloem.training_sessions.count()

    for read_url in read_urls(zonnebloem):
        response = client.get(read_url)
        assert response.status_code == 200, read_url
        text = page_text(response)
        assert "Stel een jaarplanning voor" not in text
        assert "Trainingsmoment toevoegen" not in text
        assert 'type="checkbox" name="present"' not in text
        assert "<select" not in text
    for method, write_url, data in write_requests(zonnebloem):
        response = getattr(client, method)(write_url, data)
        assert response.status_code == 403, (method, write_url)
    assert zonnebloem.training_sessions.count() == sessions_before
    assert absence_of(zonnebloem, "Freek Bos").follow_up == FollowUp.TE_REGELEN


def test_readers_see_who_missed_what_without_forms(zonnebloem, teamlid, client_for):
    text = page_text(client_for(teamlid).get(url("missed_sessions", zonnebloem)))

    assert "Anouk Peters" in text and "Freek Bos" in text
    assert "inhaalmoment afgesproken" in text


@pytest.mark.parametrize("writer", ["werkgroeplid", "trainer", "kartrekker", "schoolleider"])
def test_people_who_run_the_implementation_may_change_the_plan(
    writer, zonnebloem, client_for, request
):
    client = client_for(request.getfixturevalue(writer))

    for method, write_url, data in write_requests(zonnebloem):
        response = getattr(client, method)(write_url, data)
        assert response.status_code in (200, 302), (method, write_url, response.status_code)


def test_outsider_gets_404_everywhere(zonnebloem, vlinder_kartrekker, client_for):
    client = client_for(vlinder_kartrekker)
    sessions_before = zonnebloem.training_sessions.count()

    for read_url in read_urls(zonnebloem):
        assert client.get(read_url).status_code == 404
    for method, write_url, data in write_requests(zonnebloem):
        for verb in {method, "get", "post"}:
            response = getattr(client, verb)(write_url, data if verb == "post" else None)
            assert response.status_code == 404, (verb, write_url)
            assert b"Zonnebloem" not in response.content
    assert zonnebloem.training_sessions.count() == sessions_before


# Query counts --------------------------------------------------------------


def add_sessions_and_groups(school, count):
    trainers = list(Membership.objects.filter(school=school, trainer=True))
    team = team_of(school)
    for number in range(count):
        group = TrainingGroup.objects.create(
            school=school, name=f"Groep {number}", participant_count=10 + number
        )
        group.trainers.set(trainers)
        extra = session(
            school,
            SessionKind.WERKMOMENT,
            school.implementation.t0 + timedelta(days=number % 200),
            title=f"Werkmoment extra {number}",
        )
        extra.groups.add(group)
        extra.trainers.set(trainers)
        Attendance.objects.bulk_create(
            [
                Attendance(session=extra, membership=m, present=bool(i % 3))
                for i, m in enumerate(team)
            ]
        )


def test_plan_page_queries_do_not_grow_with_sessions_and_groups(
    zonnebloem, kartrekker, client_for, django_assert_num_queries
):
    client = client_for(kartrekker)
    plan_url = url("training_plan", zonnebloem)
    client.get(plan_url)  # settle the session row

    with django_assert_num_queries(9) as few:
        assert client.get(plan_url).status_code == 200
    add_sessions_and_groups(zonnebloem, 30)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(plan_url)
    assert "Werkmoment extra 29" in page_text(response)
    assert "Groep 29" in page_text(response)


def test_missed_page_queries_do_not_grow(
    zonnebloem, kartrekker, client_for, django_assert_num_queries
):
    client = client_for(kartrekker)
    missed_url = url("missed_sessions", zonnebloem)
    client.get(missed_url)

    with django_assert_num_queries(4) as few:
        client.get(missed_url)
    add_sessions_and_groups(zonnebloem, 10)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(missed_url)
    assert "Werkmoment extra 9" in page_text(response)
