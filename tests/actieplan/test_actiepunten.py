"""The plan page's actiepunten: who may do what, inline edits, conflicts, history, deleting.

De Zonnebloem's demo plan (actieplan/demo.py) is the stage: its werkgroep ticks
steps, writes notes and changes statuses inline, and two people edit the same
actiepunt at once without losing anything.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from actieplan.models import Actieplan, Actiepunt, Section, Stap, Status, Update
from phases.models import ActionStatus, TimelineAction
from schools.models import Membership
from tests.factories import MembershipFactory

HX = {"HTTP_HX_REQUEST": "true"}


def url(name, plan, *args):
    return reverse(name, args=[plan.school.slug, plan.pk, *args])


def text(response) -> str:
    return response.content.decode()


def form_data(client, plan, actiepunt, **changes) -> dict:
    """The edit form's current values (the version included), with some changed."""
    form = client.get(url("actiepunt_edit", plan, actiepunt.pk)).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if name == "responsible":
            data[name] = [str(pk) for pk in value or []]
        else:
            data[name] = "" if value is None else str(value)
    data.update(changes)
    return data


@pytest.fixture
def plan(zonnebloem) -> Actieplan:
    return Actieplan.objects.get(school=zonnebloem)


@pytest.fixture
def ap(plan) -> Actiepunt:
    """An actiepunt underway, with a deadline, steps and notes."""
    return (
        plan.actiepunten.alive()
        .filter(status=Status.BEZIG, due_date__isnull=False, stappen__done_at__isnull=True)
        .distinct()
        .first()
    )


@pytest.fixture
def teamlid(zonnebloem):
    return MembershipFactory(school=zonnebloem, teamlid=True).user


def open_step(actiepunt) -> Stap:
    return actiepunt.stappen.filter(done_at__isnull=True).first()


# The plan page ---------------------------------------------------------------------------


def test_plan_page_has_the_handbooks_header_goals_and_four_tables(client_for, kartrekker, plan):
    response = client_for(kartrekker).get(url("actieplan_detail", plan))
    assert response.status_code == 200
    page = text(response)
    assert plan.title in page
    assert "Goedgekeurd" in page and "Sanne de Vries" in page
    assert "Bijeenkomsten" in page and "Huidige bijeenkomst" in page
    assert "Volgende bijeenkomst" in page
    assert "Doelen" in page
    assert "data-next-evaluation" in page
    for section in Section:
        assert f'id="groeilaag-{section.value}"' in page
        assert str(section.label) in page
    for column in (
        "Actiepunt",
        "Welke stappen zijn er?",
        "Wie is verantwoordelijk?",
        "Wanneer afgerond?",
        "Hoe wordt uitvoering gemonitord?",
        "Notities/Updates",
    ):
        assert column in page
    for name in ("suggestion_list", "evaluatie_list", "bijeenkomst_list", "actieplan_pdf"):
        assert url(name, plan) in page
    assert url("actiepunt_deleted_list", plan) in page
    assert url("actiepunt_add", plan) + "?groeilaag=relaties_bouwen" in page
    overdue = plan.actiepunten.overdue(timezone.localdate()).count()
    assert overdue >= 1
    assert response.context["overdue_count"] == overdue


def test_unapproved_plan_says_so_and_the_schoolleider_may_approve(
    client_for, schoolleider, kartrekker, plan
):
    plan.approved_at = plan.approved_by = None
    plan.save()
    page = text(client_for(schoolleider).get(url("actieplan_detail", plan)))
    assert "Nog niet goedgekeurd" in page
    assert url("actieplan_approve", plan) in page
    assert url("actieplan_approve", plan) not in text(
        client_for(kartrekker).get(url("actieplan_detail", plan))
    )


# Permissions per role -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["kartrekker", "werkgroeplid", "schoolleider"])
def test_werkgroep_and_schoolleider_edit(request, client_for, persona, plan, ap):
    client = client_for(request.getfixturevalue(persona))
    page = text(client.get(url("actieplan_detail", plan)))
    assert f'"{url("actiepunt_edit", plan, ap.pk)}"' in page
    assert url("stap_toggle", plan, ap.pk, open_step(ap).pk) in page
    assert client.get(url("actiepunt_edit", plan, ap.pk)).status_code == 200
    response = client.post(url("update_add", plan, ap.pk), {"text": f"Notitie van {persona}"})
    assert response.status_code == 302
    assert ap.updates.filter(text=f"Notitie van {persona}").exists()


