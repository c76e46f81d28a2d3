"""The Rapporten page: every PDF of a school a person may print, and nothing else."""

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.urls import reverse

from actieplan.models import Actieplan, Bijeenkomst
from ontwikkelmodel.checklist import open_round
from ontwikkelmodel.rondes import open_ronde
from phases.models import SessionKind, TrainingSession, Voorgesprek, Werkmoment
from schools.models import Membership, User
from tests.factories import BestuurFactory, BoardMembershipFactory
from tso import report_kinds
from tso.report_kinds import KINDS, available_kinds, get_kind, url_exists, who_may_print

EVERY_SCHOOL_KIND = {"schooloverzicht", "jaarplanning", "tijdlijn", "verslag", "profiel"}
EVERY_MEMBER_KIND = EVERY_SCHOOL_KIND | {"gezamenlijk", "actieplan", "notulen", "ontwikkelmodel"}
PDF_LINK = re.compile(r'href="([^"]+\.pdf[^"]*)"')


def page(client, school):
    response = client.get(reverse("report_index", args=[school.slug]))
    assert response.status_code == 200
    return response


def kinds_on(response) -> set[str]:
    return set(re.findall(r'data-report-kind="([^"]+)"', response.content.decode()))


def pdf_links(response) -> set[str]:
    return set(PDF_LINK.findall(response.content.decode()))


def user(email):
    return User.objects.get(email=email)


@pytest.fixture
def teamlid(demo):
    return user("teamlid@zonnebloem.example")


@pytest.fixture
def mt_lid(demo):
    return user("mt1@zonnebloem.example")


# The registry ---------------------------------------------------------------------


def test_every_kind_of_the_issue_is_registered_and_its_url_exists():
    assert [kind.key for kind in available_kinds()] == [kind.key for kind in KINDS]
    for kind in KINDS:
        assert url_exists(kind.url_name), kind.key
    assert get_kind("werkmoment").permission == "phases.view_reflection_results"
    assert get_kind("voortgang").permission == "tso.print_progress_report"


def test_a_kind_whose_url_does_not_exist_yet_is_left_out(
    monkeypatch, zonnebloem, kartrekker, client_for
):
    future = replace(get_kind("werkmoment"), url_name="bestaat_nog_niet")
    monkeypatch.setitem(report_kinds.BY_KEY, "werkmoment", future)
    monkeypatch.setattr(
        report_kinds, "KINDS", [future if k.key == "werkmoment" else k for k in KINDS]
    )

    assert get_kind("werkmoment") is None
    assert "werkmoment" not in [k.key for k in available_kinds()]
    assert "werkmoment" not in kinds_on(page(client_for(kartrekker), zonnebloem))


def test_who_may_print_is_read_from_the_permission(zonnebloem):
    assert who_may_print(get_kind("notulen"), zonnebloem) == [
        "Schoolleider",
        "MT-lid",
        "Kartrekker",
        "Werkgroeplid",
        "Trainer",
        "Teamlid",
    ]
    assert who_may_print(get_kind("checklist-team"), zonnebloem) == [
        "Schoolleider",
        "MT-lid",
        "Kartrekker",
        "Bestuur",
    ]
    assert "Teamlid" not in who_may_print(get_kind("werkmoment"), zonnebloem)
    assert "Bestuur" not in who_may_print(get_kind("werkmoment"), zonnebloem)


# Per persona: what is listed, and that nothing else is ------------------------------


def test_teamlid_sees_the_schools_documents_but_no_leadership_or_reflection(
    zonnebloem, teamlid, client_for
):
    response = page(client_for(teamlid), zonnebloem)

    assert kinds_on(response) == EVERY_MEMBER_KIND
    content = response.content.decode()
    assert "Wie mag dit printen:" in content
    assert "checklist" not in " ".join(pdf_links(response))
    assert "werkmoment" not in content.lower().replace("werkmomenten", "")


def test_werkgroeplid_also_prints_progress_reflection_and_own_forms(
    zonnebloem, werkgroeplid, client_for
):
    response = page(client_for(werkgroeplid), zonnebloem)

    assert kinds_on(response) == EVERY_MEMBER_KIND | {
        "voortgang",
        "werkmoment",
        "gespreksformulier",
    }
    assert reverse("progress_report", args=[zonnebloem.slug]) in response.content.decode()


def test_kartrekker_sees_the_checklist_team_result_but_no_ones_own_answers(
    zonnebloem, kartrekker, client_for
):
    response = page(client_for(kartrekker), zonnebloem)

    kinds = kinds_on(response)
    assert "checklist-team" in kinds
    assert "checklist-eigen" not in kinds  # a kartrekker does not fill it in
    assert EVERY_MEMBER_KIND | {"voortgang", "werkmoment", "gespreksformulier"} <= kinds


def test_schoolleider_and_mt_lid_print_their_own_checklist(
    zonnebloem, schoolleider, mt_lid, client_for
):
    for person in (schoolleider, mt_lid):
        kinds = kinds_on(page(client_for(person), zonnebloem))
        assert {"checklist-team", "checklist-eigen", "voortgang"} <= kinds, person.email
    # The MT-lid took part in no ronde: no own gespreksformulier to print.
    assert "gespreksformulier" not in kinds_on(page(client_for(mt_lid), zonnebloem))


def test_trainer_prints_the_implementation_documents_without_the_checklist(
    zonnebloem, trainer, client_for
):
    kinds = kinds_on(page(client_for(trainer), zonnebloem))

    assert EVERY_MEMBER_KIND | {"voortgang", "werkmoment"} <= kinds
    assert not kinds & {"checklist-team", "checklist-eigen"}


