"""Answering the reflection round: one answer per member, changeable until it closes,
anonymous when the kartrekker chose so, and bad input that never breaks anything."""

import hashlib
import hmac

import pytest
from django.conf import settings
from django.utils import timezone

from phases import werkmomenten as rules
from phases.models import ReflectionAnswer, ReflectionAnswerText, SessionKind, TrainingSession
from tests.phases.werkmoment_support import (
    KARTREKKER,
    TEAMLID,
    add_answers,
    answer_data,
    done_round,
    member,
    open_round,
    reopen,
    user,
    wm_url,
)

TEXTS = ("Het stressbrein", "Hoe praat ik met ouders?", "Time-in oefenen")


def text(response) -> str:
    return response.content.decode()


def my_answer(reflection_round, email):
    school = reflection_round.werkmoment.session.school
    return ReflectionAnswer.objects.filter(
        round=reflection_round,
        respondent_key=rules.respondent_key(reflection_round, member(school, email)),
    ).first()


def test_the_respondent_key_is_a_keyed_hash_of_round_and_membership(zonnebloem):
    reflection_round = open_round(zonnebloem)
    membership = member(zonnebloem, TEAMLID)
    expected = hmac.new(
        settings.SECRET_KEY.encode(),
        f"{reflection_round.pk}:{membership.pk}".encode(),
        hashlib.sha256,
    ).hexdigest()
    assert rules.respondent_key(reflection_round, membership) == expected


def test_the_teamlid_answers_anonymously(zonnebloem, client_for):
    reflection_round = open_round(zonnebloem)
    client = client_for(user(TEAMLID))
    page = text(client.get(wm_url("reflection_answer", reflection_round)))
    assert "de werkgroep ziet wat je schrijft, maar niet dat het van jou is" in page
    assert "Wat is je het meest bijgebleven van de laatste trainingsdag?" in page

    data = _data(reflection_round, TEXTS, topics=["Time-in", "Inrichting van de klas"])
    response = client.post(wm_url("reflection_answer", reflection_round), data, follow=True)
    assert "Dank je wel! Je antwoorden zijn opgeslagen." in text(response)

    answer = my_answer(reflection_round, TEAMLID)
    assert answer.respondent is None
    assert sorted(t.text for t in answer.texts.all()) == sorted(TEXTS)
    assert {t.title for t in answer.topics.all()} == {"Time-in", "Inrichting van de klas"}
    # Only the keyed hash finds the answer again; nothing in the row names the member.
    row = ReflectionAnswer.objects.filter(pk=answer.pk).values().get()
    assert row["respondent_id"] is None
    assert row["respondent_key"] == rules.respondent_key(
        reflection_round, member(zonnebloem, TEAMLID)
    )


def _data(reflection_round, texts, topics=(), version=None):
    return answer_data(reflection_round, texts, topics, version)


def test_in_a_named_round_the_answer_carries_the_member(zonnebloem, client_for):
    reflection_round = reopen(done_round(zonnebloem))
    client_for(user(TEAMLID)).post(
        wm_url("reflection_answer", reflection_round), _data(reflection_round, TEXTS)
    )
    answer = my_answer(reflection_round, TEAMLID)
    assert answer.respondent == member(zonnebloem, TEAMLID)


def test_one_answer_per_member_changed_until_the_round_closes(zonnebloem, client_for):
    reflection_round = open_round(zonnebloem)
    client = client_for(user(TEAMLID))
    before = reflection_round.answers.count()
    client.post(wm_url("reflection_answer", reflection_round), _data(reflection_round, TEXTS))
    answer = my_answer(reflection_round, TEAMLID)
    assert answer.version == 1

    page = text(client.get(wm_url("reflection_answer", reflection_round)))
    assert "Het stressbrein" in page and "Wijzigingen opslaan" in page
    client.post(
        wm_url("reflection_answer", reflection_round),
        _data(reflection_round, ["Iets anders", "", ""], topics=["Time-in"], version=1),
    )
    assert reflection_round.answers.count() == before + 1
    answer.refresh_from_db()
    assert answer.version == 2
    assert [t.text for t in answer.texts.order_by("question__order")] == ["Iets anders", "", ""]
    assert [t.title for t in answer.topics.all()] == ["Time-in"]

    rules.close_round(reflection_round)
    response = client.post(
        wm_url("reflection_answer", reflection_round),
        _data(reflection_round, ["Te laat"], version=2),
    )
    assert response.status_code == 400
    assert "Deze reflectieronde is gesloten: je antwoord is niet gewijzigd." in text(response)
    assert "Iets anders" in text(response)  # the own answer, read-only
    assert not ReflectionAnswerText.objects.filter(answer=answer, text="Te laat").exists()


def test_a_round_past_its_closing_day_takes_no_answers(zonnebloem, client_for):
    reflection_round = done_round(zonnebloem)
    reflection_round.closed_at = None
    reflection_round.save(update_fields=["closed_at"])  # only closes_on lies in the past
    response = client_for(user(TEAMLID)).post(
        wm_url("reflection_answer", reflection_round), _data(reflection_round, TEXTS)
    )
    assert response.status_code == 400
    assert my_answer(reflection_round, TEAMLID) is None


