"""Step 1: each participant alone fills in the gespreksformulier (Bijlage 5)."""

import pytest

from ontwikkelmodel.models import IndividualAnswer, Participant
from tests.ontwikkelmodel.rondes_support import (
    accents,
    answers_data,
    current_ronde,
    field,
    open_joint,
    url,
)


@pytest.fixture
def ronde(zonnebloem):
    return current_ronde(zonnebloem)


@pytest.fixture
def me(ronde, kartrekker):
    return ronde.participants.get(user=kartrekker)


@pytest.fixture
def client(client_for, kartrekker):
    return client_for(kartrekker)


def stored(participant) -> dict:
    return {
        a.accent.code: (a.groeifase, a.strengths, a.goal, a.priority)
        for a in IndividualAnswer.objects.filter(participant=participant).select_related("accent")
    }


def post(client, ronde, me, answers=None, version=None, **extra):
    version = me.version if version is None else version
    return client.post(
        url("ronde_individual", ronde), answers_data(ronde, version, answers, **extra)
    )


GOALS = {
    "missie-en-visie": {"groeifase": 2, "goal": "TSO in de visie", "priority": 1},
    "faciliteiten": {"groeifase": 3, "goal": "Tijd voor de werkgroep", "priority": 2},
    "inrichting": {"groeifase": 1, "strengths": "Rustige hoeken"},
}


def test_the_form_shows_every_accent_with_its_descriptors(client, ronde):
    response = client.get(url("ronde_individual", ronde))
    content = response.content.decode()
    assert response.status_code == 200
    for accent in accents(ronde).values():
        assert accent.name.replace("/", "/") in content
        for descriptor in accent.descriptors.all():
            assert descriptor.text.replace("'", "&#x27;") in content
    assert content.count("Geen inschatting") == 15
    assert "Schrijf geen namen of gegevens van leerlingen op." in content
    assert "Concept opslaan" in content and "Inleveren" in content


def test_draft_is_saved_not_submitted(client, ronde, me):
    response = post(client, ronde, me, GOALS, draft="1")
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.submitted_at is None and me.saved_at is not None
    assert me.version == 1
    assert stored(me) == {
        "missie-en-visie": (2, "", "TSO in de visie", 1),
        "faciliteiten": (3, "", "Tijd voor de werkgroep", 2),
        "inrichting": (1, "Rustige hoeken", "", None),
    }
    page = client.get(url("ronde_individual", ronde)).content.decode()
    assert "Laatst opgeslagen om" in page
    assert "nog bezig" in page
    assert 'value="TSO in de visie"' not in page  # a textarea, not an input
    assert "TSO in de visie</textarea>" in page


def test_submit_hands_in_and_can_still_be_changed_before_the_joint_step(client, ronde, me):
    response = post(client, ronde, me, GOALS, submit="1")
    assert response.status_code == 302
    assert response["Location"] == url("ronde_detail", ronde)
    me.refresh_from_db()
    assert me.submitted_at is not None
    changed = {**GOALS, "inrichting": {"groeifase": 2}}
    assert post(client, ronde, me, changed, draft="1").status_code == 302
    assert stored(me)["inrichting"] == (2, "", "", None)
    me.refresh_from_db()
    assert me.submitted_at is not None  # saving changes keeps it handed in


def test_an_empty_form_may_be_submitted(client, ronde, me):
    assert post(client, ronde, me, submit="1").status_code == 302
    me.refresh_from_db()
    assert me.submitted_at is not None
    assert stored(me) == {}


def assert_refused(response, me, *messages, kept=()):
    content = response.content.decode()
    assert response.status_code == 400
    for message in messages:
        assert message in content, message
    for text in kept:
        assert text in content, text
    assert "niets is opgeslagen" in content or "er is niets opgeslagen" in content
    me.refresh_from_db()
    assert me.version == 0 and me.submitted_at is None
    assert stored(me) == {}


def test_a_rank_used_twice_is_refused_with_the_input_kept(client, ronde, me):
    answers = {
        **GOALS,
        "faciliteiten": {"groeifase": 3, "goal": "Tijd voor de werkgroep", "priority": 1},
    }
    response = post(client, ronde, me, answers, submit="1")
    assert_refused(
        response,
        me,
        "Prioriteit 1 is al gegeven aan ‘Missie en visie’",
        kept=["TSO in de visie</textarea>", "Tijd voor de werkgroep</textarea>"],
    )
    content = response.content.decode()
    # The error summary links to the field; the field says what is wrong.
    priority = field(ronde, "faciliteiten", "priority")
    assert f'href="#id_{priority}"' in content
    assert f'id="id_{priority}_error"' in content
    assert 'aria-invalid="true"' in content
    # The groeifase choice is kept too.
    groeifase = field(ronde, "faciliteiten", "groeifase")
    assert f'id="id_{groeifase}_3" value="3" checked' in content


@pytest.mark.parametrize("rank", ["0", "6", "-1", "99999999999999999999", "één"])
def test_a_rank_outside_1_to_5_is_refused(client, ronde, me, rank):
    answers = {**GOALS, "missie-en-visie": {"goal": "TSO in de visie", "priority": rank}}
    response = post(client, ronde, me, answers, submit="1")
    assert_refused(response, me, "Kies een prioriteit van 1 (hoogste) tot en met 5.")


