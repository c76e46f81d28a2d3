"""The timeline page, inline status changes, editing actions, T0 and the phase."""

import datetime as dt
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from phases.dates import add_months
from phases.models import (
    ActionStatus,
    Implementation,
    Phase,
    StandardAction,
    TimelineAction,
)
from phases.timeline import HORIZON_MONTHS, derived_phase_number, summarize
from schools.models import Membership
from tests.factories import MembershipFactory, SchoolFactory

T0 = dt.date(2027, 3, 15)


def today():
    return timezone.localdate()


def url(name, school, *args):
    return reverse(name, args=[school.slug, *args])


def open_uitvoeren(school):
    """An open action the timeline itself edits (not one the actieplan keeps)."""
    return school.timeline_actions.filter(
        phase__number=3, status=ActionStatus.OPEN, managed_url=""
    ).first()


def form_data(client, edit_url, **changes):
    """The edit form's current values (the version included), with some changed."""
    form = client.get(edit_url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else str(value)
    data.update({key: str(value) for key, value in changes.items()})
    return data


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def teamlid(zonnebloem):
    return MembershipFactory(school=zonnebloem, teamlid=True).user


def membership(user, school) -> Membership:
    return Membership.objects.get(user=user, school=school)


# The page ---------------------------------------------------------------------


def test_timeline_shows_bands_rows_today_and_overdue(client_for, kartrekker, zonnebloem):
    response = client_for(kartrekker).get(url("timeline", zonnebloem))
    assert response.status_code == 200
    page = text(response)
    rows = response.context["rows"]
    assert len(rows) == zonnebloem.timeline_actions.count()
    assert [band.phase.name for band in response.context["bands"]] == [
        "Verkennen",
        "Voorbereiden",
        "Uitvoeren",
        "Borgen",
    ]
    grid = response.context["grid"]
    assert grid.months[grid.today_column - 1] == today().replace(day=1)
    assert "tl-today-line" in page
    overdue = zonnebloem.timeline_actions.get(standard_action__code="werkgroep-vormen")
    assert re.search(rf'id="actie-{overdue.pk}" class="[^"]*is-overdue', page)
    late = [row.action for row in rows if row.overdue]
    assert overdue in late
    assert late == list(zonnebloem.timeline_actions.overdue(today()))
    # Overdue actiepunten of the actieplan stand here too, linking to the plan.
    from_plan = [a for a in late if a.managed_url]
    assert from_plan and all(a.managed_url in page for a in from_plan)
    # Dutch window dates, and the links the page promises.
    action = open_uitvoeren(zonnebloem)
    start = action.planned_start
    assert f'datetime="{start:%Y-%m-%d}"' in page
    assert url("timeline_pdf", zonnebloem) in page
    assert url("timeline_action_add", zonnebloem) in page
    assert url("implementation_edit", zonnebloem) in page
    assert 'style="' not in page and "<style" not in page


def test_month_names_are_dutch(client_for, kartrekker, kompas):
    client = client_for(kartrekker)
    kompas_kartrekker = Membership.objects.get(school=kompas, kartrekker=True).user
    page = text(client_for(kompas_kartrekker).get(url("timeline", kompas)))
    assert re.search(r"(jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec) 20\d\d", page)
    assert client.get(url("timeline", kompas)).status_code == 404


def test_without_t0_the_page_asks_for_t0_first(demo, client_for):
    member = MembershipFactory(school=SchoolFactory(), kartrekker=True)
    response = client_for(member.user).get(url("timeline", member.school))
    assert response.status_code == 200
    page = text(response)
    assert "Eerst de start van de teamtraining vastleggen" in page
    assert url("implementation_edit", member.school) in page
    assert "rows" not in response.context


# Dates from T0 ------------------------------------------------------------------


def test_setting_t0_for_a_new_school_derives_every_date(demo, client_for):
    member = MembershipFactory(school=SchoolFactory(), kartrekker=True)
    school = member.school
    t0 = today() + timedelta(days=60)
    response = client_for(member.user).post(
        url("implementation_edit", school), {"part": "t0", "t0": t0.isoformat()}
    )
    assert response.status_code == 302
    assert Implementation.objects.get(school=school).t0 == t0
    expected = sorted(
        (standard.pk, start, end)
        for standard in StandardAction.objects.all()
        for start, end in standard.windows(t0, HORIZON_MONTHS)
    )
    actual = sorted(
        school.timeline_actions.values_list("standard_action", "planned_start", "planned_end")
    )
    assert actual == expected
    voorgesprek = school.timeline_actions.get(standard_action__code="verkennend-voorgesprek")
    assert (voorgesprek.planned_start, voorgesprek.planned_end) == (
        add_months(t0, -9),
        add_months(t0, -6),
    )
    assert not school.timeline_actions.filter(dates_edited=True).exists()


def test_t0_in_the_past_for_a_new_plan_is_refused_on_the_field(demo, client_for):
    member = MembershipFactory(school=SchoolFactory(), kartrekker=True)
    yesterday = today() - timedelta(days=1)
    response = client_for(member.user).post(
        url("implementation_edit", member.school), {"part": "t0", "t0": yesterday.isoformat()}
    )
    assert response.status_code == 400
    assert response.context["t0_form"].errors["t0"] == [
        "T0 ligt in het verleden. Kies voor een nieuw plan een datum vanaf vandaag."
    ]
    assert f'value="{yesterday.isoformat()}"' in text(response)
    assert not Implementation.objects.filter(school=member.school).exists()
    assert not member.school.timeline_actions.exists()


def test_moving_t0_moves_open_derived_actions_only(client_for, kompas):
    kartrekker = Membership.objects.get(school=kompas, kartrekker=True)
    client = client_for(kartrekker.user)
    old_t0 = kompas.implementation.t0

    # Hand-edited dates, an owner with notes and a status, a done action, an own action.
    edited = kompas.timeline_actions.get(standard_action__code="introductiepresentatie")
    edit_url = url("timeline_action_edit", kompas, edited.pk)
    hand_start = edited.planned_start + timedelta(days=3)
    response = client.post(edit_url, form_data(client, edit_url, planned_start=hand_start))
    assert response.status_code == 302
    busy = kompas.timeline_actions.get(standard_action__code="werkgroep-vormen")
    busy_url = url("timeline_action_edit", kompas, busy.pk)
    response = client.post(
        busy_url,
        form_data(
            client,
            busy_url,
            status="bezig",
            owner=kartrekker.pk,
            notes="Met de MR bespreken.",
        ),
    )
    assert response.status_code == 302
    done = kompas.timeline_actions.filter(status=ActionStatus.GEDAAN).first()
    assert done is not None
    response = client.post(
        url("timeline_action_add", kompas),
        {
            "phase": Phase.objects.get(number=2).pk,
            "title": "Ouderavond over TSO",
            "planned_start": (old_t0 - timedelta(days=40)).isoformat(),
            "planned_end": (old_t0 - timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    before = {a.pk: a for a in kompas.timeline_actions.all()}
    movable = kompas.timeline_actions.filter(
        dates_edited=False, standard_action__isnull=False
    ).exclude(status__in=[ActionStatus.GEDAAN, ActionStatus.NVT])
    movable_ids = set(movable.values_list("pk", flat=True))
    assert busy.pk in movable_ids and edited.pk not in movable_ids and done.pk not in movable_ids

    new_t0 = old_t0 + timedelta(days=14)
    response = client.post(
        url("implementation_edit", kompas), {"part": "t0", "t0": new_t0.isoformat()}, follow=True
    )
    assert response.status_code == 200
    assert f"{len(movable_ids)} open acties schoven mee" in text(response)

    kompas.implementation.refresh_from_db()
    assert kompas.implementation.t0 == new_t0
    for action in kompas.timeline_actions.all():
        old = before[action.pk]
        shift = timedelta(days=14) if action.pk in movable_ids else timedelta(0)
        assert action.planned_start == old.planned_start + shift, action.title
        assert action.planned_end == old.planned_end + shift, action.title
        assert (action.status, action.owner_id, action.notes, action.done_on) == (
            old.status,
            old.owner_id,
            old.notes,
            old.done_on,
        )
    busy.refresh_from_db()
    assert (busy.status, busy.owner_id, busy.notes) == (
        "bezig",
        kartrekker.pk,
        "Met de MR bespreken.",
    )


def test_moving_t0_into_the_past_is_allowed_for_an_existing_plan(
    client_for, kartrekker, zonnebloem
):
    earlier = zonnebloem.implementation.t0 - timedelta(days=7)
    response = client_for(kartrekker).post(
        url("implementation_edit", zonnebloem), {"part": "t0", "t0": earlier.isoformat()}
    )
    assert response.status_code == 302
    zonnebloem.implementation.refresh_from_db()
    assert zonnebloem.implementation.t0 == earlier


@pytest.mark.parametrize("value", ["", "morgen", "2026-02-30", "2199-01-01"])
def test_bad_t0_gives_a_dutch_error(client_for, kartrekker, zonnebloem, value):
    response = client_for(kartrekker).post(
        url("implementation_edit", zonnebloem), {"part": "t0", "t0": value}
    )
    assert response.status_code == 400
    assert response.context["t0_form"].errors["t0"]
    assert zonnebloem.implementation.t0 == Implementation.objects.get(school=zonnebloem).t0


# The phase rule -----------------------------------------------------------------


def actions(**statuses_by_phase):
    """Unsaved actions: phase number -> list of statuses."""
    return [
        TimelineAction(phase=Phase(number=int(number[1:])), status=status)
        for number, statuses in statuses_by_phase.items()
        for status in statuses
    ]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (add_months(T0, -6) - timedelta(days=1), 1),
        (add_months(T0, -6), 2),
        (T0 - timedelta(days=1), 2),
        (T0, 3),
        (add_months(T0, 12), 3),
        (add_months(T0, 24) - timedelta(days=1), 3),
        (add_months(T0, 24), 4),
    ],
)
def test_phase_from_t0_alone(day, expected):
    open_everywhere = actions(p1=["open"], p2=["open"], p3=["open", "bezig"])
    assert derived_phase_number(T0, open_everywhere, day) == expected


def test_phase_without_t0_is_verkennen():
    assert derived_phase_number(None, [], dt.date(2030, 1, 1)) == 1


def test_verkennen_ends_early_when_its_actions_are_closed():
    day = add_months(T0, -8)
    assert derived_phase_number(T0, actions(p1=["gedaan", "open"]), day) == 1
    assert derived_phase_number(T0, actions(p1=["gedaan", "nvt"]), day) == 2


def test_uitvoeren_lasts_twelve_months_at_least_and_ends_when_its_actions_are_closed():
    closed = actions(p3=["gedaan", "nvt"])
    assert derived_phase_number(T0, closed, add_months(T0, 12) - timedelta(days=1)) == 3
    assert derived_phase_number(T0, closed, add_months(T0, 12)) == 4
    assert derived_phase_number(T0, actions(p3=["gedaan", "bezig"]), add_months(T0, 12)) == 3


def test_demo_schools_are_in_their_phases(zonnebloem, kompas, vlinder):
    assert summarize(zonnebloem).phase.name == "Uitvoeren"
    assert summarize(kompas).phase.name == "Voorbereiden"
    assert summarize(vlinder).phase.name == "Verkennen"


# Overriding the phase -------------------------------------------------------------


def test_override_needs_a_reason_and_is_recorded(client_for, kartrekker, zonnebloem):
    client = client_for(kartrekker)
    borgen = Phase.objects.get(number=4)
    edit = url("implementation_edit", zonnebloem)
    response = client.post(edit, {"part": "fase", "phase": borgen.pk, "reason": "  "})
    assert response.status_code == 400
    assert response.context["phase_form"].errors["reason"] == [
        "Geef een reden als je de fase met de hand kiest."
    ]
    assert summarize(zonnebloem).phase_is_override is False

    response = client.post(
        edit,
        {
            "part": "fase",
            "phase": borgen.pk,
            "reason": "Training al eerder gegeven bij de fusieschool.",
        },
    )
    assert response.status_code == 302
    implementation = Implementation.objects.get(school=zonnebloem)
    assert implementation.phase_override == borgen
    assert implementation.phase_override_reason == "Training al eerder gegeven bij de fusieschool."
    assert implementation.phase_override_by == kartrekker
    assert implementation.phase_override_at is not None
    summary = summarize(zonnebloem)
    assert (summary.phase, summary.phase_is_override) == (borgen, True)
    assert "met de hand gekozen" in text(client.get(url("timeline", zonnebloem)))

    response = client.post(edit, {"part": "fase", "phase": "", "reason": "weg ermee"})
    assert response.status_code == 302
    implementation.refresh_from_db()
    assert (
        implementation.phase_override,
        implementation.phase_override_reason,
        implementation.phase_override_by,
        implementation.phase_override_at,
    ) == (None, "", None, None)
    assert summarize(zonnebloem).phase.name == "Uitvoeren"


def test_schoolleider_may_override(client_for, schoolleider, zonnebloem):
    response = client_for(schoolleider).post(
        url("implementation_edit", zonnebloem),
        {"part": "fase", "phase": Phase.objects.get(number=2).pk, "reason": "Eerst herstart."},
    )
    assert response.status_code == 302
    assert summarize(zonnebloem).phase.number == 2


@pytest.mark.parametrize("persona", ["werkgroeplid", "trainer"])
def test_only_leaders_override_the_phase(request, client_for, zonnebloem, persona):
    client = client_for(request.getfixturevalue(persona))
    edit = url("implementation_edit", zonnebloem)
    page = client.get(edit)
    assert page.status_code == 200
    assert page.context["phase_form"] is None
    assert "Alleen de kartrekker of de schoolleider" in text(page)
    response = client.post(
        edit, {"part": "fase", "phase": Phase.objects.get(number=4).pk, "reason": "Omdat het kan."}
    )
    assert response.status_code == 403
    assert summarize(zonnebloem).phase_is_override is False


# Permissions ---------------------------------------------------------------------


def write_requests(school, action):
    data = {"status": "gedaan", "title": "X", "part": "t0", "t0": "2030-01-01"}
    return [
        ("post", url("timeline_action_status", school, action.pk), data),
        ("get", url("timeline_action_edit", school, action.pk), None),
        ("post", url("timeline_action_edit", school, action.pk), data),
        ("get", url("timeline_action_add", school), None),
        ("post", url("timeline_action_add", school), data),
        ("get", url("implementation_edit", school), None),
        ("post", url("implementation_edit", school), data),
    ]


@pytest.mark.parametrize("persona", ["teamlid", "bestuurslid"])
def test_readers_read_but_change_nothing(request, client_for, zonnebloem, persona):
    client = client_for(request.getfixturevalue(persona))
    action = open_uitvoeren(zonnebloem)
    page = client.get(url("timeline", zonnebloem))
    assert page.status_code == 200
    assert "tl-status-form" not in text(page)
    assert url("timeline_action_add", zonnebloem) not in text(page)
    assert client.get(url("timeline_action_history", zonnebloem, action.pk)).status_code == 200
    for method, address, data in write_requests(zonnebloem, action):
        assert getattr(client, method)(address, data).status_code == 403, (method, address)
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    assert Implementation.objects.get(school=zonnebloem).t0 != dt.date(2030, 1, 1)


@pytest.mark.parametrize("persona", ["werkgroeplid", "trainer", "schoolleider"])
def test_plan_runners_change_status(request, client_for, zonnebloem, persona):
    action = open_uitvoeren(zonnebloem)
    response = client_for(request.getfixturevalue(persona)).post(
        url("timeline_action_status", zonnebloem, action.pk), {"status": "bezig"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.BEZIG


def test_outsiders_get_404_everywhere(client_for, vlinder_kartrekker, zonnebloem):
    client = client_for(vlinder_kartrekker)
    action = open_uitvoeren(zonnebloem)
    requests = [
        *write_requests(zonnebloem, action),
        ("get", url("timeline", zonnebloem), None),
        ("get", url("timeline_action_history", zonnebloem, action.pk), None),
    ]
    for method, address, data in requests:
        response = getattr(client, method)(address, data)
        assert response.status_code == 404, (method, address)
        assert "Zonnebloem" not in text(response)


def test_actions_of_another_school_are_404(client_for, kartrekker, zonnebloem, vlinder):
    other = vlinder.timeline_actions.first()
    client = client_for(kartrekker)
    assert client.get(url("timeline_action_edit", zonnebloem, other.pk)).status_code == 404
    response = client.post(
        url("timeline_action_status", zonnebloem, other.pk), {"status": "gedaan"}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == ActionStatus.OPEN


# Status inline --------------------------------------------------------------------


def test_htmx_status_change_returns_the_row_and_is_in_the_history(
    client_for, kartrekker, zonnebloem
):
    client = client_for(kartrekker)
    action = open_uitvoeren(zonnebloem)
    response = client.post(
        url("timeline_action_status", zonnebloem, action.pk),
        {"status": "gedaan"},
        headers={"HX-Request": "true", "HX-Target": f"actie-{action.pk}"},
    )
    assert response.status_code == 200
    row = text(response).strip()
    assert row.startswith(f'<li id="actie-{action.pk}"')
    assert row.endswith("</li>")
    assert row.count("<li") == 1 and "<html" not in row and "<nav" not in row
    assert '<option value="gedaan" selected>' in row
    assert "Opgeslagen: gedaan" in row
    action.refresh_from_db()
    assert (action.status, action.done_on) == (ActionStatus.GEDAAN, today())

    history = client.get(url("timeline_action_history", zonnebloem, action.pk))
    latest = history.context["changes"][0]
    assert (str(latest.old), str(latest.new), latest.by) == ("open", "gedaan", kartrekker)
    assert "Karim El Amrani" in text(history)


def test_status_change_without_javascript_redirects_back(client_for, werkgroeplid, zonnebloem):
    action = open_uitvoeren(zonnebloem)
    response = client_for(werkgroeplid).post(
        url("timeline_action_status", zonnebloem, action.pk), {"status": "nvt"}, follow=True
    )
    assert response.redirect_chain[-1][0] == url("timeline", zonnebloem) + f"#actie-{action.pk}"
    assert "open → niet van toepassing" in text(response)


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}])
def test_unknown_status_is_400_in_dutch(client_for, kartrekker, zonnebloem, headers):
    action = open_uitvoeren(zonnebloem)
    response = client_for(kartrekker).post(
        url("timeline_action_status", zonnebloem, action.pk),
        {"status": "klaar"},
        headers=headers,
    )
    assert response.status_code == 400
    assert "Onbekende status" in text(response)
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_status_url_only_takes_post(client_for, kartrekker, zonnebloem):
    action = open_uitvoeren(zonnebloem)
    response = client_for(kartrekker).get(url("timeline_action_status", zonnebloem, action.pk))
    assert response.status_code == 405


def test_history_lists_every_status_change(client_for, kartrekker, werkgroeplid, zonnebloem):
    action = open_uitvoeren(zonnebloem)
    status_url = url("timeline_action_status", zonnebloem, action.pk)
    client_for(kartrekker).post(status_url, {"status": "bezig"})
    client_for(werkgroeplid).post(status_url, {"status": "gedaan"})
    history = client_for(werkgroeplid).get(url("timeline_action_history", zonnebloem, action.pk))
    changes = [
        (str(c.old) if c.old else None, str(c.new), c.by) for c in history.context["changes"]
    ]
    assert changes == [
        ("bezig", "gedaan", werkgroeplid),
        ("open", "bezig", kartrekker),
        (None, "open", None),
    ]


# Filters --------------------------------------------------------------------------


def row_actions(response):
    return [row.action for row in response.context["rows"]]


def test_filter_by_status_and_owner(client_for, kartrekker, zonnebloem):
    client = client_for(kartrekker)
    timeline = url("timeline", zonnebloem)
    done = row_actions(client.get(timeline, {"status": "gedaan"}))
    assert done and {a.status for a in done} == {"gedaan"}
    assert len(done) == zonnebloem.timeline_actions.filter(status="gedaan").count()

    owner = membership(kartrekker, zonnebloem)
    owned = row_actions(client.get(timeline, {"owner": owner.pk}))
    assert owned and {a.owner_id for a in owned} == {owner.pk}
    assert not {a.owner_id for a in row_actions(client.get(timeline, {"owner": "geen"}))} - {None}

    late = row_actions(client.get(timeline, {"status": "te_laat"}))
    assert {a.pk for a in late} == {
        a.pk for a in zonnebloem.timeline_actions.overdue(timezone.localdate())
    }
    assert "werkgroep-vormen" in {a.standard_action.code for a in late if a.standard_action}
    todo = row_actions(client.get(timeline, {"status": "nog_te_doen", "owner": owner.pk}))
    assert todo and all(a.status in ("open", "bezig") and a.owner_id == owner.pk for a in todo)


def test_htmx_filter_returns_only_the_rows(client_for, kartrekker, zonnebloem):
    response = client_for(kartrekker).get(
        url("timeline", zonnebloem),
        {"status": "gedaan"},
        headers={"HX-Request": "true", "HX-Target": "tl-rows"},
    )
    assert response.status_code == 200
    body = text(response).strip()
    assert body.startswith('<div id="tl-rows">')
    assert "<html" not in body and "tl-bands" not in body


def test_bad_filter_is_400_and_shows_everything(client_for, kartrekker, zonnebloem):
    response = client_for(kartrekker).get(
        url("timeline", zonnebloem), {"status": "<b>x</b>", "owner": "999999"}
    )
    assert response.status_code == 400
    page = text(response)
    assert "Kies een status uit de lijst." in page
    assert "Kies een eigenaar uit de lijst." in page
    assert len(response.context["rows"]) == zonnebloem.timeline_actions.count()


# Adding and editing -----------------------------------------------------------------


def test_add_own_action(client_for, werkgroeplid, zonnebloem):
    owner = membership(werkgroeplid, zonnebloem)
    start = today() + timedelta(days=10)
    response = client_for(werkgroeplid).post(
        url("timeline_action_add", zonnebloem),
        {
            "phase": Phase.objects.get(number=3).pk,
            "title": "Studiedag hechting",
            "description": "Met het hele team.",
            "planned_start": start.isoformat(),
            "planned_end": (start + timedelta(days=20)).isoformat(),
            "owner": owner.pk,
            "notes": "Zaal reserveren.",
        },
    )
    assert response.status_code == 302
    action = zonnebloem.timeline_actions.get(title="Studiedag hechting")
    assert response["Location"].endswith(f"#actie-{action.pk}")
    assert (action.standard_action, action.dates_edited, action.owner, action.status) == (
        None,
        True,
        owner,
        "open",
    )


def test_add_with_bad_input_keeps_it(client_for, werkgroeplid, zonnebloem, vlinder):
    stranger = Membership.objects.filter(school=vlinder).first()
    response = client_for(werkgroeplid).post(
        url("timeline_action_add", zonnebloem),
        {
            "phase": Phase.objects.get(number=3).pk,
            "title": "Studiedag hechting",
            "planned_start": "2027-03-10",
            "planned_end": "2027-03-01",
            "owner": stranger.pk,
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["planned_end"] == ["De einddatum ligt vóór de begindatum. Kies een latere datum."]
    assert errors["owner"] == ["Kies iemand van deze school."]
    assert 'value="Studiedag hechting"' in text(response)
    assert not zonnebloem.timeline_actions.filter(title="Studiedag hechting").exists()


def test_owner_choices_are_this_schools_members(client_for, kartrekker, zonnebloem):
    action = open_uitvoeren(zonnebloem)
    form = (
        client_for(kartrekker)
        .get(url("timeline_action_edit", zonnebloem, action.pk))
        .context["form"]
    )
    assert set(form.fields["owner"].queryset) == set(zonnebloem.memberships.all())


def test_editing_dates_stops_them_moving_with_t0(client_for, kartrekker, zonnebloem):
    client = client_for(kartrekker)
    action = open_uitvoeren(zonnebloem)
    edit = url("timeline_action_edit", zonnebloem, action.pk)
    response = client.post(edit, form_data(client, edit, notes="Alleen een notitie."))
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.notes, action.dates_edited) == ("Alleen een notitie.", False)

    new_end = action.planned_end + timedelta(days=30)
    response = client.post(edit, form_data(client, edit, planned_end=new_end))
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.planned_end, action.dates_edited) == (new_end, True)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"planned_start": "2027-05-01", "planned_end": "2027-04-01"},
            "planned_end",
            "De einddatum ligt vóór de begindatum. Kies een latere datum.",
        ),
        (
            {"status": "gedaan", "done_on": "2099-01-01"},
            "done_on",
            "Deze datum ligt in de toekomst. Vul de dag in waarop de actie gedaan is.",
        ),
        ({"planned_start": "2206-01-01", "planned_end": "2206-02-01"}, "planned_start", None),
        ({"planned_start": "1-1-morgen"}, "planned_start", "Voer een geldige datum in."),
        ({"title": ""}, "title", "Geef de actie een naam."),
        ({"title": "x" * 201}, "title", None),
        ({"notes": "n" * 5001}, "notes", None),
        ({"status": "klaar"}, "status", None),
    ],
)
def test_edit_validation_is_dutch_and_keeps_input(
    client_for, kartrekker, zonnebloem, changes, field, message
):
    client = client_for(kartrekker)
    action = open_uitvoeren(zonnebloem)
    edit = url("timeline_action_edit", zonnebloem, action.pk)
    data = form_data(client, edit, description="Mijn nieuwe toelichting", **changes)
    response = client.post(edit, data)
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert errors
    if message:
        assert errors == [message]
    assert "Mijn nieuwe toelichting" in text(response)
    fresh = TimelineAction.objects.get(pk=action.pk)
    assert (fresh.description, fresh.status, fresh.planned_start) == (
        action.description,
        action.status,
        action.planned_start,
    )


