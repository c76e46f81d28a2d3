"""What the werkgroep sees of a reflection round: counts, topics by sign-ups, the answers,
who missed the training; the CSV export, the summary PDF, the admin and the report
summary; and, in an anonymous round, never who wrote what."""

import csv
import html
import io
import re
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from phases import werkmomenten as rules
from phases.demo import DONE_RESPONDENTS, OPEN_RESPONDENTS
from phases.models import ReflectionAnswer, ReflectionAnswerText
from schools.models import Membership
from tests.phases.werkmoment_support import (
    KARTREKKER,
    MT_LID,
    STAFF,
    TEAMLID,
    WERKGROEPLID,
    add_answers,
    done_round,
    member,
    open_round,
    user,
    wm_url,
)


def text(response) -> str:
    return response.content.decode()


def names_of(school, emails) -> list[str]:
    return [
        m.user.full_name for m in Membership.objects.filter(school=school, user__email__in=emails)
    ]


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)


def csv_rows(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


# Counts, topics, answers ----------------------------------------------------


def test_the_results_of_a_named_round(zonnebloem, client_for):
    reflection_round = done_round(zonnebloem)
    page = text(client_for(user(WERKGROEPLID)).get(wm_url("reflection_results", reflection_round)))
    team = rules.members_to_ask(zonnebloem).count()
    assert f"12 van {team}" in page
    # Who answered and who did not, by name.
    for name in names_of(zonnebloem, DONE_RESPONDENTS):
        assert name in page
    assert "Nog niet:</span> Anouk Peters, Freek Bos" in page
    # Topics ranked by sign-ups, the two chosen ones ticked.
    ranked = re.findall(r'data-topic="([^"]+)" data-count="(\d+)"', page)
    counts = [int(n) for _title, n in ranked]
    assert counts == sorted(counts, reverse=True) and len(ranked) == 5
    assert ranked[0] == ("Time-in", "7")
    assert page.count(" checked>") == 2
    # The answers per question, with names here.
    assert "Dat gedrag communicatie is." in page
    assert "Hoe praat je met ouders over wat je ziet" in page


def test_who_missed_the_training_is_listed_with_a_link_to_arrange_catching_up(
    zonnebloem, client_for
):
    reflection_round = done_round(zonnebloem)
    page = text(client_for(user(KARTREKKER)).get(wm_url("reflection_results", reflection_round)))
    section = page[page.index("Miste de training") :]
    assert "Anouk Peters" in section and "Freek Bos" in section
    assert "inhaalmoment afgesproken" in section and "nog regelen" in section
    after = reflection_round.werkmoment.after_session
    assert f"{reverse('missed_sessions', args=[zonnebloem.slug])}#missed-{after.pk}" in section


def test_the_werkgroep_chooses_topics_for_the_werkmoment(zonnebloem, client_for):
    reflection_round = open_round(zonnebloem)
    werkmoment = reflection_round.werkmoment
    topics = list(reflection_round.topics.all())
    client = client_for(user(WERKGROEPLID))
    response = client.post(
        wm_url("reflection_choose_topics", reflection_round),
        {"topics": [str(topics[1].pk), str(topics[3].pk)]},
    )
    assert response.status_code == 302
    assert set(werkmoment.chosen_topics.all()) == {topics[1], topics[3]}
    page = text(client_for(user(TEAMLID)).get(wm_url("werkmoment_detail", werkmoment)))
    assert "Gekozen onderwerpen" in page and topics[3].title in page

    other = done_round(zonnebloem).topics.first()
    response = client.post(
        wm_url("reflection_choose_topics", reflection_round), {"topics": [str(other.pk)]}
    )
    assert response.status_code == 400
    assert "Kies een onderwerp uit de lijst." in text(response)
    assert set(werkmoment.chosen_topics.all()) == {topics[1], topics[3]}


def test_closing_the_round_fixes_the_answers(zonnebloem, client_for):
    reflection_round = open_round(zonnebloem)
    client = client_for(user(KARTREKKER))
    response = client.post(wm_url("reflection_close", reflection_round), follow=True)
    assert "De reflectieronde is gesloten" in text(response)
    reflection_round.refresh_from_db()
    assert reflection_round.closed_at is not None
    assert "Herinnering sturen" not in text(response)


# Anonymity ------------------------------------------------------------------


def other_names(school, viewer_email) -> list[str]:
    """Every member's name except the viewer's own (shown in the menu)."""
    return [
        m.user.full_name
        for m in Membership.objects.filter(school=school).select_related("user")
        if m.user.email != viewer_email
    ]


@pytest.mark.parametrize("viewer", [MT_LID, KARTREKKER, "trainer@example.org"])
def test_an_anonymous_round_never_shows_who_answered(zonnebloem, client_for, viewer):
    reflection_round = open_round(zonnebloem)
    assert reflection_round.anonymous
    assert not reflection_round.answers.filter(respondent__isnull=False).exists()
    client = client_for(user(viewer))
    pages = {
        name: text(client.get(wm_url(name, reflection_round)))
        for name in ("reflection_results", "werkmoment_detail", "reflection_answer")
    }
    pages["werkmoment_list"] = text(client.get(reverse("werkmoment_list", args=[zonnebloem.slug])))
    assert "9 van" in pages["reflection_results"]
    assert "Dat regulatie vóór leren komt." in pages["reflection_results"]
    assert "Wie heeft ingevuld" not in pages["reflection_results"]
    for name, page in pages.items():
        main = page[page.index("<main") :]
        for person in other_names(zonnebloem, user(viewer).email):
            assert person not in main, (name, person)


def test_anonymous_answers_are_listed_by_key_not_in_the_order_people_answered(
    zonnebloem, client_for
):
    reflection_round = open_round(zonnebloem)
    page = text(client_for(user(MT_LID)).get(wm_url("reflection_results", reflection_round)))
    first_question = page[page.index('id="answers-heading"') : page.index('<h3 class="h6">2. ')]
    shown = re.findall(r'<span class="wm-text">([^<]+)</span>', first_question)
    texts = ReflectionAnswerText.objects.filter(
        answer__round=reflection_round, question__order=1
    ).exclude(text="")
    by_key = [t.text for t in texts.order_by("answer__respondent_key")]
    by_time = [t.text for t in texts.order_by("answer__submitted_at", "answer__pk")]
    assert [html.unescape(t) for t in shown] == by_key
    assert by_key != by_time  # the demo's answers came in another order


def test_the_csv_of_an_anonymous_round_has_no_author(zonnebloem, client_for):
    reflection_round = open_round(zonnebloem)
    response = client_for(user(KARTREKKER)).get(wm_url("reflection_export", reflection_round))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = csv_rows(response)
    questions = [q.text for q in rules.round_questions(reflection_round)]
    assert rows[0] == [*questions, "Onderwerpen"]
    assert len(rows) == 1 + 9
    body = response.content.decode()
    for person in other_names(zonnebloem, ""):
        assert person not in body
    for email in OPEN_RESPONDENTS:
        assert email not in body


def test_the_csv_of_a_named_round_has_names_and_is_safe_in_a_spreadsheet(zonnebloem, client_for):
    reflection_round = done_round(zonnebloem)
    answer = reflection_round.answers.get(respondent=member(zonnebloem, KARTREKKER))
    first, second, third = answer.texts.order_by("question__order")
    first.text = '=HYPERLINK("http://evil.example","klik")'
    second.text = "+31 6 1234"
    third.text = "-2+3\n@SUM(A1)"
    for t in (first, second, third):
        t.save()
    rows = csv_rows(
        client_for(user(WERKGROEPLID)).get(wm_url("reflection_export", reflection_round))
    )
    assert rows[0][0] == "Naam"
    assert sorted(row[0] for row in rows[1:]) == sorted(names_of(zonnebloem, DONE_RESPONDENTS))
    karim = next(row for row in rows if row[0] == "Karim El Amrani")
    assert karim[1:4] == [
        '\'=HYPERLINK("http://evil.example","klik")',
        "'+31 6 1234",
        "'-2+3\n@SUM(A1)",
    ]
    assert karim[4] == "Inrichting van de klas; Time-in"  # in the round's order


def test_the_summary_pdf_never_names_anyone(zonnebloem, client_for):
    client = client_for(user(KARTREKKER))
    for reflection_round in (open_round(zonnebloem), done_round(zonnebloem)):
        response = client.get(wm_url("werkmoment_pdf", reflection_round))
        assert response.status_code == 200
        content = pdf_text(response)
        flat = " ".join(content.split())
        assert "Werkmoment" in flat
        assert "Time-in" in flat
        assert "Terugblik en de inbreng van het team" in flat
        for person in other_names(zonnebloem, ""):
            assert person not in flat, person
    done = " ".join(pdf_text(client.get(wm_url("werkmoment_pdf", done_round(zonnebloem)))).split())
    team = rules.members_to_ask(zonnebloem).count()
    assert f"12 van {team} teamleden vulden in" in done
    assert "Dat gedrag communicatie is." in done
    assert "Een vaste check-in bij binnenkomst" in done  # an ontwikkelpunt
    assert "2 mensen" in done  # missed the training


def test_script_in_answers_stays_text_in_the_pdf(zonnebloem, client_for):
    reflection_round = open_round(zonnebloem)
    client_for(user(TEAMLID)).post(
        wm_url("reflection_answer", reflection_round),
        {f"vraag_{rules.round_questions(reflection_round)[0].pk}": "<script>x()</script> <b>vet"},
    )
    content = pdf_text(client_for(user(KARTREKKER)).get(wm_url("werkmoment_pdf", reflection_round)))
    assert "<script>x()</script> <b>vet" in content


def test_the_admin_never_shows_the_author(zonnebloem, client_for):
    client = client_for(user(STAFF))
    reflection_round = open_round(zonnebloem)
    answer = reflection_round.answers.first()
    pages = [
        client.get(reverse("admin:phases_reflectionanswer_changelist")),
        client.get(reverse("admin:phases_reflectionanswer_change", args=[answer.pk])),
        client.get(reverse("admin:phases_reflectionround_change", args=[reflection_round.pk])),
        client.get(reverse("admin:phases_reflectionreminder_changelist")),
    ]
    named = done_round(zonnebloem).answers.first()
    pages.append(client.get(reverse("admin:phases_reflectionanswer_change", args=[named.pk])))
    keys = list(ReflectionAnswer.objects.values_list("respondent_key", flat=True))
    sender = reflection_round.sent_by.email  # who sent the round is no secret
    for response in pages:
        assert response.status_code == 200
        page = text(response)
        assert "respondent" not in page
        for key in keys:
            assert key not in page
        for person in other_names(zonnebloem, sender):
            assert person not in page, person
    # Staff cannot change an answer (the form is read-only) or add one.
    response = client.post(
        reverse("admin:phases_reflectionanswer_change", args=[answer.pk]), {"round": "1"}
    )
    assert response.status_code == 403
    assert client.get(reverse("admin:phases_reflectionanswer_add")).status_code == 403


# Query counts ---------------------------------------------------------------


@pytest.mark.parametrize("which", ["open", "done"])
def test_the_results_page_costs_the_same_for_10_or_100_answers(zonnebloem, client_for, which):
    reflection_round = open_round(zonnebloem) if which == "open" else done_round(zonnebloem)
    client = client_for(user(KARTREKKER))
    url = wm_url("reflection_results", reflection_round)
    client.get(url)
    counts = []
    for extra in (10, 90):
        add_answers(reflection_round, extra)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
    assert reflection_round.answers.count() >= 100


def test_report_summaries_give_counts_only_in_constant_queries(
    zonnebloem, django_assert_num_queries
):
    summaries = rules.report_summaries(zonnebloem)
    by_title = {s.title: s for s in summaries}
    done = by_title[done_round(zonnebloem).werkmoment.session.display_title]
    coming = by_title[open_round(zonnebloem).werkmoment.session.display_title]
    team = rules.members_to_ask(zonnebloem).count()
    assert (done.answered, done.invited, done.anonymous) == (12, team, False)
    assert done.ranked_topics[0] == ("Time-in", 7)
    assert done.chosen_topics == ["Time-in", "Dagelijkse check-in en check-out"]
    assert len(done.ontwikkelpunten) == 2
    assert done.missed_training == 2
    assert (coming.answered, coming.anonymous, coming.chosen_topics) == (9, True, [])

    # Only what lies between start and end.
    only = rules.report_summaries(zonnebloem, start=coming.date, end=coming.date)
    assert [s.title for s in only] == [coming.title]
    assert (
        rules.report_summaries(zonnebloem, end=done.date - __import__("datetime").timedelta(1))
        == []
    )

    with django_assert_num_queries(6):
        rules.report_summaries(zonnebloem)
    add_answers(open_round(zonnebloem), 100)
    with django_assert_num_queries(6):
        again = rules.report_summaries(zonnebloem)
    assert {s.title: s.answered for s in again}[coming.title] == 109