def test_more_than_five_ranked_goals_are_refused(client, ronde, me):
    codes = list(accents(ronde))[:6]
    answers = {code: {"goal": f"Doel {n}", "priority": n} for n, code in enumerate(codes, 1)}
    response = post(client, ronde, me, answers, submit="1")
    assert_refused(
        response, me, "Kies een prioriteit van 1 (hoogste) tot en met 5.", kept=["Doel 6"]
    )


def test_a_priority_needs_a_goal(client, ronde, me):
    answers = {"missie-en-visie": {"groeifase": 2, "priority": 1}}
    response = post(client, ronde, me, answers, submit="1")
    assert_refused(
        response, me, "Schrijf eerst een ontwikkeldoel op; alleen een doel krijgt een prioriteit."
    )


@pytest.mark.parametrize("fase", ["0", "5", "x"])
def test_a_groeifase_outside_1_to_4_is_refused(client, ronde, me, fase):
    response = post(client, ronde, me, {"missie-en-visie": {"groeifase": fase}}, submit="1")
    assert_refused(response, me, "Kies groeifase 1, 2, 3 of 4, of ‘geen inschatting’.")


def test_huge_text_gets_a_field_error_not_a_500(client, ronde, me):
    answers = {"missie-en-visie": {"strengths": "x" * 4001}}
    response = post(client, ronde, me, answers, submit="1")
    assert_refused(response, me, "Dit is te lang: hoogstens 4000 tekens (nu 4001).")


def test_html_is_stored_as_typed_and_shown_escaped(client, client_for, ronde, me, schoolleider):
    evil = '<script>alert("x")</script> & <b>vet</b>'
    answers = {"missie-en-visie": {"goal": evil, "priority": 1}}
    assert post(client, ronde, me, answers, submit="1").status_code == 302
    assert stored(me)["missie-en-visie"][2] == evil
    content = client.get(url("ronde_individual", ronde)).content.decode()
    assert "<script>alert" not in content
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;vet&lt;/b&gt;" in content
    )
    open_joint(ronde)
    joint = client_for(schoolleider).get(url("ronde_joint", ronde)).content.decode()
    assert "<script>alert" not in joint
    assert "&lt;script&gt;" in joint


def test_two_accents_may_swap_their_ranks(client, ronde, me):
    assert post(client, ronde, me, GOALS, draft="1").status_code == 302
    me.refresh_from_db()
    swapped = {
        **GOALS,
        "missie-en-visie": {**GOALS["missie-en-visie"], "priority": 2},
        "faciliteiten": {**GOALS["faciliteiten"], "priority": 1},
    }
    assert post(client, ronde, me, swapped, draft="1").status_code == 302
    assert stored(me)["missie-en-visie"][3] == 2
    assert stored(me)["faciliteiten"][3] == 1


def test_a_save_in_another_tab_is_never_overwritten(client, ronde, me):
    # Both tabs opened the form at version 0; the first one saves.
    assert post(client, ronde, me, GOALS, version=0, draft="1").status_code == 302
    other = {"missie-en-visie": {"groeifase": 4, "goal": "Mijn andere tekst", "priority": 1}}
    response = post(client, ronde, me, other, version=0, draft="1")
    content = response.content.decode()
    assert response.status_code == 409
    assert "in een ander tabblad of venster opgeslagen" in content
    assert "Mijn andere tekst</textarea>" in content  # the input is kept
    assert "Missie en visie · Groeifase" in content  # what differs, side by side
    assert stored(me)["missie-en-visie"] == (2, "", "TSO in de visie", 1)
    # The page now carries the newest version: saving again is a choice, and works.
    me.refresh_from_db()
    assert f'name="version" value="{me.version}"' in content
    assert post(client, ronde, me, other, version=me.version, draft="1").status_code == 302
    assert stored(me) == {"missie-en-visie": (4, "", "Mijn andere tekst", 1)}


def test_a_stale_tab_with_the_same_answers_just_saves(client, ronde, me):
    assert post(client, ronde, me, GOALS, version=0, draft="1").status_code == 302
    assert post(client, ronde, me, GOALS, version=0, submit="1").status_code == 302
    me.refresh_from_db()
    assert me.submitted_at is not None


def test_after_the_joint_step_opened_the_answers_are_read_only(client, ronde, me):
    assert post(client, ronde, me, GOALS, submit="1").status_code == 302
    open_joint(ronde)
    me.refresh_from_db()
    page = client.get(url("ronde_individual", ronde))
    content = page.content.decode()
    assert page.status_code == 200
    assert "<textarea" not in content and "Inleveren" not in content
    assert "TSO in de visie" in content
    assert "geen inschatting" in content
    response = post(client, ronde, me, {"missie-en-visie": {"groeifase": 4}}, submit="1")
    assert response.status_code == 409
    assert "je eigen antwoorden liggen nu vast" in response.content.decode()
    assert stored(me)["missie-en-visie"] == (2, "", "TSO in de visie", 1)
    assert Participant.objects.get(pk=me.pk).version == me.version
