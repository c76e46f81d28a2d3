"""Step 2 of the conversation: joint notes, the priority and agreements (wie, wat, wanneer)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from ontwikkelmodel.models import ChecklistAgreement, ChecklistNote
from tests.ontwikkelmodel.checklist_support import closed_round, open_round
from tests.ontwikkelmodel.checklist_talk_support import (
    HTMX,
    LOTTE,
    MARCO,
    SANNE,
    joint_questions,
    make_four,
    notes_data,
    pair_questions,
    url,
    user,
)

JOINT_NOTE = "Samen: TSO komt vast op de agenda van het MT-overleg."
PAIR_NOTE = "Alleen voor ons tweetal: ik twijfel over mijn eigen rol."


@pytest.fixture
def four(zonnebloem):
    return make_four(zonnebloem)


def agreement_data(what="Een ronde langs de groepen", who="Marco Dekker", when="2027-02-01", **e):
    return {
        "form": "agreement",
        "new-what": what,
        "new-who": who,
        "new-when": when,
        "new-accent_code": e.get("accent", ""),
        "new-version": "0",
    }


def edit_data(agreement, version, **changes):
    values = {
        "what": agreement.what,
        "who": agreement.who,
        "when": agreement.when.isoformat() if agreement.when else "",
        "accent_code": agreement.accent_code,
        "version": str(version),
    }
    values.update(changes)
    return values


def version_of(agreement) -> int:
    return agreement.history.order_by("-history_id").values_list("history_id", flat=True).first()


# --- Who reads and writes ------------------------------------------------------------------


def test_participants_write_the_joint_notes(client_for, four):
    question = joint_questions(four)[0]

    response = client_for(user(LOTTE)).post(
        url("checklist_conversation", four), notes_data([question], {question: JOINT_NOTE})
    )

    assert response.status_code == 302
    note = ChecklistNote.objects.get(round=four, pair__isnull=True)
    assert (note.text, note.question, note.saved_by) == (JOINT_NOTE, question, "Lotte Brouwer")
    page = client_for(user(MARCO)).get(url("checklist_conversation", four)).content.decode()
    assert JOINT_NOTE in page


def test_kartrekkers_read_along_but_do_not_write(client_for, four, kartrekker):
    question = joint_questions(four)[0]
    client_for(user(SANNE)).post(
        url("checklist_conversation", four), notes_data([question], {question: JOINT_NOTE})
    )
    client_for(user(SANNE)).post(url("checklist_conversation", four), agreement_data())

    response = client_for(kartrekker).get(url("checklist_conversation", four))

    assert response.status_code == 200
    page = response.content.decode()
    assert JOINT_NOTE in page
    assert "Een ronde langs de groepen" in page
    assert "<textarea" not in page
    assert "Afspraak toevoegen" not in page
    for data in (notes_data([question], {question: "kartrekker"}), agreement_data(what="k")):
        assert (
            client_for(kartrekker).post(url("checklist_conversation", four), data).status_code
            == 403
        )
    assert ChecklistNote.objects.get(round=four).text == JOINT_NOTE
    assert four.agreements.count() == 1


def test_joint_page_never_shows_pair_notes(client_for, four, kartrekker):
    question = pair_questions(four)[0]
    client_for(user(SANNE)).post(
        url("checklist_pair_notes", four), notes_data([question], {question: PAIR_NOTE})
    )

    for person in (user(SANNE), user(LOTTE), kartrekker):
        page = client_for(person).get(url("checklist_conversation", four)).content.decode()
        assert PAIR_NOTE not in page


def test_members_without_a_checklist_role_are_refused(client_for, four, werkgroeplid):
    four.participants.filter(user=werkgroeplid).delete()
    werkgroeplid.memberships.update(mt_lid=False)

    assert client_for(werkgroeplid).get(url("checklist_conversation", four)).status_code == 403


def test_the_board_sees_nothing_unless_shared(client_for, zonnebloem, bestuurslid):
    checklist_round = closed_round(zonnebloem)

    assert (
        client_for(bestuurslid).get(url("checklist_conversation", checklist_round)).status_code
        == 404
    )


def test_the_board_reads_only_the_agreements_when_shared(client_for, zonnebloem, bestuurslid):
    checklist_round = closed_round(zonnebloem)
    checklist_round.share_team_result_with_board = True
    checklist_round.save()

    response = client_for(bestuurslid).get(url("checklist_conversation", checklist_round))

    assert response.status_code == 200
    page = response.content.decode()
    for agreement in checklist_round.agreements.all():
        assert escape(agreement.what) in page
    for note in checklist_round.notes.all():
        assert escape(note.text) not in page  # neither the joint nor the pair notes
    assert "Afspraak toevoegen" not in page
    assert "<textarea" not in page
    assert client_for(bestuurslid).post(
        url("checklist_conversation", checklist_round), agreement_data()
    ).status_code in (403, 404)


def test_the_page_links_to_the_actieplan_for_plan_editors(client_for, zonnebloem, kartrekker):
    checklist_round = closed_round(zonnebloem)

    page = client_for(kartrekker).get(url("checklist_conversation", checklist_round)).content
    assert b"/actieplan/uit-checklist/" in page


# --- Agreements -----------------------------------------------------------------------------


def test_a_participant_adds_an_agreement(client_for, four):
    response = client_for(user(MARCO)).post(
        url("checklist_conversation", four), agreement_data(accent="personeelsbeleid")
    )

    assert response.status_code == 302
    agreement = four.agreements.get()
    assert (agreement.what, agreement.who, agreement.when, agreement.accent_code) == (
        "Een ronde langs de groepen",
        "Marco Dekker",
        date(2027, 2, 1),
        "personeelsbeleid",
    )
    assert response["Location"].endswith(f"#afspraak-{agreement.pk}")
    page = client_for(user(SANNE)).get(url("checklist_conversation", four)).content.decode()
    assert "Personeelsbeleid</strong>: 1 afspraak" in page  # the priority summary


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"what": "   "}, "Schrijf op wat jullie afspreken."),
        ({"who": ""}, "Schrijf op wie het doet."),
        ({"when": "2026-13-45"}, "Vul een geldige datum in, zoals 15-03-2026."),
        ({"when": "volgende week"}, "Vul een geldige datum in, zoals 15-03-2026."),
        ({"when": "3026-01-01"}, "Kies een datum tussen"),
        ({"what": "x" * 501}, "Dit is te lang: hoogstens 500 tekens"),
        ({"accent": "onzin"}, "Kies een accent uit de lijst."),
    ],
)
def test_bad_agreements_are_refused_with_the_input_kept(client_for, four, data, message):
    response = client_for(user(MARCO)).post(
        url("checklist_conversation", four), agreement_data(**data)
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert message in page
    assert 'value="Marco Dekker"' in page or data.get("who") == ""
    assert not four.agreements.exists()


def test_an_agreement_without_a_date_is_fine(client_for, four):
    client_for(user(MARCO)).post(url("checklist_conversation", four), agreement_data(when=""))

    assert four.agreements.get().when is None


def test_hostile_text_is_shown_as_text(client_for, four):
    client_for(user(MARCO)).post(
        url("checklist_conversation", four), agreement_data(what='<img src=x onerror="alert(1)">')
    )

    page = client_for(user(SANNE)).get(url("checklist_conversation", four)).content.decode()
    assert '<img src=x onerror="alert(1)">' not in page
    assert "&lt;img src=x" in page


def test_adding_with_htmx_answers_with_the_list(client_for, four):
    response = client_for(user(MARCO)).post(
        url("checklist_conversation", four), agreement_data(accent="faciliteiten"), **HTMX
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert 'id="afspraken"' in page
    assert "Een ronde langs de groepen" in page
    assert 'hx-swap-oob="true"' in page  # the priority summary follows
    invalid = client_for(user(MARCO)).post(
        url("checklist_conversation", four), agreement_data(what=""), **HTMX
    )
    assert invalid.status_code == 422
    assert "Schrijf op wat jullie afspreken." in invalid.content.decode()


def test_a_participant_edits_an_agreement(client_for, four):
    client_for(user(MARCO)).post(url("checklist_conversation", four), agreement_data())
    agreement = four.agreements.get()

    form = client_for(user(LOTTE)).get(url("checklist_agreement_edit", four, agreement.pk))
    assert form.status_code == 200
    partial = client_for(user(LOTTE)).get(
        url("checklist_agreement_edit", four, agreement.pk), **HTMX
    )
    assert "<html" not in partial.content.decode()
    response = client_for(user(LOTTE)).post(
        url("checklist_agreement_edit", four, agreement.pk),
        edit_data(agreement, version_of(agreement), who="Lotte Brouwer", when="2027-03-01"),
    )

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.who, agreement.when) == ("Lotte Brouwer", date(2027, 3, 1))
    assert agreement.history.first().history_user == user(LOTTE)


def test_editing_with_htmx_answers_with_the_row(client_for, four):
    client_for(user(MARCO)).post(url("checklist_conversation", four), agreement_data())
    agreement = four.agreements.get()

    response = client_for(user(MARCO)).post(
        url("checklist_agreement_edit", four, agreement.pk),
        edit_data(agreement, version_of(agreement), what="Twee rondes langs de groepen"),
        **HTMX,
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="afspraak-{agreement.pk}"' in page
    assert "Twee rondes langs de groepen" in page
    invalid = client_for(user(MARCO)).post(
        url("checklist_agreement_edit", four, agreement.pk),
        edit_data(agreement, version_of(agreement), when="31-02-2027"),
        **HTMX,
    )
    assert invalid.status_code == 422
    assert "Vul een geldige datum in" in invalid.content.decode()


def test_an_edit_from_an_old_page_is_not_lost(client_for, four):
    client_for(user(MARCO)).post(url("checklist_conversation", four), agreement_data())
    agreement = four.agreements.get()
    opened = version_of(agreement)
    client_for(user(SANNE)).post(
        url("checklist_agreement_edit", four, agreement.pk),
        edit_data(agreement, opened, who="Sanne de Vries"),
    )

    response = client_for(user(LOTTE)).post(
        url("checklist_agreement_edit", four, agreement.pk),
        edit_data(agreement, opened, what="Lotte's versie"),
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Lotte&#x27;s versie" in page  # her input stays
    assert "Sanne de Vries" in page  # who saved the stored version, and what it is
    agreement.refresh_from_db()
    assert (agreement.what, agreement.who) == ("Een ronde langs de groepen", "Sanne de Vries")
    again = client_for(user(LOTTE)).post(
        url("checklist_agreement_edit", four, agreement.pk),
        edit_data(agreement, version_of(agreement), what="Lotte's versie"),
    )
    assert again.status_code == 302
    agreement.refresh_from_db()
    assert agreement.what == "Lotte's versie"


def test_a_participant_deletes_an_agreement(client_for, four):
    client_for(user(MARCO)).post(url("checklist_conversation", four), agreement_data())
    client_for(user(MARCO)).post(url("checklist_conversation", four), agreement_data(what="Twee"))
    first, second = four.agreements.order_by("pk")

    confirm = client_for(user(SANNE)).get(url("checklist_agreement_delete", four, first.pk))
    assert confirm.status_code == 200
    assert "Afspraak verwijderen?" in confirm.content.decode()
    assert (
        client_for(user(SANNE)).post(url("checklist_agreement_delete", four, first.pk)).status_code
        == 302
    )
    response = client_for(user(SANNE)).post(
        url("checklist_agreement_delete", four, second.pk), **HTMX
    )
    assert response.status_code == 200
    assert "Twee" not in response.content.decode()
    assert not four.agreements.exists()


def test_only_participants_change_agreements(client_for, zonnebloem, four, kartrekker):
    client_for(user(MARCO)).post(url("checklist_conversation", four), agreement_data())
    agreement = four.agreements.get()

    for name in ("checklist_agreement_edit", "checklist_agreement_delete"):
        assert client_for(kartrekker).get(url(name, four, agreement.pk)).status_code == 403
        assert client_for(kartrekker).post(url(name, four, agreement.pk), {}).status_code == 403
    assert four.agreements.count() == 1


def test_agreements_of_another_round_are_not_found(client_for, zonnebloem, four):
    other = closed_round(zonnebloem).agreements.first()

    for name in ("checklist_agreement_edit", "checklist_agreement_delete"):
        assert client_for(user(MARCO)).get(url(name, four, other.pk)).status_code == 404


def test_agreements_of_another_school_are_not_found(client_for, kompas, four):
    kompas_round = open_round(kompas)
    agreement = ChecklistAgreement.objects.create(round=kompas_round, what="Kompas", who="Peter")

    assert (
        client_for(user(MARCO)).get(url("checklist_agreement_edit", four, agreement.pk)).status_code
        == 404
    )
    response = client_for(user(MARCO)).get(
        url("checklist_agreement_edit", kompas_round, agreement.pk).replace(
            kompas.slug, four.school.slug
        )
    )
    assert response.status_code == 404


# --- After the round closed -----------------------------------------------------------------


def test_nothing_changes_after_the_round_closed(client_for, zonnebloem):
    checklist_round = closed_round(zonnebloem)
    agreement = checklist_round.agreements.first()
    client = client_for(user(MARCO))
    before = list(checklist_round.agreements.values_list("what", "who", "when"))

    add = client.post(url("checklist_conversation", checklist_round), agreement_data(), follow=True)
    edit = client.post(
        url("checklist_agreement_edit", checklist_round, agreement.pk),
        edit_data(agreement, version_of(agreement), what="Toch anders"),
        follow=True,
    )
    delete = client.post(
        url("checklist_agreement_delete", checklist_round, agreement.pk), follow=True
    )

    for response in (add, edit, delete):
        assert response.status_code == 200
        assert "Deze ronde is afgesloten" in response.content.decode()
    assert list(checklist_round.agreements.values_list("what", "who", "when")) == before
    htmx = client.post(url("checklist_conversation", checklist_round), agreement_data(), **HTMX)
    assert htmx.status_code == 409
    assert "afgesloten" in htmx.content.decode()
    page = client.get(url("checklist_conversation", checklist_round)).content.decode()
    assert "Afspraak toevoegen" not in page
    assert "<textarea" not in page


def test_joint_notes_are_fixed_after_closing(client_for, zonnebloem):
    checklist_round = closed_round(zonnebloem)
    question = joint_questions(checklist_round)[0]
    before = ChecklistNote.objects.get(round=checklist_round, question=question).text

    response = client_for(user(SANNE)).post(
        url("checklist_conversation", checklist_round),
        notes_data([question], {question: "Achteraf nog iets"}, {question: 1}),
    )

    assert response.status_code == 409
    assert ChecklistNote.objects.get(round=checklist_round, question=question).text == before


# --- Query counts ----------------------------------------------------------------------------


def count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_conversation_page_costs_the_same_with_many_agreements(client_for, four, kartrekker):
    def add(n):
        ChecklistAgreement.objects.bulk_create(
            ChecklistAgreement(
                round=four, what=f"Afspraak {i}", who="Marco", when=timezone.localdate(), order=i
            )
            for i in range(n)
        )

    add(1)
    for person in (user(MARCO), kartrekker):
        client = client_for(person)
        client.get(url("checklist_conversation", four))  # warm up (session, content types)
        few = count_queries(client, url("checklist_conversation", four))
        add(15)
        many = count_queries(client, url("checklist_conversation", four))
        four.agreements.all().delete()
        add(1)
        assert few == many


def test_demo_round_has_a_date_in_the_past(zonnebloem):
    checklist_round = closed_round(zonnebloem)

    assert checklist_round.closed_at.date() < timezone.localdate() - timedelta(days=30)
    assert checklist_round.agreements.count() == 3
