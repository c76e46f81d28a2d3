"""The time budget: hours per kartrekker and werkgroeplid next to the handbook's guidelines."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from phases.models import FacilitatedHours, school_year_of
from schools.models import Membership, User
from tests.factories import MembershipFactory

THIS_YEAR = school_year_of(timezone.localdate())[0].year


def url(school, year=None):
    base = reverse("time_budget", args=[school.slug])
    return f"{base}?jaar={year}" if year is not None else base


def member(school, email):
    return Membership.objects.get(school=school, user__email=email)


@pytest.fixture
def karim(zonnebloem):
    return member(zonnebloem, "kartrekker@zonnebloem.example")


@pytest.fixture
def wendy(zonnebloem):
    return member(zonnebloem, "werkgroep@zonnebloem.example")


def hours(membership, year=THIS_YEAR):
    row = FacilitatedHours.objects.filter(membership=membership, school_year=year).first()
    return row.hours if row else None


def test_page_shows_people_hours_and_both_guidelines(client_for, kartrekker, zonnebloem):
    response = client_for(kartrekker).get(url(zonnebloem))

    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "30 uur per schooljaar",
        "4 uur per week",
        "20 uur per schooljaar",
        "25 uur per schooljaar",
        f"Schooljaar {THIS_YEAR}-{THIS_YEAR + 1}",
    ):
        assert text in page
    rows = {str(r.membership.user): r for r in response.context["rows"]}
    # Karim is kartrekker and werkgroeplid: he counts once, as kartrekker.
    assert [r.role for r in response.context["rows"]].count("kartrekker") == 1
    assert rows["Karim El Amrani"].role == "kartrekker"
    assert rows["Karim El Amrani"].reaches_guideline is True
    assert rows["Wendy Jansen"].role == "werkgroeplid"
    assert rows["Wendy Jansen"].saved == Decimal("12")
    assert rows["Wendy Jansen"].reaches_guideline is False
    assert "onder 20 uur" in page
    assert "minstens 30 uur" in page


def test_kartrekker_saves_hours_with_a_decimal_comma(
    client_for, kartrekker, zonnebloem, karim, wendy
):
    client = client_for(kartrekker)
    response = client.post(url(zonnebloem), {f"uren-{karim.pk}": "32,5", f"uren-{wendy.pk}": "20"})

    assert response.status_code == 302
    assert response["Location"] == url(zonnebloem, THIS_YEAR)
    assert hours(karim) == Decimal("32.5")
    assert hours(wendy) == Decimal("20")
    page = client.get(response["Location"]).content.decode()
    assert "zijn opgeslagen" in page
    assert 'value="32,5"' in page
    assert 'value="20"' in page


def test_emptying_a_field_removes_the_hours(client_for, schoolleider, zonnebloem, karim, wendy):
    response = client_for(schoolleider).post(
        url(zonnebloem), {f"uren-{karim.pk}": "30", f"uren-{wendy.pk}": ""}
    )

    assert response.status_code == 302
    assert hours(wendy) is None
    assert hours(karim) == Decimal("30")


def test_hours_are_kept_per_school_year(client_for, kartrekker, zonnebloem, karim):
    client = client_for(kartrekker)
    next_year = THIS_YEAR + 1

    page = client.get(url(zonnebloem, next_year))
    assert all(r.saved is None for r in page.context["rows"])
    client.post(url(zonnebloem, next_year), {f"uren-{karim.pk}": "40"})

    assert hours(karim, next_year) == Decimal("40")
    assert hours(karim) == Decimal("30")


@pytest.mark.parametrize("year", ["abc", "1850", "99999", "", "-1", "²", "2026.5"])
def test_nonsense_year_shows_the_current_school_year(client_for, kartrekker, zonnebloem, year):
    response = client_for(kartrekker).get(f"{url(zonnebloem)}?jaar={year}")
    assert response.status_code == 200
    assert response.context["year"] == THIS_YEAR


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "Het aantal uren kan niet negatief zijn."),
        ("5000", "Vul hoogstens 2000 uur in."),
        ("abc", "Vul een getal in, bijvoorbeeld 30 of 12,5."),
        ("12,55", "Gebruik hoogstens één cijfer achter de komma"),
        ("1" * 300, "Vul hoogstens 2000 uur in."),
    ],
)
def test_bad_hours_are_refused_with_a_dutch_message(
    client_for, kartrekker, zonnebloem, karim, wendy, value, message
):
    response = client_for(kartrekker).post(
        url(zonnebloem), {f"uren-{karim.pk}": value, f"uren-{wendy.pk}": "25"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'value="{value}"' in page
    assert 'value="25"' in page
    assert "niet opgeslagen" in page
    assert hours(karim) == Decimal("30")
    assert hours(wendy) == Decimal("12")


@pytest.mark.parametrize(
    "email",
    [
        "anouk.peters@zonnebloem.example",
        "bestuur@voorbeeld.example",
        "werkgroep@zonnebloem.example",
    ],
)
def test_readers_see_the_page_but_cannot_save(client_for, zonnebloem, karim, email):
    client = client_for(User.objects.get(email=email))

    page = client.get(url(zonnebloem))
    assert page.status_code == 200
    assert f'name="uren-{karim.pk}"' not in page.content.decode()
    assert "30 uur per schooljaar" in page.content.decode()

    assert client.post(url(zonnebloem), {f"uren-{karim.pk}": "99"}).status_code == 403
    assert hours(karim) == Decimal("30")


def test_outsider_gets_404(client_for, vlinder_kartrekker, zonnebloem, karim):
    client = client_for(vlinder_kartrekker)
    assert client.get(url(zonnebloem)).status_code == 404
    assert client.post(url(zonnebloem), {f"uren-{karim.pk}": "99"}).status_code == 404
    assert hours(karim) == Decimal("30")


def test_school_without_werkgroep_explains_what_to_do(client_for, vlinder_kartrekker, vlinder):
    Membership.objects.filter(school=vlinder).update(kartrekker=False, werkgroeplid=False)

    response = client_for(vlinder_kartrekker).get(url(vlinder))

    assert response.status_code == 200
    assert "nog geen kartrekkers of werkgroepleden" in response.content.decode()


@pytest.mark.parametrize("extra", [0, 15])
def test_query_count_does_not_grow_with_the_werkgroep(
    django_assert_num_queries, client_for, kartrekker, zonnebloem, extra
):
    for _ in range(extra):
        membership = MembershipFactory(school=zonnebloem, werkgroeplid=True)
        FacilitatedHours.objects.create(
            school=zonnebloem, membership=membership, school_year=THIS_YEAR, hours=Decimal("20")
        )
    client = client_for(kartrekker)

    # Session, user, access; the werkgroep; their hours.
    with django_assert_num_queries(5):
        response = client.get(url(zonnebloem))

    assert len(response.context["rows"]) == 2 + extra
