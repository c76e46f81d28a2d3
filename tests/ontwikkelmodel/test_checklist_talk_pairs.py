"""Step 1 of the conversation: dividing pairs, and notes that belong to the pair only."""

import pytest
from django.utils import timezone

from ontwikkelmodel.models import ChecklistNote
from tests.ontwikkelmodel.checklist_support import closed_round, open_round
from tests.ontwikkelmodel.checklist_talk_support import (
    HTMX,
    LOTTE,
    MARCO,
    SANNE,
    WENDY,
    make_four,
    notes_data,
    pair_questions,
    url,
    user,
)

SANNE_NOTE = "Sanne-en-Marco: over de vacaturetekst wil ik het nog hebben."
LOTTE_NOTE = "Lotte-en-Wendy: het inwerkplan mist nog TSO."


@pytest.fixture
def four(zonnebloem):
    return make_four(zonnebloem)


def pairs_of(checklist_round) -> dict[str, int | None]:
    return {p.user.email: p.pair for p in checklist_round.participants.select_related("user")}


def pairs_data(checklist_round, pairs: dict[str, object]) -> dict:
    return {
        f"pair-{p.pk}": str(pairs.get(p.user.email) or "")
        for p in checklist_round.participants.select_related("user")
    }


# --- Dividing pairs ----------------------------------------------------------------------


def test_the_schoolleider_divides_the_pairs(client_for, four):
    client = client_for(user(SANNE))
    wanted = {SANNE: 1, LOTTE: 1, MARCO: 2, WENDY: 2}

    response = client.post(url("checklist_pairs", four), pairs_data(four, wanted))

    assert response.status_code == 302
    assert pairs_of(four) == wanted


def test_a_new_round_gets_a_proposal_that_is_not_saved(client_for, kompas):
    checklist_round = open_round(kompas)
    checklist_round.participants.update(pair=None)

    response = client_for(user("schoolleider@kompas.example")).get(
        url("checklist_pairs", checklist_round)
    )

    assert response.status_code == 200
    assert "Hieronder staat een voorstel" in response.content.decode()
    assert set(pairs_of(checklist_round).values()) == {None}


def test_only_the_schoolleider_divides_pairs(client_for, four, kartrekker, bestuurslid):
    for person in (user(MARCO), kartrekker):
        assert client_for(person).get(url("checklist_pairs", four)).status_code == 403
        assert client_for(person).post(url("checklist_pairs", four), {}).status_code == 403
    assert client_for(bestuurslid).get(url("checklist_pairs", four)).status_code in (403, 404)