@pytest.mark.parametrize("persona", ["teamlid", "trainer"])
def test_teamleden_and_trainers_read_everything_but_change_nothing(
    request, client_for, persona, plan, ap
):
    client = client_for(request.getfixturevalue(persona))
    response = client.get(url("actieplan_detail", plan))
    assert response.status_code == 200
    page = text(response)
    step = open_step(ap)
    assert step.text in page
    assert ap.monitoring[:30] in page
    assert f'"{url("actiepunt_edit", plan, ap.pk)}"' not in page
    assert url("stap_toggle", plan, ap.pk, step.pk) not in page
    assert "Actiepunt toevoegen" not in page
    assert client.get(url("actiepunt_history", plan, ap.pk)).status_code == 200
    forbidden = [
        client.get(url("actiepunt_edit", plan, ap.pk)),
        client.post(url("stap_toggle", plan, ap.pk, step.pk), {"done": "1"}),
        client.post(url("stap_add", plan, ap.pk), {"text": "x"}),
        client.post(url("update_add", plan, ap.pk), {"text": "x"}),
        client.post(url("actiepunt_status", plan, ap.pk), {"status": "afgerond"}),
        client.post(url("actiepunt_delete", plan, ap.pk)),
        client.get(url("actiepunt_add", plan)),
        client.post(url("actiepunt_restore", plan, ap.pk)),
    ]
    assert [r.status_code for r in forbidden] == [403] * len(forbidden)
    step.refresh_from_db()
    assert not step.is_done


def test_board_members_read_goals_and_progress_only(client_for, bestuurslid, plan, ap):
    client = client_for(bestuurslid)
    response = client.get(url("actieplan_detail", plan))
    assert response.status_code == 200
    page = text(response)
    assert escape(ap.title) in page
    assert plan.doelen.first().text[:40] in page
    assert "Stappen gedaan" in page
    # No steps, notes, monitoring, minutes or meetings; no edit controls.
    assert open_step(ap).text not in page
    assert ap.updates.first().text[:40] not in page
    assert ap.monitoring[:30] not in page
    assert "Huidige bijeenkomst" not in page
    assert "<form" not in page.split('id="main"')[1]
    assert f'"{url("actiepunt_edit", plan, ap.pk)}"' not in page
    assert f'"{url("actiepunt_history", plan, ap.pk)}"' not in page
    assert client.get(url("actiepunt_history", plan, ap.pk)).status_code == 403
    assert client.get(url("actiepunt_deleted_list", plan)).status_code == 403
    assert client.get(url("actiepunt_edit", plan, ap.pk)).status_code == 403


def test_outsiders_get_404(client_for, vlinder_kartrekker, plan, ap):
    client = client_for(vlinder_kartrekker)
    assert client.get(url("actieplan_detail", plan)).status_code == 404
    assert client.get(url("actiepunt_history", plan, ap.pk)).status_code == 404
    assert client.post(url("update_add", plan, ap.pk), {"text": "x"}).status_code == 404


def test_an_actiepunt_of_another_plan_is_404(client_for, kartrekker, plan, ap):
    other = Actieplan.objects.create(
        school=plan.school, title="Ander plan", starts_on=plan.starts_on, ends_on=plan.ends_on
    )
    client = client_for(kartrekker)
    assert client.get(url("actiepunt_edit", other, ap.pk)).status_code == 404
    assert client.post(url("update_add", other, ap.pk), {"text": "x"}).status_code == 404


# Inline with htmx, and without JavaScript ---------------------------------------------------------


def test_ticking_a_step_returns_the_row_partial(client_for, werkgroeplid, plan, ap):
    step = open_step(ap)
    response = client_for(werkgroeplid).post(
        url("stap_toggle", plan, ap.pk, step.pk), {"done": "1"}, **HX
    )
    assert response.status_code == 200
    page = text(response)
    assert page.lstrip().startswith(f'<tr id="actiepunt-{ap.pk}"')
    assert "<html" not in page
    assert "Stap afgevinkt." in page
    assert re.search(rf'id="stap-{step.pk}"[^>]*name="done" value="0" aria-pressed="true"', page)
    step.refresh_from_db()
    assert step.is_done and step.done_by == werkgroeplid


