"""The dashboard warns about kartrekkers, the werkgroep and hours, and links to the fix."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from phases.models import FacilitatedHours, school_year_of
from tests.factories import MembershipFactory


def dashboard(client, school) -> str:
    response = client.get(school.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def warning_codes(content: str) -> set[str]:
    return {
        code
        for code in ("kartrekkers", "werkgroep", "uren")
        if f'data-setup-warning="{code}"' in content
    }


def this_year() -> int:
    return school_year_of(timezone.localdate())[0].year


def test_fewer_than_two_kartrekkers_warns_until_a_second_is_appointed(
    client_for, schoolleider, zonnebloem
):
    client = client_for(schoolleider)
    content = dashboard(client, zonnebloem)
    assert warning_codes(content) == {"kartrekkers"}  # the demo has one kartrekker
    assert "Deze school heeft 1 kartrekker." in content
    assert f'href="{reverse("member_list", args=[zonnebloem.slug])}">Kartrekker aanstellen' in (
        content
    )
    assert f'href="{reverse("kartrekker_profile")}"' in content
    MembershipFactory(school=zonnebloem, kartrekker=True)
    content = dashboard(client, zonnebloem)
    assert "kartrekkers" not in warning_codes(content)
    assert "data-setup-warnings" not in content


def test_a_school_without_kartrekkers(client_for, schoolleider, zonnebloem):
    zonnebloem.memberships.update(kartrekker=False)
    assert "Deze school heeft 0 kartrekkers." in dashboard(client_for(schoolleider), zonnebloem)


def test_werkgroep_without_members_warns_until_someone_joins(client_for, schoolleider, zonnebloem):
    client = client_for(schoolleider)
    assert "werkgroep" not in warning_codes(dashboard(client, zonnebloem))
    zonnebloem.memberships.update(werkgroeplid=False)
    content = dashboard(client, zonnebloem)
    assert "werkgroep" in warning_codes(content)
    assert "De werkgroep TSO heeft nog geen leden." in content
    MembershipFactory(school=zonnebloem, werkgroeplid=True)
    assert "werkgroep" not in warning_codes(dashboard(client, zonnebloem))


def test_no_hours_this_school_year_warns_until_hours_are_recorded(
    client_for, kartrekker, zonnebloem
):
    client = client_for(kartrekker)
    assert "uren" not in warning_codes(dashboard(client, zonnebloem))
    year = this_year()
    FacilitatedHours.objects.filter(school=zonnebloem).delete()
    # Last year's hours do not count, nor does a row of zero hours.
    membership = zonnebloem.memberships.get(user=kartrekker)
    FacilitatedHours.objects.create(
        school=zonnebloem, membership=membership, school_year=year - 1, hours=Decimal("30")
    )
    FacilitatedHours.objects.create(
        school=zonnebloem, membership=membership, school_year=year, hours=Decimal("0")
    )
    content = dashboard(client, zonnebloem)
    assert "uren" in warning_codes(content)
    assert f"Voor schooljaar {year}-{year + 1} zijn nog geen uren" in content
    budget = reverse("time_budget", args=[zonnebloem.slug])
    assert f'href="{budget}?jaar={year}">Uren vastleggen' in content
    FacilitatedHours.objects.filter(school=zonnebloem, school_year=year).update(hours=12)
    assert "uren" not in warning_codes(dashboard(client, zonnebloem))


@pytest.mark.parametrize("persona", ["werkgroeplid", "bestuurslid"])
def test_readers_see_the_warnings_without_links_to_fix_them(
    client_for, zonnebloem, persona, request
):
    FacilitatedHours.objects.filter(school=zonnebloem).delete()
    content = dashboard(client_for(request.getfixturevalue(persona)), zonnebloem)
    assert warning_codes(content) == {"kartrekkers", "uren"}
    assert ">Kartrekker aanstellen<" not in content and ">Uren vastleggen<" not in content


def test_other_schools_have_their_own_warnings(client_for, vlinder_kartrekker, vlinder):
    content = dashboard(client_for(vlinder_kartrekker), vlinder)
    assert "kartrekkers" in warning_codes(content)
    assert f'href="{reverse("member_list", args=[vlinder.slug])}"' in content


@pytest.mark.parametrize("extra_members, extra_hours", [(0, 0), (40, 40)])
def test_warnings_cost_one_query_whatever_the_size(
    client_for, kartrekker, zonnebloem, django_assert_num_queries, extra_members, extra_hours
):
    members = MembershipFactory.create_batch(extra_members, school=zonnebloem, werkgroeplid=True)
    FacilitatedHours.objects.bulk_create(
        FacilitatedHours(school=zonnebloem, membership=m, school_year=this_year(), hours=5)
        for m in members[:extra_hours]
    )
    client = client_for(kartrekker)
    client.get(zonnebloem.get_absolute_url())
    with django_assert_num_queries(18):  # as pinned in test_dashboard.py
        dashboard(client, zonnebloem)