def test_a_group_of_three_only_with_an_odd_number(client_for, four):
    client = client_for(user(SANNE))

    response = client.post(
        url("checklist_pairs", four), pairs_data(four, {SANNE: 1, MARCO: 1, LOTTE: 1, WENDY: 2})
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "Een groepje van drie kan alleen bij een oneven aantal deelnemers" in page
    assert "Tweetal 2 heeft maar één deelnemer" in page
    assert pairs_of(four) == {SANNE: 1, MARCO: 1, LOTTE: 2, WENDY: 2}  # unchanged


def test_three_together_is_fine_when_odd(client_for, zonnebloem, four):
    four.participants.filter(user__email=WENDY).delete()

    response = client_for(user(SANNE)).post(
        url("checklist_pairs", four), pairs_data(four, {SANNE: 1, MARCO: 1, LOTTE: 1})
    )

    assert response.status_code == 302
    assert pairs_of(four) == {SANNE: 1, MARCO: 1, LOTTE: 1}


def test_a_pair_number_out_of_range_is_refused(client_for, four):
    data = pairs_data(four, {SANNE: 1, MARCO: 1, LOTTE: 2, WENDY: 2})
    data[next(iter(data))] = "99"

    response = client_for(user(SANNE)).post(url("checklist_pairs", four), data)

    assert response.status_code == 422
    assert "Kies een tweetal uit de lijst." in response.content.decode()


def test_a_pair_that_wrote_notes_stays_together(client_for, four):
    question = pair_questions(four)[0]
    client_for(user(SANNE)).post(
        url("checklist_pair_notes", four), notes_data([question], {question: SANNE_NOTE})
    )

    response = client_for(user(SANNE)).post(
        url("checklist_pairs", four), pairs_data(four, {SANNE: 1, LOTTE: 1, MARCO: 2, WENDY: 2})
    )

    assert response.status_code == 422
    assert "Tweetal 1 heeft al notities gemaakt" in response.content.decode()
    assert pairs_of(four)[LOTTE] == 2  # Lotte never gets to read what Sanne and Marco wrote


def test_pairs_are_fixed_once_the_round_is_closed(client_for, zonnebloem):
    checklist_round = closed_round(zonnebloem)

    response = client_for(user(SANNE)).post(
        url("checklist_pairs", checklist_round),
        pairs_data(checklist_round, {SANNE: 1, MARCO: 1, LOTTE: None}),
    )

    assert response.status_code == 409
    assert "afgesloten" in response.content.decode()
    assert pairs_of(checklist_round) == {SANNE: 1, MARCO: 1, LOTTE: 1}


# --- Pair notes: private to the pair -----------------------------------------------------


def write(client, checklist_round, text, **extra):
    question = pair_questions(checklist_round)[0]
    return client.post(
        url("checklist_pair_notes", checklist_round),
        notes_data([question], {question: text}),
        **extra,
    )


def test_a_pair_writes_and_both_members_read_it(client_for, four):
    assert write(client_for(user(SANNE)), four, SANNE_NOTE).status_code == 302

    page = client_for(user(MARCO)).get(url("checklist_pair_notes", four)).content.decode()

    assert SANNE_NOTE in page
    note = ChecklistNote.objects.get(round=four, pair=1)
    assert (note.version, note.saved_by) == (1, "Sanne de Vries")


def test_the_other_pair_never_sees_it(client_for, four):
    write(client_for(user(SANNE)), four, SANNE_NOTE)
    write(client_for(user(LOTTE)), four, LOTTE_NOTE)

    for email in (LOTTE, WENDY):
        page = client_for(user(email)).get(url("checklist_pair_notes", four)).content.decode()
        assert LOTTE_NOTE in page
        assert SANNE_NOTE not in page
    page = client_for(user(MARCO)).get(url("checklist_pair_notes", four)).content.decode()
    assert SANNE_NOTE in page
    assert LOTTE_NOTE not in page
    assert set(ChecklistNote.objects.filter(round=four).values_list("pair", "text")) == {
        (1, SANNE_NOTE),
        (2, LOTTE_NOTE),
    }


def test_nobody_outside_the_pair_reads_pair_notes(client_for, four, kartrekker, bestuurslid):
    write(client_for(user(SANNE)), four, SANNE_NOTE)
    four.share_team_result_with_board = True
    four.closed_at = timezone.now()
    four.save()

    assert client_for(kartrekker).get(url("checklist_pair_notes", four)).status_code == 403
    assert client_for(kartrekker).post(url("checklist_pair_notes", four), {}).status_code == 403
    response = client_for(bestuurslid).get(url("checklist_pair_notes", four))
    assert response.status_code in (403, 404)
    assert SANNE_NOTE.encode() not in response.content


def test_the_schoolleider_outside_the_round_does_not_read_pair_notes(client_for, four):
    write(client_for(user(MARCO)), four, SANNE_NOTE)
    four.participants.filter(user__email=SANNE).delete()

    response = client_for(user(SANNE)).get(url("checklist_pair_notes", four))

    assert response.status_code == 403
    assert SANNE_NOTE.encode() not in response.content


def test_a_participant_without_a_pair_is_told_so(client_for, four):
    four.participants.filter(user__email=WENDY).update(pair=None)

    response = client_for(user(WENDY)).get(url("checklist_pair_notes", four))

    assert response.status_code == 200
    assert "Je bent nog niet in een tweetal ingedeeld." in response.content.decode()
    assert write(client_for(user(WENDY)), four, "iets").status_code == 200
    assert not ChecklistNote.objects.filter(round=four).exists()


def test_the_page_shows_my_own_result_beside_the_questions(client_for, kompas):
    checklist_round = open_round(kompas)
    peter = user("schoolleider@kompas.example")

    page = client_for(peter).get(url("checklist_pair_notes", checklist_round)).content.decode()

    assert "Jouw eigen resultaat" in page
    assert url("checklist_personal", checklist_round) in page
    assert url("checklist_personal_pdf", checklist_round) in page


def test_a_second_save_from_an_old_page_is_not_lost(client_for, four):
    """Sanne and Marco both open the page; Sanne saves first. Marco's text is kept."""
    question = pair_questions(four)[0]
    write(client_for(user(SANNE)), four, SANNE_NOTE)

    response = client_for(user(MARCO)).post(
        url("checklist_pair_notes", four),
        notes_data([question], {question: "Marco: mijn eigen versie"}, {question: 0}),
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Marco: mijn eigen versie" in page  # his input stays in the field
    assert SANNE_NOTE in page  # and what is stored now is shown, with who saved it
    assert "Sanne de Vries" in page
    assert ChecklistNote.objects.get(round=four, pair=1).text == SANNE_NOTE
    # Saving again (the page now carries the stored version) keeps Marco's text.
    again = client_for(user(MARCO)).post(
        url("checklist_pair_notes", four),
        notes_data([question], {question: "Marco: mijn eigen versie"}, {question: 1}),
    )
    assert again.status_code == 302
    assert ChecklistNote.objects.get(round=four, pair=1).text == "Marco: mijn eigen versie"


def test_saving_with_htmx_answers_with_the_form_only(client_for, four):
    response = write(client_for(user(SANNE)), four, SANNE_NOTE, **HTMX)

    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert 'id="notities"' in page
    assert "De notities zijn opgeslagen om" in page


def test_too_long_or_hostile_notes(client_for, four):
    too_long = write(client_for(user(SANNE)), four, "x" * 5001)
    assert too_long.status_code == 422
    assert "Dit is te lang: hoogstens 5000 tekens" in too_long.content.decode()
    assert not ChecklistNote.objects.filter(round=four).exists()

    write(client_for(user(SANNE)), four, '<script>alert("x")</script>')
    page = client_for(user(MARCO)).get(url("checklist_pair_notes", four)).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page


def test_notes_are_fixed_once_the_round_is_closed(client_for, zonnebloem):
    checklist_round = closed_round(zonnebloem)
    before = list(ChecklistNote.objects.filter(round=checklist_round).values_list("text"))

    response = write(client_for(user(MARCO)), checklist_round, "Toch nog iets")

    assert response.status_code == 409
    page = response.content.decode()
    assert "Deze ronde is afgesloten" in page
    assert "Toch nog iets" in page  # shown so it can be copied, not saved
    assert list(ChecklistNote.objects.filter(round=checklist_round).values_list("text")) == before