@pytest.mark.parametrize(
    ("name", "field"),
    [("stap_add", 'name="text"'), ("update_add", "<textarea"), ("actiepunt_status", "<select")],
)
def test_the_small_forms_open_in_the_row(client_for, werkgroeplid, plan, ap, name, field):
    client = client_for(werkgroeplid)
    response = client.get(url(name, plan, ap.pk), **HX)
    assert response.status_code == 200
    row = text(response)
    assert row.lstrip().startswith(f'<tr id="actiepunt-{ap.pk}"')
    assert f'action="{url(name, plan, ap.pk)}"' in row and field in row and "autofocus" in row
    # Without JavaScript the link opens the plan page with that form open in the row.
    page = text(client.get(url(name, plan, ap.pk)))
    assert 'id="main"' in page and f'action="{url(name, plan, ap.pk)}"' in page


def test_without_javascript_a_tick_comes_back_to_the_row(client_for, werkgroeplid, plan, ap):
    step = open_step(ap)
    client = client_for(werkgroeplid)
    response = client.post(url("stap_toggle", plan, ap.pk, step.pk), {"done": "1"})
    assert response.status_code == 302
    assert response["Location"] == url("actieplan_detail", plan) + f"#actiepunt-{ap.pk}"
    assert "Stap afgevinkt." in text(client.get(response["Location"]))


def test_two_people_ticking_the_same_step_do_not_conflict(
    client_for, werkgroeplid, kartrekker, plan, ap
):
    step = open_step(ap)
    first = client_for(kartrekker).post(
        url("stap_toggle", plan, ap.pk, step.pk), {"done": "1"}, **HX
    )
    second = client_for(werkgroeplid).post(
        url("stap_toggle", plan, ap.pk, step.pk), {"done": "1"}, **HX
    )
    assert (first.status_code, second.status_code) == (200, 200)
    assert "Deze stap was al afgevinkt." in text(second)
    step.refresh_from_db()
    assert step.done_by == kartrekker
    ticks = [r for r in step.history.all() if r.done_at is not None]
    assert len(ticks) == 1


def test_adding_a_step_and_an_update_inline(client_for, werkgroeplid, plan, ap):
    client = client_for(werkgroeplid)
    response = client.post(url("stap_add", plan, ap.pk), {"text": "  Verslag   delen  "}, **HX)
    assert response.status_code == 200
    assert "Verslag delen" in text(response)
    assert ap.stappen.order_by("order").last().text == "Verslag delen"
    response = client.post(url("update_add", plan, ap.pk), {"text": "Loopt goed."}, **HX)
    assert response.status_code == 200
    update = ap.updates.first()
    assert (update.text, update.author, update.author_name) == (
        "Loopt goed.",
        werkgroeplid,
        werkgroeplid.full_name,
    )
    assert update.created_at.date() == timezone.localdate()
    page = text(response)
    assert "Loopt goed." in page and werkgroeplid.full_name in page
    assert "Notitie toegevoegd." in page


def test_empty_inline_input_gets_a_message_and_no_500(client_for, werkgroeplid, plan, ap):
    client = client_for(werkgroeplid)
    steps = ap.stappen.count()
    response = client.post(url("stap_add", plan, ap.pk), {"text": "   "}, **HX)
    assert response.status_code == 422
    assert "Beschrijf de stap" in text(response)
    response = client.post(url("update_add", plan, ap.pk), {"text": ""})
    assert response.status_code == 400
    assert "Schrijf eerst iets op." in text(response)
    assert 'id="main"' in text(response)  # the whole plan page, without JavaScript
    assert ap.stappen.count() == steps
    response = client.post(url("stap_toggle", plan, ap.pk, open_step(ap).pk), {"done": "x"}, **HX)
    assert response.status_code == 422


def test_huge_text_is_refused_with_the_input_kept(client_for, werkgroeplid, plan, ap):
    client = client_for(werkgroeplid)
    huge = "lang verhaal " * 400
    response = client.post(url("update_add", plan, ap.pk), {"text": huge}, **HX)
    assert response.status_code == 422
    assert "Dit is te lang: hoogstens 4000 tekens" in text(response)
    assert huge.strip()[:200] in text(response)
    response = client.post(url("stap_add", plan, ap.pk), {"text": "x" * 600})
    assert response.status_code == 400
    assert "hoogstens 500 tekens (nu 600)" in text(response)
    assert "x" * 600 in text(response)