def test_board_member_sees_what_the_board_reads(zonnebloem, bestuurslid, client_for):
    response = page(client_for(bestuurslid), zonnebloem)

    kinds = kinds_on(response)
    assert kinds == EVERY_SCHOOL_KIND | {
        "voortgang",
        "gezamenlijk",
        "actieplan",
        "ontwikkelmodel",
        "checklist-team",
    }
    content = response.content.decode()
    assert "besluit en afspraken" in content
    assert "voortgang: doelen en status, zonder namen en notities" in content
    # The school did not share its checklist team result: the kind says so, no link.
    assert "Nog geen teamresultaat om te printen." in content
    assert not [link for link in pdf_links(response) if "checklist" in link]
    # Only closed rondes: the ronde under way is not listed.
    open_ronde = zonnebloem.rondes.exclude(step="afgesloten").get()
    assert f"/rondes/{open_ronde.pk}/" not in content


def test_board_member_gets_the_team_result_once_the_school_shares_it(
    zonnebloem, bestuurslid, client_for
):
    checklist_round = zonnebloem.checklist_rounds.get()
    checklist_round.share_team_result_with_board = True
    checklist_round.save()

    response = page(client_for(bestuurslid), zonnebloem)

    assert reverse("checklist_team_pdf", args=[zonnebloem.slug, checklist_round.pk]) in (
        pdf_links(response)
    )


def test_outsider_gets_404(zonnebloem, vlinder_kartrekker, client_for):
    response = client_for(vlinder_kartrekker).get(reverse("report_index", args=[zonnebloem.slug]))

    assert response.status_code == 404


def test_the_page_is_linked_from_the_dashboard(zonnebloem, teamlid, client_for):
    response = client_for(teamlid).get(reverse("school_dashboard", args=[zonnebloem.slug]))

    content = response.content.decode()
    url = reverse("report_index", args=[zonnebloem.slug])
    assert f'href="{url}">Rapporten printen</a>' in content


# What is listed can be printed; what is not listed cannot ------------------------------


def test_every_link_listed_for_the_teamlid_and_the_board_prints(
    zonnebloem, teamlid, bestuurslid, client_for
):
    for person in (teamlid, bestuurslid):
        client = client_for(person)
        links = pdf_links(page(client, zonnebloem))
        assert links
        for link in links:
            response = client.get(link.replace("&amp;", "&"))
            assert response.status_code == 200, (person.email, link)
            assert response["Content-Type"] == "application/pdf"


def test_what_the_teamlid_does_not_see_is_refused(zonnebloem, teamlid, client_for):
    client = client_for(teamlid)
    checklist_round = zonnebloem.checklist_rounds.get()
    werkmoment = Werkmoment.objects.filter(session__school=zonnebloem).first()
    refused = [
        reverse("checklist_team_pdf", args=[zonnebloem.slug, checklist_round.pk]),
        reverse("checklist_personal_pdf", args=[zonnebloem.slug, checklist_round.pk]),
        reverse("werkmoment_pdf", args=[zonnebloem.slug, werkmoment.pk]),
        reverse("progress_report_pdf", args=[zonnebloem.slug]),
    ]
    listed = pdf_links(page(client, zonnebloem))
    for url in refused:
        assert url not in listed
        assert client.get(url).status_code in (403, 404), url


# A fixed number of queries, whatever the school has ---------------------------------


def add_history(school, kartrekker):
    """Five voorgesprekken, three rondes, two checklist rounds, two plans with meetings
    and three werkmomenten more."""
    today = date(2026, 11, 24)
    for n in range(5):
        Voorgesprek.objects.create(school=school, date=today - timedelta(days=40 * n + 1))
    members = Membership.objects.filter(school=school, user=kartrekker)
    leaders = Membership.objects.filter(school=school, schoolleider=True)
    for n in range(3):
        open_ronde(
            school,
            title=f"Extra ronde {n}",
            deadline=today + timedelta(days=10),
            members=members,
            opened_by=kartrekker,
        )
    for n in range(2):
        open_round(school, title=f"Extra checklist {n}", members=leaders)
    for n in range(2):
        plan = Actieplan.objects.create(
            school=school,
            title=f"Plan {2030 + n}",
            starts_on=date(2030 + n, 8, 1),
            ends_on=date(2031 + n, 7, 31),
        )
        for m in range(3):
            Bijeenkomst.objects.create(
                actieplan=plan,
                date=date(2030 + n, 9, 1 + m),
                start_time="15:00",
                end_time="16:30",
            )
    for n in range(3):
        session = TrainingSession.objects.create(
            school=school, kind=SessionKind.WERKMOMENT, date=date(2027, 3, 1 + n)
        )
        Werkmoment.objects.create(session=session)


def test_query_count_does_not_grow_with_rondes_or_voorgesprekken(
    zonnebloem, kartrekker, client_for, django_assert_num_queries
):
    client = client_for(kartrekker)
    url = reverse("report_index", args=[zonnebloem.slug])
    client.get(url)  # warm the session and content caches

    with django_assert_num_queries(10):
        before = client.get(url)
    add_history(zonnebloem, kartrekker)
    with django_assert_num_queries(10):
        after = client.get(url)

    # 5 verslagen, 3 own forms, 2 plans, 6 minutes, 3 werkmomenten; the new checklist
    # rounds have no team result yet (nobody handed in).
    assert len(pdf_links(after)) == len(pdf_links(before)) + 5 + 3 + 2 + 6 + 3
    assert "Extra ronde 2" in after.content.decode()


def test_a_board_member_of_another_board_sees_nothing(zonnebloem, client_for):
    outsider = BoardMembershipFactory(bestuur=BestuurFactory()).user

    response = client_for(outsider).get(reverse("report_index", args=[zonnebloem.slug]))

    assert response.status_code == 404