def test_an_answer_changed_elsewhere_is_not_overwritten_silently(zonnebloem, client_for):
    reflection_round = open_round(zonnebloem)
    phone, laptop = client_for(user(TEAMLID)), client_for(user(TEAMLID))
    url = wm_url("reflection_answer", reflection_round)
    phone.post(url, _data(reflection_round, ["Vanaf de telefoon"]))
    phone.post(url, _data(reflection_round, ["Tweede versie"], version=1))

    # The laptop opened the form when version 1 was stored.
    response = laptop.post(url, _data(reflection_round, ["Vanaf de laptop"], version=1))
    page = text(response)
    assert response.status_code == 409
    assert "Je antwoorden zijn intussen ergens anders aangepast" in page
    assert "Vanaf de laptop" in page and "Tweede versie" in page
    answer = my_answer(reflection_round, TEAMLID)
    assert answer.texts.get(question__order=1).text == "Tweede versie"

    # The same text sent twice (a lost response, a double tap) is no conflict.
    again = laptop.post(url, _data(reflection_round, ["Tweede versie"], version=1))
    assert again.status_code == 302


def test_an_empty_answer_asks_for_something_and_keeps_the_form(zonnebloem, client_for):
    reflection_round = open_round(zonnebloem)
    response = client_for(user(TEAMLID)).post(
        wm_url("reflection_answer", reflection_round), _data(reflection_round, ["  ", "\r\n", ""])
    )
    assert response.status_code == 400
    assert "Vul minstens één vraag in of teken in op een onderwerp." in text(response)
    assert my_answer(reflection_round, TEAMLID) is None


def test_only_a_topic_is_enough(zonnebloem, client_for):
    reflection_round = open_round(zonnebloem)
    response = client_for(user(TEAMLID)).post(
        wm_url("reflection_answer", reflection_round),
        _data(reflection_round, [], topics=["Een kernbegrip herhalen"]),
    )
    assert response.status_code == 302
    answer = my_answer(reflection_round, TEAMLID)
    assert [t.text for t in answer.texts.all()] == ["", "", ""]


def test_twenty_thousand_characters_fit_and_one_more_does_not(zonnebloem, client_for):
    reflection_round = open_round(zonnebloem)
    client = client_for(user(TEAMLID))
    url = wm_url("reflection_answer", reflection_round)
    too_long = "a" * 20001
    response = client.post(url, _data(reflection_round, [too_long, "kort"]))
    page = text(response)
    assert response.status_code == 400
    assert "Deze tekst is 20.001 tekens lang; er passen er hoogstens 20.000." in page
    assert too_long in page and "kort" in page  # the input stays
    assert my_answer(reflection_round, TEAMLID) is None

    # Line breaks count once, as the member sees them (browsers send CRLF).
    fits = ("b" * 99 + "\r\n") * 200
    response = client.post(url, _data(reflection_round, [fits]))
    assert response.status_code == 302
    stored = my_answer(reflection_round, TEAMLID).texts.get(question__order=1).text
    assert len(stored) == 19999 and "\r" not in stored


def test_script_in_an_answer_is_stored_as_typed_and_shown_as_text(zonnebloem, client_for):
    reflection_round = open_round(zonnebloem)
    script = '<script>alert("x")</script> & "quotes"'
    client = client_for(user(TEAMLID))
    client.post(wm_url("reflection_answer", reflection_round), _data(reflection_round, [script]))
    stored = my_answer(reflection_round, TEAMLID).texts.get(question__order=1).text
    assert stored == script
    for page in (
        text(client.get(wm_url("reflection_answer", reflection_round))),
        text(client_for(user(KARTREKKER)).get(wm_url("reflection_results", reflection_round))),
    ):
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("topics", "999999", "Kies een onderwerp uit de lijst."),
        ("topics", "geen-getal", "Kies een onderwerp uit de lijst."),
    ],
)
def test_unknown_topics_are_refused(zonnebloem, client_for, field, value, message):
    reflection_round = open_round(zonnebloem)
    data = _data(reflection_round, TEXTS)
    data[field] = [value]
    response = client_for(user(TEAMLID)).post(wm_url("reflection_answer", reflection_round), data)
    assert response.status_code == 400
    assert message in text(response)
    assert my_answer(reflection_round, TEAMLID) is None


def test_a_topic_of_another_round_is_refused(zonnebloem, client_for):
    reflection_round = open_round(zonnebloem)
    other_topic = done_round(zonnebloem).topics.first()
    data = _data(reflection_round, TEXTS)
    data["topics"] = [str(other_topic.pk)]
    response = client_for(user(TEAMLID)).post(wm_url("reflection_answer", reflection_round), data)
    assert response.status_code == 400


def test_a_werkmoment_without_a_round_sends_the_member_back(zonnebloem, client_for):
    session = TrainingSession.objects.create(
        school=zonnebloem, kind=SessionKind.WERKMOMENT, date=timezone.localdate()
    )
    werkmoment = rules.ensure_werkmoment(session)
    response = client_for(user(TEAMLID)).get(wm_url("reflection_answer", werkmoment), follow=True)
    assert "nog geen reflectievragen verstuurd" in text(response)


@pytest.mark.parametrize("answers", [10, 100])
def test_the_answer_page_costs_the_same_whatever_the_number_of_answers(
    zonnebloem, client_for, django_assert_num_queries, answers
):
    reflection_round = open_round(zonnebloem)
    add_answers(reflection_round, answers)
    client = client_for(user(TEAMLID))
    url = wm_url("reflection_answer", reflection_round)
    client.post(url, _data(reflection_round, TEXTS, topics=["Time-in"]))
    # Session, user, access, werkmoment (with its round), questions, topics,
    # the own answer with its texts and topics.
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