def test_html_is_escaped(client_for, werkgroeplid, plan, ap):
    client = client_for(werkgroeplid)
    client.post(url("update_add", plan, ap.pk), {"text": "<script>alert(1)</script>"})
    client.post(url("stap_add", plan, ap.pk), {"text": "<b>vet</b>"})
    page = text(client.get(url("actieplan_detail", plan)))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;vet&lt;/b&gt;" in page


def test_status_change_inline(client_for, werkgroeplid, plan, ap):
    client = client_for(werkgroeplid)
    response = client.post(
        url("actiepunt_status", plan, ap.pk), {"status": "afgerond", "version": ap.version}, **HX
    )
    assert response.status_code == 200
    assert "Status: afgerond." in text(response)
    ap.refresh_from_db()
    assert ap.status == Status.AFGEROND
    assert ap.completed_on == timezone.localdate()
    assert ap.updated_by == werkgroeplid
    assert ap.timeline_action.status == ActionStatus.GEDAAN


def test_stopping_needs_a_reason(client_for, werkgroeplid, plan, ap):
    client = client_for(werkgroeplid)
    response = client.post(
        url("actiepunt_status", plan, ap.pk), {"status": "gestopt", "version": ap.version}, **HX
    )
    assert response.status_code == 422
    assert "Schrijf op waarom het actiepunt stopt" in text(response)
    assert 'value="gestopt" selected' in text(response)  # the choice is kept
    ap.refresh_from_db()
    assert ap.status == Status.BEZIG
    response = client.post(
        url("actiepunt_status", plan, ap.pk),
        {"status": "gestopt", "stop_reason": "Past niet meer", "version": ap.version},
    )
    assert response.status_code == 302
    ap.refresh_from_db()
    assert (ap.status, ap.stop_reason) == (Status.GESTOPT, "Past niet meer")
    assert ap.timeline_action.status == ActionStatus.NVT


def test_unknown_status_is_a_message(client_for, werkgroeplid, plan, ap):
    response = client_for(werkgroeplid).post(
        url("actiepunt_status", plan, ap.pk), {"status": "kapot", "version": ap.version}, **HX
    )
    assert response.status_code == 422
    assert "Kies gepland, bezig, afgerond of gestopt." in text(response)


def test_editing_inline_returns_the_form_then_the_row(client_for, werkgroeplid, plan, ap):
    client = client_for(werkgroeplid)
    response = client.get(url("actiepunt_edit", plan, ap.pk), **HX)
    assert response.status_code == 200
    assert text(response).lstrip().startswith(f'<tr id="actiepunt-{ap.pk}"')
    assert 'name="version"' in text(response)
    data = form_data(client, plan, ap, title="Nieuwe naam voor het actiepunt")
    response = client.post(url("actiepunt_edit", plan, ap.pk), data, **HX)
    assert response.status_code == 200
    assert "Nieuwe naam voor het actiepunt" in text(response)
    assert "Opgeslagen." in text(response)
    ap.refresh_from_db()
    assert ap.title == "Nieuwe naam voor het actiepunt"
    # Cancelling the inline form shows the row as stored.
    response = client.get(url("actieplan_detail", plan) + f"?rij={ap.pk}", **HX)
    assert text(response).lstrip().startswith(f'<tr id="actiepunt-{ap.pk}"')