def test_done_without_a_date_is_done_today(client_for, kartrekker, zonnebloem):
    client = client_for(kartrekker)
    action = open_uitvoeren(zonnebloem)
    edit = url("timeline_action_edit", zonnebloem, action.pk)
    assert (
        client.post(edit, form_data(client, edit, status="gedaan", done_on="")).status_code == 302
    )
    action.refresh_from_db()
    assert (action.status, action.done_on) == ("gedaan", today())


def test_html_in_notes_is_escaped(client_for, kartrekker, zonnebloem):
    client = client_for(kartrekker)
    action = open_uitvoeren(zonnebloem)
    edit = url("timeline_action_edit", zonnebloem, action.pk)
    notes = '<script>alert("x")</script><b>vet</b>'
    assert (
        client.post(edit, form_data(client, edit, notes=notes, title="<i>Titel</i>")).status_code
        == 302
    )
    for page in (
        client.get(url("timeline", zonnebloem)),
        client.get(edit),
        client.get(url("timeline_action_history", zonnebloem, action.pk)),
    ):
        body = text(page)
        assert "<script>alert" not in body and "<b>vet</b>" not in body and "<i>Titel" not in body
    assert "&lt;script&gt;" in text(client.get(url("timeline", zonnebloem)))


# Two people editing at once ---------------------------------------------------------


