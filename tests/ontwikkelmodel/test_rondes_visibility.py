"""Who sees which ronde, form and answers, per role and step (Bijlage 5, issue 5)."""

import pytest
from django.urls import reverse

from ontwikkelmodel.rondes import close_ronde
from tests.ontwikkelmodel.rondes_support import (
    closed_ronde,
    current_ronde,
    open_joint,
    url,
    user,
)

TEAMLID = "anouk.peters@zonnebloem.example"
WERKGROEP_GOAL = "Een ouderavond over wat stress met kinderen doet."


@pytest.fixture
def ronde(zonnebloem):
    return current_ronde(zonnebloem)


def participant(ronde, email):
    return ronde.participants.get(user__email=email)


# The list -------------------------------------------------------------------------


def test_list_shows_steps_progress_and_the_button_for_leads(client_for, kartrekker, zonnebloem):
    response = client_for(kartrekker).get(reverse("ronde_list", args=[zonnebloem.slug]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Module 4" in content and "Nulmeting" in content
    assert "3 van 4 ingeleverd" in content
    assert "Individuele stap" in content and "Afgesloten" in content
    assert "Nieuwe ronde" in content
    assert reverse("ronde_individual", args=[zonnebloem.slug, current_ronde(zonnebloem).pk]) in (
        content
    )


def test_list_without_the_button_for_werkgroep(client_for, werkgroeplid, zonnebloem):
    content = client_for(werkgroeplid).get(reverse("ronde_list", args=[zonnebloem.slug]))
    assert "Nieuwe ronde" not in content.content.decode()


def test_board_member_sees_only_closed_rondes(client_for, bestuurslid, zonnebloem):
    client = client_for(bestuurslid)
    content = client.get(reverse("ronde_list", args=[zonnebloem.slug])).content.decode()
    assert "Nulmeting" in content
    assert "Module 4" not in content
    assert "Nieuwe ronde" not in content
    ronde = current_ronde(zonnebloem)
    for name in ("ronde_detail", "ronde_joint", "ronde_follow_up", "ronde_history"):
        assert client.get(url(name, ronde)).status_code in (403, 404), name
    assert client.get(url("ronde_detail", ronde)).status_code == 404


def test_list_query_count_does_not_grow_with_rondes(
    client_for, kartrekker, zonnebloem, django_assert_num_queries
):
    client = client_for(kartrekker)
    list_url = reverse("ronde_list", args=[zonnebloem.slug])
    client.get(list_url)
    # session, user, access, rondes with their progress
    with django_assert_num_queries(4):
        client.get(list_url)


# The detail page ---------------------------------------------------------------------


def test_detail_in_individual_step_shows_who_submitted_but_no_answers(
    client_for, kartrekker, ronde
):
    response = client_for(kartrekker).get(url("ronde_detail", ronde))
    content = response.content.decode()
    assert response.status_code == 200
    for name in ("Ilse Mulder", "Sanne de Vries", "Wendy Jansen", "Karim El Amrani"):
        assert name in content
    assert content.count("✓ </span>ingeleverd") == 3
    assert "nog niet begonnen" in content
    assert WERKGROEP_GOAL not in content
    assert "Gezamenlijke stap openen" in content
    assert "/deelnemers/" not in content  # no links to anyone's answers yet


def test_detail_shows_a_draft_as_nog_bezig(client_for, kartrekker, ronde):
    me = participant(ronde, kartrekker.email)
    from django.utils import timezone

    me.saved_at = timezone.now()
    me.save()
    content = client_for(kartrekker).get(url("ronde_detail", ronde)).content.decode()
    assert "nog bezig" in content


def test_werkgroep_cannot_open_the_joint_step(client_for, werkgroeplid, ronde):
    client = client_for(werkgroeplid)
    assert "Gezamenlijke stap openen" not in client.get(url("ronde_detail", ronde)).content.decode()
    response = client.post(url("ronde_step", ronde), {"action": "open_joint", "confirm": "1"})
    assert response.status_code == 403
    ronde.refresh_from_db()
    assert ronde.is_individual


def test_board_sees_the_agreed_result_of_a_closed_ronde_only(client_for, bestuurslid, zonnebloem):
    ronde = closed_ronde(zonnebloem)
    client = client_for(bestuurslid)
    content = client.get(url("ronde_detail", ronde)).content.decode()
    assert "Gezamenlijke uitkomst" in content
    assert "Samen dezelfde woorden gaan gebruiken voor stress." in content  # an agreed next step
    assert "/deelnemers/" not in content
    assert "ingeleverd" not in content
    assert "Geschiedenis" not in content
    follow_up = client.get(url("ronde_follow_up", ronde))
    assert follow_up.status_code == 200
    assert "In elke bouwvergadering" in follow_up.content.decode()
    assert "<textarea" not in follow_up.content.decode()
    for participant_ in ronde.participants.all():
        answers_url = url("ronde_participant_answers", ronde, participant_.pk)
        assert client.get(answers_url).status_code == 403
    assert client.get(url("ronde_individual", ronde)).status_code == 403
    assert client.get(url("ronde_joint", ronde)).status_code == 403
    assert client.post(url("ronde_follow_up", ronde), {"version": "0"}).status_code == 403


# My own form ---------------------------------------------------------------------------


def test_only_participants_open_my_form(client_for, ronde):
    assert client_for(user(TEAMLID)).get(url("ronde_individual", ronde)).status_code == 403
    assert (
        client_for(user("trainer@example.org")).get(url("ronde_individual", ronde)).status_code
        == 403
    )
    assert (
        client_for(user("kartrekker@zonnebloem.example"))
        .get(url("ronde_individual", ronde))
        .status_code
        == 200
    )


# One participant's answers ---------------------------------------------------------------


def test_answers_are_private_until_the_joint_step(client_for, ronde):
    werkgroep = participant(ronde, "werkgroep@zonnebloem.example")
    answers_url = url("ronde_participant_answers", ronde, werkgroep.pk)
    own = client_for(user("werkgroep@zonnebloem.example")).get(answers_url)
    assert own.status_code == 200
    assert WERKGROEP_GOAL in own.content.decode()
    for email in (
        "schoolleider@zonnebloem.example",
        "kartrekker@zonnebloem.example",
        "trainer@zonnebloem.example",
        TEAMLID,
    ):
        assert client_for(user(email)).get(answers_url).status_code == 403, email


def test_after_the_joint_step_participants_and_leads_see_answers(client_for, ronde):
    open_joint(ronde)
    werkgroep = participant(ronde, "werkgroep@zonnebloem.example")
    answers_url = url("ronde_participant_answers", ronde, werkgroep.pk)
    for email in (
        "schoolleider@zonnebloem.example",
        "kartrekker@zonnebloem.example",
        "trainer@zonnebloem.example",
    ):
        response = client_for(user(email)).get(answers_url)
        assert response.status_code == 200, email
        assert WERKGROEP_GOAL in response.content.decode()
    # A teamlid who did not take part, and an outside trainer of last year, do not.
    assert client_for(user(TEAMLID)).get(answers_url).status_code == 403
    assert client_for(user("trainer@example.org")).get(answers_url).status_code == 403


def test_answers_of_a_participant_of_another_ronde_are_404(client_for, schoolleider, zonnebloem):
    ronde = current_ronde(zonnebloem)
    other = closed_ronde(zonnebloem).participants.first()
    response = client_for(schoolleider).get(url("ronde_participant_answers", ronde, other.pk))
    assert response.status_code == 404


# The joint page ------------------------------------------------------------------------


def test_joint_page_is_closed_during_the_individual_step(client_for, ronde):
    for email in ("kartrekker@zonnebloem.example", "schoolleider@zonnebloem.example"):
        assert client_for(user(email)).get(url("ronde_joint", ronde)).status_code == 403


def test_joint_page_after_opening(client_for, ronde):
    open_joint(ronde)
    for email in (
        "kartrekker@zonnebloem.example",
        "schoolleider@zonnebloem.example",
        "werkgroep@zonnebloem.example",
        "trainer@zonnebloem.example",
    ):
        assert client_for(user(email)).get(url("ronde_joint", ronde)).status_code == 200, email
    assert client_for(user(TEAMLID)).get(url("ronde_joint", ronde)).status_code == 403
    assert client_for(user("trainer@example.org")).get(url("ronde_joint", ronde)).status_code == (
        403
    )


def test_a_closed_ronde_is_readable_by_teamleden(client_for, ronde, kartrekker):
    open_joint(ronde)
    ronde.joint_answers.create(accent=ronde.version.groeilagen.first().accents.first(), groeifase=2)
    close_ronde(ronde, kartrekker)
    client = client_for(user(TEAMLID))
    assert client.get(url("ronde_detail", ronde)).status_code == 200
    assert client.get(url("ronde_follow_up", ronde)).status_code == 200
    assert client.get(url("ronde_history", ronde)).status_code == 200
    assert client.get(url("ronde_joint", ronde)).status_code == 403


# The dashboard card ------------------------------------------------------------------------


def test_dashboard_asks_a_participant_to_fill_in_the_form(client_for, kartrekker, zonnebloem):
    content = client_for(kartrekker).get(zonnebloem.get_absolute_url()).content.decode()
    assert "Vul je gespreksformulier in vóór" in content
    assert url("ronde_individual", current_ronde(zonnebloem)) in content


def test_dashboard_shows_progress_to_who_submitted(client_for, werkgroeplid, zonnebloem):
    content = client_for(werkgroeplid).get(zonnebloem.get_absolute_url()).content.decode()
    assert "Vul je gespreksformulier in" not in content
    assert "Ieder vult alleen in: 3 van 4 ingeleverd" in content


def test_dashboard_shows_the_board_the_latest_closed_ronde(client_for, bestuurslid, zonnebloem):
    content = client_for(bestuurslid).get(zonnebloem.get_absolute_url()).content.decode()
    assert "Nulmeting" in content and "Afgesloten; samen besproken op" in content
    assert "Module 4" not in content


def test_dashboard_without_rondes(client_for, kompas):
    leader = kompas.memberships.filter(schoolleider=True).select_related("user").first().user
    content = client_for(leader).get(kompas.get_absolute_url()).content.decode()
    assert "Nog geen ronde met het gespreksformulier." in content