def test_editing_without_javascript_redirects_to_the_row(client_for, kartrekker, plan, ap):
    client = client_for(kartrekker)
    data = form_data(client, plan, ap, monitoring="In elke werkgroepvergadering")
    response = client.post(url("actiepunt_edit", plan, ap.pk), data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#actiepunt-{ap.pk}")
    ap.refresh_from_db()
    assert ap.monitoring == "In elke werkgroepvergadering"
    assert ap.version == 1


def test_adding_an_actiepunt_with_steps(client_for, kartrekker, plan):
    client = client_for(kartrekker)
    response = client.get(url("actiepunt_add", plan) + "?groeilaag=relaties_bouwen")
    assert response.status_code == 200
    assert response.context["form"]["section"].value() == "relaties_bouwen"
    member = Membership.objects.get(school=plan.school, user=kartrekker)
    response = client.post(
        url("actiepunt_add", plan),
        {
            "section": "relaties_bouwen",
            "title": "Ouderavond over TSO",
            "responsible": [member.pk],
            "due_date": (plan.starts_on + timedelta(days=100)).isoformat(),
            "monitoring": "Aantal ouders en hun vragen",
            "steps": "Datum kiezen\n\n  Uitnodiging  schrijven \nAvond houden",
        },
    )
    assert response.status_code == 302
    actiepunt = plan.actiepunten.get(title="Ouderavond over TSO")
    assert response["Location"].endswith(f"#actiepunt-{actiepunt.pk}")
    assert [s.text for s in actiepunt.stappen.all()] == [
        "Datum kiezen",
        "Uitnodiging schrijven",
        "Avond houden",
    ]
    assert list(actiepunt.responsible.all()) == [member]
    assert actiepunt.history.get().history_type == "+"
    assert actiepunt.timeline_action is not None
    entries = client.get(url("actiepunt_history", plan, actiepunt.pk)).context["entries"]
    assert [(e.by, e.title, e.steps) for e in entries] == [
        (
            kartrekker.full_name,
            "Actiepunt aangemaakt",
            ["Datum kiezen", "Uitnodiging schrijven", "Avond houden"],
        )
    ]


# Rules and bad input -------------------------------------------------------------------------


def test_a_deadline_before_the_plan_starts_is_refused(client_for, kartrekker, plan, ap):
    client = client_for(kartrekker)
    before = (plan.starts_on - timedelta(days=1)).isoformat()
    data = form_data(client, plan, ap, due_date=before)
    response = client.post(url("actiepunt_edit", plan, ap.pk), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert "vóór de start van het plan" in form.errors["due_date"][0]
    assert form["due_date"].value() == before
    ap.refresh_from_db()
    assert ap.due_date != plan.starts_on - timedelta(days=1)


def test_an_empty_actiepunt_is_refused(client_for, kartrekker, plan):
    response = client_for(kartrekker).post(
        url("actiepunt_add", plan),
        {"section": "richting_geven", "title": "   ", "monitoring": "Blijft staan"},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["title"] == ["Beschrijf het actiepunt; het mag niet leeg zijn."]
    assert "Blijft staan" in text(response)


def test_a_responsible_person_from_another_school_is_refused(
    client_for, kartrekker, plan, ap, kompas
):
    client = client_for(kartrekker)
    stranger = Membership.objects.filter(school=kompas).first()
    data = form_data(client, plan, ap, responsible=[str(stranger.pk)])
    response = client.post(url("actiepunt_edit", plan, ap.pk), data)
    assert response.status_code == 400
    assert "Kies mensen van deze school" in response.context["form"].errors["responsible"][0]
    assert stranger not in ap.responsible.all()
    response = client.post(url("actiepunt_edit", plan, ap.pk), {**data, "responsible": ["abc"]})
    assert response.status_code == 400


def test_huge_and_html_input_in_the_edit_form(client_for, kartrekker, plan, ap):
    client = client_for(kartrekker)
    data = form_data(client, plan, ap, title="<i>x</i>" * 100, monitoring="m" * 3000)
    response = client.post(url("actiepunt_edit", plan, ap.pk), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "hoogstens 300 tekens" in errors["title"][0]
    assert "hoogstens 2000 tekens" in errors["monitoring"][0]
    assert "&lt;i&gt;x&lt;/i&gt;" in text(response)
    assert "<i>x</i>" not in text(response)


def test_stopping_in_the_edit_form_needs_a_reason(client_for, kartrekker, plan, ap):
    client = client_for(kartrekker)
    data = form_data(client, plan, ap, status="gestopt", stop_reason="")
    response = client.post(url("actiepunt_edit", plan, ap.pk), data, **HX)
    assert response.status_code == 422
    assert "Schrijf op waarom het actiepunt stopt" in text(response)


# Two people at once ----------------------------------------------------------------------------


def test_an_older_version_saves_nothing_and_shows_the_conflict(
    client_for, kartrekker, werkgroeplid, plan, ap
):
    karim, wendy = client_for(kartrekker), client_for(werkgroeplid)
    karims = form_data(karim, plan, ap, title="Karims titel")
    wendys = form_data(wendy, plan, ap, monitoring="Wendys manier van monitoren")
    assert karim.post(url("actiepunt_edit", plan, ap.pk), karims).status_code == 302

    response = wendy.post(url("actiepunt_edit", plan, ap.pk), wendys)
    assert response.status_code == 409
    ap.refresh_from_db()
    assert ap.title == "Karims titel"
    assert ap.monitoring != "Wendys manier van monitoren"
    conflict = response.context["conflict"]
    assert conflict.by == kartrekker
    assert [(c.field, c.theirs) for c in conflict.changes] == [("title", "Karims titel")]
    page = text(response)
    assert "Iemand anders heeft dit actiepunt intussen gewijzigd" in page
    assert kartrekker.full_name in page
    assert "Wendys manier van monitoren" in page  # her input is still in the form
    assert "Mijn versie opslaan" in page and "Versie van de ander houden" in page
    form = response.context["form"]
    assert form["version"].value() == str(ap.version)

    # She decides to save hers on top: now it goes through.
    again = {**wendys, "version": form["version"].value()}
    assert wendy.post(url("actiepunt_edit", plan, ap.pk), again).status_code == 302
    ap.refresh_from_db()
    assert ap.monitoring == "Wendys manier van monitoren"
    assert ap.updated_by == werkgroeplid


def test_the_conflict_comes_back_inline_with_htmx(client_for, kartrekker, werkgroeplid, plan, ap):
    karim, wendy = client_for(kartrekker), client_for(werkgroeplid)
    wendys = form_data(wendy, plan, ap, title="Wendys titel")
    karim.post(url("actiepunt_edit", plan, ap.pk), form_data(karim, plan, ap, due_date=""))
    response = wendy.post(url("actiepunt_edit", plan, ap.pk), wendys, **HX)
    assert response.status_code == 409
    page = text(response)
    assert page.lstrip().startswith(f'<tr id="actiepunt-{ap.pk}"')
    assert "Wanneer afgerond?" in page and "(leeg)" in page
    assert "Wendys titel" in page


def test_an_actiepunt_deleted_while_editing_keeps_the_input(
    client_for, kartrekker, werkgroeplid, plan, ap
):
    wendy = client_for(werkgroeplid)
    wendys = form_data(wendy, plan, ap, monitoring="Wat Wendy net typte")
    client_for(kartrekker).post(url("actiepunt_delete", plan, ap.pk))
    response = wendy.post(url("actiepunt_edit", plan, ap.pk), wendys)
    assert response.status_code == 409
    page = text(response)
    assert "Dit actiepunt is intussen verwijderd" in page and kartrekker.full_name in page
    assert "Wat Wendy net typte" in page
    assert "Mijn versie opslaan" not in page
    ap.refresh_from_db()
    assert ap.monitoring != "Wat Wendy net typte"


def test_a_status_change_goes_through_an_edit_of_other_fields(
    client_for, kartrekker, werkgroeplid, plan, ap
):
    karim, wendy = client_for(kartrekker), client_for(werkgroeplid)
    seen_version = ap.version
    karim.post(url("actiepunt_edit", plan, ap.pk), form_data(karim, plan, ap, title="Nieuw"))
    response = wendy.post(
        url("actiepunt_status", plan, ap.pk), {"status": "afgerond", "version": seen_version}, **HX
    )
    assert response.status_code == 200
    ap.refresh_from_db()
    assert (ap.title, ap.status) == ("Nieuw", Status.AFGEROND)


def test_a_concurrent_status_change_is_never_overwritten_silently(
    client_for, kartrekker, werkgroeplid, plan, ap
):
    karim, wendy = client_for(kartrekker), client_for(werkgroeplid)
    seen_version = ap.version
    karim.post(
        url("actiepunt_status", plan, ap.pk), {"status": "afgerond", "version": seen_version}
    )
    response = wendy.post(
        url("actiepunt_status", plan, ap.pk),
        {"status": "gestopt", "stop_reason": "Geen tijd", "version": seen_version},
        **HX,
    )
    assert response.status_code == 409
    ap.refresh_from_db()
    assert ap.status == Status.AFGEROND
    page = text(response)
    assert "wijzigde de status intussen" in page and kartrekker.full_name in page
    assert 'value="gestopt" selected' in page and 'value="Geen tijd"' in page
    assert f'name="version" value="{ap.version}"' in page
    # Saving again (with the version she now saw) puts her choice on top.
    response = wendy.post(
        url("actiepunt_status", plan, ap.pk),
        {"status": "gestopt", "stop_reason": "Geen tijd", "version": ap.version},
        **HX,
    )
    assert response.status_code == 200
    ap.refresh_from_db()
    assert ap.status == Status.GESTOPT


def test_notes_and_ticks_do_not_make_an_edit_conflict(
    client_for, kartrekker, werkgroeplid, plan, ap
):
    karim, wendy = client_for(kartrekker), client_for(werkgroeplid)
    wendys = form_data(wendy, plan, ap, title="Wendys titel")
    karim.post(url("stap_toggle", plan, ap.pk, open_step(ap).pk), {"done": "1"})
    karim.post(url("update_add", plan, ap.pk), {"text": "Tussenstand"})
    karim.post(url("stap_add", plan, ap.pk), {"text": "Extra stap"})
    assert wendy.post(url("actiepunt_edit", plan, ap.pk), wendys).status_code == 302


# History ---------------------------------------------------------------------------------------


def test_history_tells_who_changed_what_when(client_for, kartrekker, werkgroeplid, plan, ap):
    karim, wendy = client_for(kartrekker), client_for(werkgroeplid)
    old_due = ap.due_date
    new_due = old_due + timedelta(days=14)
    karim.post(
        url("actiepunt_edit", plan, ap.pk),
        form_data(karim, plan, ap, due_date=new_due.isoformat()),
    )
    step = open_step(ap)
    wendy.post(url("stap_toggle", plan, ap.pk, step.pk), {"done": "1"})
    wendy.post(url("update_add", plan, ap.pk), {"text": "Met het team besproken"})
    wendy.post(url("actiepunt_status", plan, ap.pk), {"status": "afgerond", "version": 1})

    response = wendy.get(url("actiepunt_history", plan, ap.pk))
    assert response.status_code == 200
    entries = response.context["entries"]
    lines = [(e.by, e.title, [(c.label, c.old, c.new) for c in e.changes], e.text) for e in entries]
    assert lines[0] == (
        werkgroeplid.full_name,
        "Gewijzigd",
        [("status", "bezig", "afgerond")],
        "",
    )
    assert (werkgroeplid.full_name, "Notitie toegevoegd", [], "Met het team besproken") in lines
    assert (werkgroeplid.full_name, "Stap afgevinkt", [], step.text) in lines
    date = "{d.day} {m} {d.year}"
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus"]
    months += ["september", "oktober", "november", "december"]
    old_text = date.format(d=old_due, m=months[old_due.month - 1])
    new_text = date.format(d=new_due, m=months[new_due.month - 1])
    assert (
        kartrekker.full_name,
        "Gewijzigd",
        [("wanneer afgerond?", old_text, new_text)],
        "",
    ) in lines
    assert {"Actiepunt aangemaakt", "Eerste bekende stand"} & {line[1] for line in lines}
    page = text(response)
    assert "Wanneer afgerond?" in page and old_text in page and new_text in page


def test_history_names_people_who_became_responsible(client_for, kartrekker, plan, ap):
    client = client_for(kartrekker)
    sanne = Membership.objects.get(
        school=plan.school, user__email="schoolleider@zonnebloem.example"
    )
    data = form_data(client, plan, ap)
    client.post(url("actiepunt_edit", plan, ap.pk), {**data, "responsible": [str(sanne.pk)]})
    entry = client.get(url("actiepunt_history", plan, ap.pk)).context["entries"][0]
    (change,) = entry.changes
    assert change.label == "wie is verantwoordelijk?"
    assert change.new == "Sanne de Vries"
    assert ap.history.filter(version=1).count() == 1  # one save, one record


# Deleting and restoring ------------------------------------------------------------------


def test_deleting_asks_first_then_moves_to_the_prullenbak(client_for, werkgroeplid, plan, ap):
    client = client_for(werkgroeplid)
    action_id = ap.timeline_action_id
    assert action_id is not None
    response = client.get(url("actiepunt_delete", plan, ap.pk))
    assert response.status_code == 200
    assert "Actiepunt verwijderen?" in text(response)
    assert Actiepunt.objects.get(pk=ap.pk).deleted_at is None

    response = client.post(url("actiepunt_delete", plan, ap.pk))
    assert response.status_code == 302
    ap.refresh_from_db()
    assert ap.deleted_at is not None and ap.deleted_by == werkgroeplid
    assert not TimelineAction.objects.filter(pk=action_id).exists()
    assert f'id="actiepunt-{ap.pk}"' not in text(client.get(url("actieplan_detail", plan)))
    listing = text(client.get(url("actiepunt_deleted_list", plan)))
    assert escape(ap.title) in listing
    assert "Een kartrekker kan verwijderde actiepunten terugzetten." in listing
    assert client.get(url("actiepunt_edit", plan, ap.pk)).status_code == 404
    history = client.get(url("actiepunt_history", plan, ap.pk))
    assert "Verwijderd (naar de prullenbak)" in text(history)


def test_only_the_kartrekker_restores(client_for, werkgroeplid, kartrekker, plan, ap):
    client_for(werkgroeplid).post(url("actiepunt_delete", plan, ap.pk))
    assert client_for(werkgroeplid).post(url("actiepunt_restore", plan, ap.pk)).status_code == 403
    karim = client_for(kartrekker)
    assert "Terugzetten" in text(karim.get(url("actiepunt_deleted_list", plan)))
    response = karim.post(url("actiepunt_restore", plan, ap.pk))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#actiepunt-{ap.pk}")
    ap.refresh_from_db()
    assert ap.deleted_at is None
    assert ap.timeline_action is not None
    assert escape(ap.title) in text(karim.get(url("actieplan_detail", plan)))
    assert "Teruggezet uit de prullenbak" in text(karim.get(url("actiepunt_history", plan, ap.pk)))
    assert karim.post(url("actiepunt_restore", plan, ap.pk)).status_code == 404


# On the school's timeline -----------------------------------------------------------------


def test_deadlines_appear_on_the_timeline_and_follow_changes(client_for, kartrekker, plan, ap):
    client = client_for(kartrekker)
    timeline = reverse("timeline", args=[plan.school.slug])
    assert escape(ap.title) in text(client.get(timeline))

    new_due = ap.due_date + timedelta(days=30)
    data = form_data(client, plan, ap, title="Op de tijdlijn", due_date=new_due.isoformat())
    client.post(url("actiepunt_edit", plan, ap.pk), data)
    ap.refresh_from_db()
    action = ap.timeline_action
    assert (action.title, action.planned_end, action.status) == (
        "Op de tijdlijn",
        new_due,
        ActionStatus.BEZIG,
    )
    assert action.school == plan.school and action.dates_edited
    assert "Op de tijdlijn" in text(client.get(timeline))

    client.post(url("actiepunt_status", plan, ap.pk), {"status": "afgerond", "version": ap.version})
    action.refresh_from_db()
    assert action.status == ActionStatus.GEDAAN and action.done_on == timezone.localdate()

    ap.refresh_from_db()
    client.post(url("actiepunt_edit", plan, ap.pk), form_data(client, plan, ap, due_date=""))
    assert not TimelineAction.objects.filter(pk=action.pk).exists()
    client.get(timeline)  # shows the message "Opgeslagen" once
    assert "Op de tijdlijn" not in text(client.get(timeline))


def test_the_timeline_leaves_changing_an_actiepunt_to_the_plan(client_for, kartrekker, plan, ap):
    """One place changes an actiepunt, so the plan and the timeline never disagree."""
    client = client_for(kartrekker)
    action = ap.timeline_action
    plan_url = reverse("actieplan_detail", args=[plan.school.slug, plan.pk])
    assert action.managed_url == f"{plan_url}#actiepunt-{ap.pk}"
    page = text(client.get(reverse("timeline", args=[plan.school.slug])))
    assert action.managed_url in page
    assert reverse("timeline_action_status", args=[plan.school.slug, action.pk]) not in page

    for name, data in (
        ("timeline_action_status", {"status": "gedaan"}),
        ("timeline_action_edit", {}),
    ):
        response = client.post(reverse(name, args=[plan.school.slug, action.pk]), data)
        assert response.status_code == 302 and response["Location"] == action.managed_url
    action.refresh_from_db()
    ap.refresh_from_db()
    assert action.status == ActionStatus.BEZIG and ap.status == Status.BEZIG


def test_a_new_actiepunt_without_a_deadline_stays_off_the_timeline(client_for, kartrekker, plan):
    client_for(kartrekker).post(
        url("actiepunt_add", plan), {"section": "kennisontwikkeling", "title": "Zonder datum"}
    )
    actiepunt = plan.actiepunten.get(title="Zonder datum")
    assert actiepunt.timeline_action is None
    assert not TimelineAction.objects.filter(title="Zonder datum").exists()


def test_updates_keep_their_author_name_when_the_account_goes(client_for, werkgroeplid, plan, ap):
    client_for(werkgroeplid).post(url("update_add", plan, ap.pk), {"text": "Blijft staan"})
    update = Update.objects.get(text="Blijft staan")
    assert update.author_name == werkgroeplid.full_name