def test_concurrent_edit_is_refused_with_both_versions(
    client_for, kartrekker, werkgroeplid, zonnebloem
):
    client = client_for(kartrekker)
    action = open_uitvoeren(zonnebloem)
    edit = url("timeline_action_edit", zonnebloem, action.pk)
    mine = form_data(client, edit, title="Modules 1-4 met het hele team")

    # Meanwhile the werkgroeplid marks it done and adds a note.
    other = client_for(werkgroeplid)
    theirs = form_data(other, edit, status="gedaan", notes="Afgerond na module 4.")
    assert other.post(edit, theirs).status_code == 302

    response = client.post(edit, mine)
    assert response.status_code == 409
    title = action.title
    action.refresh_from_db()
    assert (action.title, action.status, action.notes) == (title, "gedaan", "Afgerond na module 4.")
    assert "Iemand anders heeft deze actie intussen gewijzigd" in text(response)
    changes = {
        str(c["label"]): (c["theirs"], c["yours"]) for c in response.context["conflict"]["changes"]
    }
    assert changes["status"] == ("gedaan", "open")
    assert changes["notities"] == ("Afgerond na module 4.", "(leeg)")
    assert "title" not in changes and "actie" not in changes
    assert response.context["conflict"]["by"] == werkgroeplid
    # The user's input is kept, with the newest version, so saving again is deliberate.
    form = response.context["form"]
    assert form["title"].value() == "Modules 1-4 met het hele team"
    newest = action.history.order_by("-history_id").first().history_id
    assert form["version"].value() == str(newest)

    again = {
        name: "" if form[name].value() is None else str(form[name].value()) for name in form.fields
    }
    assert client.post(edit, again).status_code == 302
    action.refresh_from_db()
    assert (action.title, action.status) == ("Modules 1-4 met het hele team", "open")


