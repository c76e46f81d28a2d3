"""Results: the personal page, the team's distribution per statement, sharing and closing."""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from ontwikkelmodel.checklist import (
    accent_averages,
    distributions,
    eligible_members,
    open_round,
    round_statements,
    save_answers,
    submit,
)
from ontwikkelmodel.models import ChecklistAnswer, ChecklistVersion, Statement
from tests.ontwikkelmodel.checklist_support import closed_round, url, user


@pytest.fixture
def demo_round(zonnebloem):
    return closed_round(zonnebloem)


def test_distributions_count_each_score_per_statement(demo_round):
    expected = Counter(
        ChecklistAnswer.objects.filter(participant__round=demo_round).values_list(
            "statement_id", "score"
        )
    )
    result = distributions(demo_round)
    assert [d.statement.statement_id for d in result] == [
        s.statement_id for s in round_statements(demo_round)
    ]
    for d in result:
        assert d.counts == tuple(expected[(d.statement.statement_id, n)] for n in range(1, 6))
        assert d.total == 3
    some = result[0]
    assert some.average == pytest.approx(
        sum(n * c for n, c in zip(range(1, 6), some.counts, strict=True)) / 3
    )


def test_distribution_names_only_those_who_share(demo_round):
    for d in distributions(demo_round, with_names=True):
        assert [name for name, _score in d.names] == ["Marco Dekker"]
    assert all(d.names == () for d in distributions(demo_round))


def test_team_page_shows_counts_as_text_and_averages_per_accent(client_for, demo_round, kartrekker):
    response = client_for(kartrekker).get(url("checklist_team", demo_round))
    assert response.status_code == 200
    page = response.content.decode()
    # Each statement: a table with the five options as column headers and the counts as text.
    assert page.count('<table class="checklist-dist">') == len(round_statements(demo_round))
    assert (
        '<span class="checklist-dist-n">1</span> '
        '<span class="checklist-dist-label">Helemaal oneens</span>' in page
    )
    first = distributions(demo_round)[0]
    for count in first.counts:
        assert f'<span class="checklist-dist-count">{count}</span>' in page
    averages = {a.label: a for a in response.context["averages"]}
    assert set(averages) == {
        "Missie en visie",
        "Faciliteiten",
        "Personeelsbeleid",
        "Leidinggevenden",
    }
    assert all(1 <= a.average <= 5 for a in averages.values())


def test_accent_average_weights_every_answer(demo_round):
    result = distributions(demo_round)
    for average in accent_averages(result):
        group = [d for d in result if d.statement.get_accent_code_display() == average.label]
        scores = [
            n for d in group for n, c in zip(range(1, 6), d.counts, strict=True) for _ in range(c)
        ]
        assert average.average == pytest.approx(sum(scores) / len(scores))


def test_personal_result_lists_lowest_and_highest(client_for, zonnebloem, schoolleider):
    checklist_round = open_round(
        zonnebloem,
        title="Eigen test",
        members=[zonnebloem.memberships.get(user=schoolleider)],
        opened_by=schoolleider,
    )
    me = checklist_round.participants.get()
    statements = round_statements(checklist_round)
    scores = {s.statement_id: 3 for s in statements}
    scores[statements[2].statement_id] = 1
    scores[statements[9].statement_id] = 5
    scores[statements[12].statement_id] = 5
    save_answers(checklist_round, me, scores)
    submit(checklist_round, me)

    response = client_for(schoolleider).get(url("checklist_personal", checklist_round))
    result = response.context["result"]
    assert [a.statement for a in result.lowest] == [statements[2]]
    assert [a.statement for a in result.highest] == [statements[9], statements[12]]
    assert [label for label, _answers in result.groups] == [
        "Missie en visie",
        "Faciliteiten",
        "Personeelsbeleid",
        "Leidinggevenden",
    ]
    page = response.content.decode()
    assert "Hier geef je jezelf de laagste score" in page
    assert escape(statements[2].text) in page


def test_personal_result_is_only_for_the_participant(client_for, demo_round, kartrekker):
    assert client_for(kartrekker).get(url("checklist_personal", demo_round)).status_code == 403


# --- Sharing and closing ------------------------------------------------------------------


