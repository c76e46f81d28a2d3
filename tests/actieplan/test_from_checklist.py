"""Agreements of the leader checklist become actiepunten under Richting geven, linked back."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actieplan.links import checklist_label, matched_members
from actieplan.models import Actiepunt, Section
from actieplan.periods import current_plan
from ontwikkelmodel.models import ChecklistAgreement, ChecklistRound
from schools.models import User

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, plan, *args):
    return reverse(name, args=[plan.school.slug, plan.pk, *args])


@pytest.fixture
def plan(zonnebloem):
    return current_plan(zonnebloem, timezone.localdate())


@pytest.fixture
def checklist_round(zonnebloem):
    return zonnebloem.checklist_rounds.get(closed_at__isnull=False)


def from_agreement(agreement):
    return Actiepunt.objects.filter(origin_id=agreement.pk, origin_type__model="checklistagreement")


def test_the_page_lists_the_agreements(client_for, kartrekker, plan, checklist_round):
    response = client_for(kartrekker).get(url("actieplan_from_checklist", plan))

    assert response.status_code == 200
    page = response.content.decode()
    assert checklist_round.title in page
    for agreement in checklist_round.agreements.all():
        assert f'id="afspraak-{agreement.pk}"' in page
    assert "staat al in het plan" not in page


def test_one_click_makes_an_actiepunt_under_richting_geven(
    client_for, schoolleider, plan, checklist_round, zonnebloem
):
    agreement = checklist_round.agreements.get(who="Marco Dekker en de kartrekker")

    response = client_for(schoolleider).post(
        url("actieplan_from_checklist", plan), {"agreement": agreement.pk}
    )

    assert response.status_code == 302
    actiepunt = from_agreement(agreement).get()
    assert actiepunt.actieplan == plan
    assert actiepunt.section == Section.RICHTING_GEVEN
    assert actiepunt.title == agreement.what
    assert actiepunt.due_date == agreement.when
    assert actiepunt.origin == agreement  # the link back to the agreement, so to its round
    assert actiepunt.origin.round == checklist_round
    assert actiepunt.origin_label == checklist_round.title  # "Checklist leidinggevenden <maand>"
    assert [m.user.email for m in actiepunt.responsible.all()] == ["mt1@zonnebloem.example"]
    assert actiepunt.timeline_action is not None  # dated, so on the school's timeline


def test_a_second_click_makes_nothing_new(client_for, schoolleider, plan, checklist_round):
    agreement = checklist_round.agreements.first()
    client = client_for(schoolleider)
    client.post(url("actieplan_from_checklist", plan), {"agreement": agreement.pk})

    again = client.post(
        url("actieplan_from_checklist", plan), {"agreement": agreement.pk}, follow=True
    )

    assert from_agreement(agreement).count() == 1
    assert "Deze afspraak staat al in het plan." in again.content.decode()
    page = client.get(url("actieplan_from_checklist", plan)).content.decode()
    assert page.count("staat al in het plan") == 1


def test_with_htmx_the_row_answers(client_for, kartrekker, plan, checklist_round):
    agreement = checklist_round.agreements.first()

    response = client_for(kartrekker).post(
        url("actieplan_from_checklist", plan), {"agreement": agreement.pk}, **HTMX
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert "staat al in het plan" in page
    assert f"#actiepunt-{from_agreement(agreement).get().pk}" in page


def test_a_deleted_actiepunt_can_be_made_again(client_for, kartrekker, plan, checklist_round):
    agreement = checklist_round.agreements.first()
    client = client_for(kartrekker)
    client.post(url("actieplan_from_checklist", plan), {"agreement": agreement.pk})
    from_agreement(agreement).update(deleted_at=timezone.now())

    client.post(url("actieplan_from_checklist", plan), {"agreement": agreement.pk})

    assert from_agreement(agreement).filter(deleted_at__isnull=True).count() == 1


def test_bad_or_foreign_agreements_are_refused(client_for, kartrekker, plan, kompas):
    kompas_round = kompas.checklist_rounds.get()
    foreign = ChecklistAgreement.objects.create(round=kompas_round, what="Kompas", who="Peter Kok")
    client = client_for(kartrekker)

    assert client.post(url("actieplan_from_checklist", plan), {"agreement": "x"}).status_code == 400
    assert client.post(url("actieplan_from_checklist", plan), {}).status_code == 400
    assert (
        client.post(url("actieplan_from_checklist", plan), {"agreement": foreign.pk}).status_code
        == 404
    )
    assert not from_agreement(foreign).exists()


def test_only_rounds_the_user_may_see(client_for, werkgroeplid, plan, checklist_round):
    """A werkgroeplid edits the plan, but does not see the management's checklist."""
    response = client_for(werkgroeplid).get(url("actieplan_from_checklist", plan))

    assert response.status_code == 200
    page = response.content.decode()
    assert checklist_round.title not in page
    agreement = checklist_round.agreements.first()
    assert (
        client_for(werkgroeplid)
        .post(url("actieplan_from_checklist", plan), {"agreement": agreement.pk})
        .status_code
        == 404
    )


def test_the_board_does_not_edit_the_plan(client_for, bestuurslid, plan, checklist_round):
    checklist_round.share_team_result_with_board = True
    checklist_round.save()

    assert client_for(bestuurslid).get(url("actieplan_from_checklist", plan)).status_code == 403


def test_the_current_plan_shortcut(client_for, kartrekker, plan, kompas):
    response = client_for(kartrekker).get(
        reverse("actieplan_from_checklist_current", args=[plan.school.slug])
    )
    assert response.status_code == 302
    assert response["Location"] == url("actieplan_from_checklist", plan)
    kompas_leader = User.objects.get(email="schoolleider@kompas.example")
    response = client_for(kompas_leader).get(
        reverse("actieplan_from_checklist_current", args=[kompas.slug])
    )
    assert response["Location"] == reverse("actieplan_current", args=[kompas.slug])


def test_the_page_costs_the_same_with_many_agreements(client_for, kartrekker, plan, zonnebloem):
    client = client_for(kartrekker)
    path = url("actieplan_from_checklist", plan)
    client.get(path)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    before = count()
    extra = ChecklistRound.objects.create(
        school=zonnebloem, version=zonnebloem.checklist_rounds.first().version, title="Nog een"
    )
    ChecklistAgreement.objects.bulk_create(
        ChecklistAgreement(round=extra, what=f"Afspraak {i}", who="Sanne", order=i)
        for i in range(12)
    )
    client.post(path, {"agreement": extra.agreements.first().pk})
    assert count() == before


def test_labels_and_names():
    class Round:
        title = "MT voorjaar"

    assert checklist_label(Round) == "Checklist leidinggevenden MT voorjaar"
    Round.title = "Checklist leidinggevenden mei 2026"
    assert checklist_label(Round) == "Checklist leidinggevenden mei 2026"


def test_names_in_who_are_matched_as_whole_names(zonnebloem):
    found = matched_members(zonnebloem, "Sanne de Vries, Marco Dekker en de kartrekker")
    assert sorted(m.user.email for m in found) == [
        "mt1@zonnebloem.example",
        "schoolleider@zonnebloem.example",
    ]
    assert matched_members(zonnebloem, "Sanne de Vriesje") == []
    assert matched_members(zonnebloem, "") == []


def test_the_plan_links_to_the_agreements_under_richting_geven(client_for, kartrekker, plan):
    page = client_for(kartrekker).get(url("actieplan_detail", plan)).content.decode()

    assert url("actieplan_from_checklist", plan) in page
