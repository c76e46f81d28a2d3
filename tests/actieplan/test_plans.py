"""Plans: the current one, a new plan, editing, approval, a new period, goals, permissions."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actieplan.models import Actieplan, Actiepunt, Doel, GoalHorizon, Status
from actieplan.periods import approvals, current_plan
from schools.models import BoardMembership, User
from tests.factories import MembershipFactory


def url(name, school, *args):
    return reverse(name, args=[school.slug, *args])


@pytest.fixture
def plan(zonnebloem):
    return current_plan(zonnebloem, timezone.localdate())


@pytest.fixture
def teamlid(demo):
    return User.objects.get(email="anouk.peters@zonnebloem.example")


def plan_data(**overrides):
    data = {
        "title": "Actieplan TSO 2030-2031",
        "period_kind": "schooljaar",
        "starts_on": "2030-08-20",
        "ends_on": "2031-07-15",
        "evaluation_interval_months": "2",
        "first_evaluation_on": "",
    }
    return {**data, **overrides}


# --- Current plan and the empty state ---------------------------------------------------


def test_current_redirects_to_the_plan_whose_period_contains_today(client_for, kartrekker, plan):
    response = client_for(kartrekker).get(url("actieplan_current", plan.school))
    assert response.status_code == 302
    assert response["Location"] == url("actieplan_detail", plan.school, plan.pk)


def test_current_prefers_the_running_plan_over_a_newer_future_one(zonnebloem, plan):
    today = timezone.localdate()
    Actieplan.objects.create(
        school=zonnebloem,
        title="Volgend jaar",
        starts_on=today + timedelta(days=400),
        ends_on=today + timedelta(days=700),
    )
    assert current_plan(zonnebloem, today) == plan
    assert current_plan(zonnebloem, today + timedelta(days=450)).title == "Volgend jaar"
    # After every period: the newest.
    assert current_plan(zonnebloem, today + timedelta(days=900)).title == "Volgend jaar"


def test_without_a_plan_the_page_explains_and_offers_a_new_one(
    client_for, vlinder_kartrekker, vlinder
):
    response = client_for(vlinder_kartrekker).get(url("actieplan_current", vlinder))
    content = response.content.decode()
    assert response.status_code == 200
    assert "nog geen actieplan" in content
    assert "Nieuw actieplan" in content and url("actieplan_add", vlinder) in content


def test_readers_see_the_empty_state_without_the_button(client_for, vlinder):
    reader = MembershipFactory(school=vlinder, teamlid=True).user
    response = client_for(reader).get(url("actieplan_current", vlinder))
    assert response.status_code == 200
    assert url("actieplan_add", vlinder) not in response.content.decode()


# --- Adding and editing --------------------------------------------------------------


def test_add_a_plan(client_for, kartrekker, zonnebloem):
    response = client_for(kartrekker).post(url("actieplan_add", zonnebloem), plan_data())
    plan = Actieplan.objects.get(title="Actieplan TSO 2030-2031")
    assert response.status_code == 302
    assert response["Location"] == url("actieplan_detail", zonnebloem, plan.pk)
    assert plan.school == zonnebloem and plan.evaluation_interval_months == 2
    assert plan.starts_on == date(2030, 8, 20)


def test_add_form_proposes_a_school_year(client_for, kartrekker, zonnebloem):
    content = client_for(kartrekker).get(url("actieplan_add", zonnebloem)).content.decode()
    assert "Actieplan TSO" in content and "-07-31" in content


def test_end_before_start_is_a_dutch_error_on_the_field_and_input_is_kept(
    client_for, kartrekker, zonnebloem
):
    data = plan_data(title="Mijn plan <b>vet</b>", ends_on="2030-08-01")
    response = client_for(kartrekker).post(url("actieplan_add", zonnebloem), data)
    content = response.content.decode()
    assert response.status_code == 400
    assert "De einddatum ligt vóór de startdatum." in content
    assert content.count("De einddatum ligt vóór de startdatum.") == 1
    assert "Mijn plan &lt;b&gt;vet&lt;/b&gt;" in content  # kept, and escaped
    assert 'value="2030-08-01"' in content
    assert not Actieplan.objects.filter(title__startswith="Mijn plan").exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("evaluation_interval_months", "7", "Kies een aantal maanden van 1 tot en met 6."),
        ("evaluation_interval_months", "0", "Kies een aantal maanden van 1 tot en met 6."),
        ("first_evaluation_on", "2030-01-01", "De eerste evaluatie kan niet vóór de start liggen."),
        ("first_evaluation_on", "2032-01-01", "De eerste evaluatie moet binnen de periode vallen."),
        ("starts_on", "gisteren", "Vul een geldige datum in"),
        ("title", "", "Geef het plan een naam."),
        ("title", "x" * 500, "Houd de naam korter dan 120 tekens."),
    ],
)
def test_add_validation(client_for, kartrekker, zonnebloem, field, value, message):
    response = client_for(kartrekker).post(
        url("actieplan_add", zonnebloem), plan_data(**{field: value})
    )
    assert response.status_code == 400
    assert message in response.content.decode()


def test_edit_plan(client_for, kartrekker, plan):
    client = client_for(kartrekker)
    page = client.get(url("actieplan_edit", plan.school, plan.pk))
    version = page.context["version"]
    data = plan_data(
        title="Aangepast",
        starts_on=plan.starts_on.isoformat(),
        ends_on=plan.ends_on.isoformat(),
        evaluation_interval_months="3",
        version=version,
    )
    response = client.post(url("actieplan_edit", plan.school, plan.pk), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Aangepast" and plan.evaluation_interval_months == 3


def test_edit_conflict_keeps_input_and_shows_what_is_stored(
    client_for, kartrekker, werkgroeplid, plan
):
    first, second = client_for(kartrekker), client_for(werkgroeplid)
    edit = url("actieplan_edit", plan.school, plan.pk)
    version = first.get(edit).context["version"]
    assert second.get(edit).context["version"] == version
    common = {"starts_on": plan.starts_on.isoformat(), "ends_on": plan.ends_on.isoformat()}
    assert first.post(edit, plan_data(title="Eerste", version=version, **common)).status_code == 302
    response = second.post(edit, plan_data(title="Tweede", version=version, **common))
    content = response.content.decode()
    assert response.status_code == 409
    assert "Iemand anders heeft het plan intussen gewijzigd" in content
    assert "Eerste" in content and 'value="Tweede"' in content
    plan.refresh_from_db()
    assert plan.title == "Eerste"
    # Saving again, knowingly, wins.
    again = response.context["version"]
    assert second.post(edit, plan_data(title="Tweede", version=again, **common)).status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Tweede"


# --- Approval ------------------------------------------------------------------------


def test_only_the_schoolleider_approves(client_for, kartrekker, werkgroeplid, plan):
    for user in (kartrekker, werkgroeplid):
        response = client_for(user).post(url("actieplan_approve", plan.school, plan.pk))
        assert response.status_code == 403


def test_approval_is_recorded_with_date_and_who_and_again_after_changes(
    client_for, schoolleider, plan
):
    client = client_for(schoolleider)
    approve = url("actieplan_approve", plan.school, plan.pk)
    assert client.get(approve).status_code == 405
    before = len(approvals(plan))
    response = client.post(approve)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.approved_by == schoolleider
    assert plan.approved_at.date() == timezone.localdate()
    Actieplan.objects.filter(pk=plan.pk).update(title="Gewijzigd")
    client.post(approve)
    found = approvals(plan)
    assert len(found) == before + 2
    assert found[0].by == str(schoolleider)
    edit_page = client.get(url("actieplan_edit", plan.school, plan.pk)).content.decode()
    assert "Goedgekeurd op" in edit_page and "Opnieuw goedkeuren" in edit_page


def test_unapproved_plan_offers_approval_to_schoolleider(client_for, schoolleider, zonnebloem):
    plan = Actieplan.objects.create(
        school=zonnebloem, title="Concept", starts_on=date(2030, 8, 1), ends_on=date(2031, 7, 31)
    )
    content = client_for(schoolleider).get(url("actieplan_edit", zonnebloem, plan.pk)).content
    assert "Nog niet goedgekeurd" in content.decode() and "Plan goedkeuren" in content.decode()


# --- A new period ------------------------------------------------------------------


def test_carry_over_brings_only_unfinished_work_with_its_history(client_for, kartrekker, plan):
    old_alive = list(plan.actiepunten.alive().order_by("pk"))
    unfinished = [a for a in old_alive if a.status in (Status.GEPLAND, Status.BEZIG)]
    finished = [a for a in old_alive if a.status not in (Status.GEPLAND, Status.BEZIG)]
    assert unfinished and finished
    with_timeline = next(a for a in unfinished if a.timeline_action_id)
    action_id = with_timeline.timeline_action_id
    old_statuses = {a.pk: a.status for a in old_alive}
    client = client_for(kartrekker)
    page = client.get(url("actieplan_carry_over", plan.school, plan.pk))
    assert page.status_code == 200
    assert page.context["form"].initial["starts_on"] == plan.ends_on + timedelta(days=1)

    starts_on = plan.ends_on + timedelta(days=1)
    data = plan_data(
        title="Het volgende jaar",
        starts_on=starts_on.isoformat(),
        ends_on=(starts_on + timedelta(days=340)).isoformat(),
    )
    response = client.post(url("actieplan_carry_over", plan.school, plan.pk), data)
    new = Actieplan.objects.get(title="Het volgende jaar")
    assert response.status_code == 302
    assert new.previous == plan and new.school == plan.school

    copies = list(new.actiepunten.order_by("pk"))
    assert sorted(c.carried_from_id for c in copies) == sorted(a.pk for a in unfinished)
    for copy in copies:
        original = copy.carried_from
        assert (copy.title, copy.status, copy.section) == (
            original.title,
            original.status,
            original.section,
        )
        assert set(copy.responsible.all()) == set(original.responsible.all())
        assert [(s.text, s.done_at) for s in copy.stappen.all()] == [
            (s.text, s.done_at) for s in original.stappen.all()
        ]
        assert [(u.text, u.created_at, u.author_name) for u in copy.updates.all()] == [
            (u.text, u.created_at, u.author_name) for u in original.updates.all()
        ]
        record = copy.history.get()
        assert record.history_type == "+" and record.history_user == kartrekker
        assert "Overgenomen uit" in record.history_change_reason
    # The old plan keeps showing what it had.
    assert {a.pk: a.status for a in plan.actiepunten.alive()} == old_statuses
    assert plan.actiepunten.alive().count() == len(old_alive)
    # The deadline on the timeline moved to the copy: never twice on the timeline.
    copy = new.actiepunten.get(carried_from=with_timeline)
    assert copy.timeline_action_id == action_id
    assert Actiepunt.objects.get(pk=with_timeline.pk).timeline_action_id is None
    # Goals not yet achieved come along with their accents.
    old_goals = plan.doelen.filter(achieved_at__isnull=True)
    assert new.doelen.count() == old_goals.count()
    assert not new.doelen.filter(achieved_at__isnull=False).exists()
    short = new.doelen.filter(horizon=GoalHorizon.KORT, origin_id__isnull=False).first()
    assert short is not None and short.accents.exists()


def test_carry_over_only_once(client_for, kartrekker, plan):
    client = client_for(kartrekker)
    starts_on = plan.ends_on + timedelta(days=1)
    data = plan_data(
        title="Vervolg",
        starts_on=starts_on.isoformat(),
        ends_on=(starts_on + timedelta(days=200)).isoformat(),
    )
    carry = url("actieplan_carry_over", plan.school, plan.pk)
    assert client.post(carry, data).status_code == 302
    response = client.post(carry, {**data, "title": "Nog een keer"})
    assert "al een nieuwe periode gestart" in response.content.decode()
    assert not Actieplan.objects.filter(title="Nog een keer").exists()


def test_carry_over_validates_the_new_period(client_for, kartrekker, plan):
    data = plan_data(title="Fout", starts_on="2031-08-01", ends_on="2031-01-01")
    response = client_for(kartrekker).post(url("actieplan_carry_over", plan.school, plan.pk), data)
    assert response.status_code == 400
    assert "De einddatum ligt vóór de startdatum." in response.content.decode()
    assert not Actieplan.objects.filter(title="Fout").exists()


# --- Goals ---------------------------------------------------------------------------


def test_add_edit_achieve_and_delete_a_goal(client_for, werkgroeplid, plan):
    client = client_for(werkgroeplid)
    accent = plan.doelen.exclude(accents=None).first().accents.first()
    response = client.post(
        url("doel_add", plan.school, plan.pk),
        {"horizon": "kort", "text": "Elke groep heeft een rustplek", "accents": [accent.pk]},
    )
    goal = Doel.objects.get(text="Elke groep heeft een rustplek")
    assert response.status_code == 302 and response["Location"].endswith(f"#doel-{goal.pk}")
    assert list(goal.accents.all()) == [accent]

    edit = url("doel_edit", plan.school, plan.pk, goal.pk)
    version = client.get(edit).context["version"]
    data = {"horizon": "kort", "text": goal.text, "achieved": "on", "version": version}
    assert client.post(edit, data).status_code == 302
    goal.refresh_from_db()
    assert goal.achieved_at == timezone.localdate()

    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    version = client.get(edit).context["version"]
    response = client.post(edit, {**data, "achieved_at": future, "version": version})
    assert "Een doel kan niet in de toekomst bereikt zijn." in response.content.decode()

    delete = url("doel_delete", plan.school, plan.pk, goal.pk)
    assert "Doel verwijderen?" in client.get(delete).content.decode()
    assert client.post(delete).status_code == 302
    assert not Doel.objects.filter(pk=goal.pk).exists()


def test_goal_text_is_required_and_accents_of_the_model_only(client_for, kartrekker, plan):
    response = client_for(kartrekker).post(
        url("doel_add", plan.school, plan.pk), {"horizon": "kort", "text": "", "accents": [99999]}
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Beschrijf het doel." in content and "Kies accenten uit de lijst." in content


def test_goals_of_another_plan_are_404(client_for, kartrekker, plan, zonnebloem):
    other = Actieplan.objects.create(
        school=zonnebloem, title="Ander", starts_on=date(2030, 8, 1), ends_on=date(2031, 7, 31)
    )
    goal = plan.doelen.first()
    response = client_for(kartrekker).get(url("doel_edit", zonnebloem, other.pk, goal.pk))
    assert response.status_code == 404


# --- Permissions per role ----------------------------------------------------------------


@pytest.fixture
def pages(plan):
    school = plan.school
    meeting = plan.bijeenkomsten.first()
    return {
        "list": url("actieplan_list", school),
        "current": url("actieplan_current", school),
        "meetings": url("bijeenkomst_list", school, plan.pk),
        "meeting_edit": url("bijeenkomst_edit", school, plan.pk, meeting.pk),
        "evaluations": url("evaluatie_list", school, plan.pk),
        "evaluation_add": url("evaluatie_add", school, plan.pk),
        "catalogue": url("suggestion_list", school, plan.pk),
        "add": url("actieplan_add", school),
        "edit": url("actieplan_edit", school, plan.pk),
        "carry_over": url("actieplan_carry_over", school, plan.pk),
        "doel_add": url("doel_add", school, plan.pk),
        "from_ronde": url("actieplan_from_ronde", school, plan.pk),
    }


READ = ["list", "current", "meetings", "evaluations", "catalogue"]
EDIT = ["meeting_edit", "evaluation_add", "add", "edit", "carry_over", "doel_add", "from_ronde"]


@pytest.mark.parametrize(
    "email",
    [
        "kartrekker@zonnebloem.example",
        "werkgroep@zonnebloem.example",
        "schoolleider@zonnebloem.example",
    ],
)
def test_editors_read_and_edit(client_for, pages, email):
    client = client_for(User.objects.get(email=email))
    for name in READ + EDIT:
        assert client.get(pages[name]).status_code in (200, 302), name


def test_mt_lid_edits(client_for, pages, zonnebloem, teamlid):
    membership = teamlid.memberships.get(school=zonnebloem)
    membership.mt_lid = True
    membership.save()
    client = client_for(teamlid)
    for name in EDIT:
        assert client.get(pages[name]).status_code == 200, name


@pytest.mark.parametrize(
    "email",
    ["anouk.peters@zonnebloem.example", "trainer@example.org", "trainer@zonnebloem.example"],
)
def test_team_and_trainers_read_only(client_for, pages, email):
    client = client_for(User.objects.get(email=email))
    for name in READ:
        assert client.get(pages[name]).status_code in (200, 302), name
    for name in EDIT:
        assert client.get(pages[name]).status_code == 403, name


def test_board_reads_progress_only(client_for, bestuurslid, pages, zonnebloem):
    BoardMembership.objects.get_or_create(user=bestuurslid, bestuur=zonnebloem.bestuur)
    client = client_for(bestuurslid)
    assert client.get(pages["list"]).status_code == 200
    assert client.get(pages["current"]).status_code == 302
    for name in ["meetings", "meeting_edit", "evaluations", "catalogue", *EDIT]:
        assert client.get(pages[name]).status_code == 403, name


def test_outsiders_get_404(client_for, vlinder_kartrekker, pages):
    client = client_for(vlinder_kartrekker)
    for name, page in pages.items():
        assert client.get(page).status_code == 404, name