def test_sharing_with_the_board_is_recorded_in_history(client_for, demo_round, schoolleider):
    client = client_for(schoolleider)
    assert client.get(url("checklist_share", demo_round)).status_code == 405
    client.post(url("checklist_share", demo_round), {"share": "1"})
    demo_round.refresh_from_db()
    assert demo_round.share_team_result_with_board
    client.post(url("checklist_share", demo_round), {"share": "0"})
    demo_round.refresh_from_db()
    assert not demo_round.share_team_result_with_board
    latest = list(demo_round.history.order_by("-history_date")[:2])
    assert [h.history_change_reason for h in latest] == [
        "Delen met het bestuur gestopt",
        "Teamresultaat gedeeld met het bestuur",
    ]
    assert all(h.history_user == schoolleider for h in latest)


def test_closing_opens_the_team_result_even_if_not_all_submitted(client_for, kompas):
    from tests.ontwikkelmodel.checklist_support import open_round as kompas_round

    checklist_round = kompas_round(kompas)
    leader = user("schoolleider@kompas.example")
    client = client_for(leader)
    assert client.get(url("checklist_team", checklist_round)).status_code == 403
    response = client.post(url("checklist_close", checklist_round))
    assert response["Location"] == url("checklist_team", checklist_round)
    checklist_round.refresh_from_db()
    assert checklist_round.is_closed
    assert (
        checklist_round.history.latest("history_date").history_change_reason == "Ronde afgesloten"
    )
    assert client.get(url("checklist_team", checklist_round)).status_code == 200
    again = client.post(url("checklist_close", checklist_round), follow=True)
    assert "Deze ronde is al afgesloten." in again.content.decode()


# --- Query counts do not grow with the number of statements --------------------------------


def _round_with(zonnebloem, schoolleider, statement_count):
    version = ChecklistVersion.objects.create(name=f"Test {statement_count}")
    accents = ["missie-en-visie", "faciliteiten", "personeelsbeleid", "leidinggevenden"]
    Statement.objects.bulk_create(
        Statement(
            version=version,
            code=f"s{n}",
            accent_code=accents[n % 4],
            order=n,
            text=f"Stelling nummer {n}",
        )
        for n in range(statement_count)
    )
    checklist_round = open_round(
        zonnebloem,
        title=f"Ronde {statement_count}",
        members=list(eligible_members(zonnebloem)),
        opened_by=schoolleider,
        version=version,
    )
    for index, participant in enumerate(checklist_round.participants.all()):
        participant.shares_own_answers = index == 0
        participant.save()
        save_answers(
            checklist_round,
            participant,
            {s.statement_id: 1 + (s.order + index) % 5 for s in round_statements(checklist_round)},
        )
        submit(checklist_round, participant)
    return checklist_round


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.parametrize("page", ["checklist_team", "checklist_personal", "checklist_detail"])
def test_query_count_does_not_depend_on_the_number_of_statements(
    client_for, zonnebloem, schoolleider, page
):
    small = _round_with(zonnebloem, schoolleider, 10)
    large = _round_with(zonnebloem, schoolleider, 40)
    client = client_for(schoolleider)
    client.get(url(page, small))  # warm up session and caches
    assert _queries(client, url(page, small)) == _queries(client, url(page, large))


def test_fill_page_query_count_does_not_depend_on_the_number_of_statements(
    client_for, zonnebloem, schoolleider, django_assert_num_queries
):
    small = _round_with(zonnebloem, schoolleider, 10)
    large = _round_with(zonnebloem, schoolleider, 40)
    for checklist_round in (small, large):
        checklist_round.participants.update(submitted_at=None)
    client = client_for(schoolleider)
    client.get(url("checklist_fill", small))
    assert _queries(client, url("checklist_fill", small)) == _queries(
        client, url("checklist_fill", large)
    )


def test_team_page_query_count_is_pinned(
    client_for, zonnebloem, schoolleider, django_assert_num_queries
):
    checklist_round = _round_with(zonnebloem, schoolleider, 40)
    client = client_for(schoolleider)
    client.get(url("checklist_team", checklist_round))
    # session, user, membership, round, participants, statements, counts, named answers
    with django_assert_num_queries(8):
        client.get(url("checklist_team", checklist_round))


def test_statements_with_answers_two_points_apart_are_marked_to_discuss(
    client_for, demo_round, kartrekker
):
    result = distributions(demo_round)
    marked = [d for d in result if d.worth_discussing]
    assert marked  # the demo team differs most on personeelsbeleid
    for d in result:
        chosen = [n for n, c in zip(range(1, 6), d.counts, strict=True) if c]
        assert d.worth_discussing == (max(chosen) - min(chosen) >= 2)
    page = client_for(kartrekker).get(url("checklist_team", demo_round)).content.decode()
    assert page.count('<span class="checklist-spread">Hier verschillen jullie</span>') == len(
        marked
    )