def test_status_change_in_between_also_conflicts(client_for, kartrekker, werkgroeplid, zonnebloem):
    client = client_for(kartrekker)
    action = open_uitvoeren(zonnebloem)
    edit = url("timeline_action_edit", zonnebloem, action.pk)
    mine = form_data(client, edit, notes="Nieuwe notitie")
    client_for(werkgroeplid).post(
        url("timeline_action_status", zonnebloem, action.pk), {"status": "bezig"}
    )
    response = client.post(edit, mine)
    assert response.status_code == 409
    action.refresh_from_db()
    assert (action.status, action.notes) == ("bezig", "")


# Query counts -------------------------------------------------------------------------


def fill_timeline(school, count):
    owner = school.memberships.first()
    phases = list(Phase.objects.all())
    start = today() - timedelta(days=300)
    TimelineAction.objects.bulk_create(
        [
            TimelineAction(
                school=school,
                phase=phases[i % 4],
                title=f"Actie {i}",
                planned_start=start + timedelta(days=4 * i),
                planned_end=start + timedelta(days=4 * i + 40),
                status=ActionStatus.values[i % 4],
                owner=owner if i % 2 else None,
                notes="Notitie" if i % 3 else "",
            )
            for i in range(count)
        ]
    )


def count_queries(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


TIMELINE_QUERIES = 7


def test_timeline_query_count_does_not_grow_with_actions(
    client_for, kartrekker, zonnebloem, django_assert_num_queries
):
    client = client_for(kartrekker)
    zonnebloem.timeline_actions.all().delete()
    fill_timeline(zonnebloem, 10)
    address = url("timeline", zonnebloem)
    client.get(address)  # warm the session
    with django_assert_num_queries(TIMELINE_QUERIES):
        assert len(client.get(address).context["rows"]) == 10
    fill_timeline(zonnebloem, 190)
    with django_assert_num_queries(TIMELINE_QUERIES):
        assert len(client.get(address).context["rows"]) == 200
    owner = zonnebloem.memberships.first()
    assert count_queries(client, f"{address}?owner={owner.pk}&status=open") == TIMELINE_QUERIES
