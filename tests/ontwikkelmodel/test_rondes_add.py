"""A kartrekker or schoolleider opens a ronde: title, deadline, participants."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ontwikkelmodel.models import Ronde
from schools.models import Membership


@pytest.fixture
def add_url(zonnebloem):
    return reverse("ronde_add", args=[zonnebloem.slug])


def eligible(school):
    return Membership.objects.filter(school=school).exclude(
        schoolleider=False, mt_lid=False, kartrekker=False, werkgroeplid=False, trainer=False
    )


def test_the_form_lists_the_people_who_can_take_part(client_for, kartrekker, zonnebloem, add_url):
    content = client_for(kartrekker).get(add_url).content.decode()
    assert "Sanne de Vries · Schoolleider" in content
    assert "Tamara Hoekstra · Trainer" in content
    assert "Anouk Peters" not in content  # a teamlid only
    # Everyone who can take part is ticked to begin with.
    assert content.count("checked") == eligible(zonnebloem).count()


def test_only_kartrekker_and_schoolleider_open_a_ronde(client_for, werkgroeplid, add_url):
    client = client_for(werkgroeplid)
    assert client.get(add_url).status_code == 403
    assert client.post(add_url, {"title": "x"}).status_code == 403


def test_opening_a_ronde(client_for, schoolleider, zonnebloem, add_url):
    chosen = list(eligible(zonnebloem).filter(kartrekker=True)) + list(
        eligible(zonnebloem).filter(schoolleider=True)
    )
    deadline = timezone.localdate() + timedelta(days=14)
    response = client_for(schoolleider).post(
        add_url,
        {
            "title": "  Jaarlijkse evaluatie 2027 ",
            "deadline": deadline.isoformat(),
            "participants": [m.pk for m in chosen],
        },
    )
    ronde = Ronde.objects.get(title="Jaarlijkse evaluatie 2027")
    assert response.status_code == 302
    assert response["Location"] == reverse("ronde_detail", args=[zonnebloem.slug, ronde.pk])
    assert ronde.school == zonnebloem and ronde.deadline == deadline and ronde.is_individual
    assert ronde.created_by == schoolleider
    assert sorted(p.name for p in ronde.participants.all()) == ["Karim El Amrani", "Sanne de Vries"]
    assert ronde.participants.get(name="Karim El Amrani").role_label == (
        "Kartrekker, Werkgroeplid, Teamlid"
    )
    assert ronde.history.get().history_user == schoolleider


def test_bad_input_gets_a_dutch_message_per_field_and_is_kept(
    client_for, kartrekker, zonnebloem, add_url
):
    before = Ronde.objects.count()
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client_for(kartrekker).post(
        add_url, {"title": "<b>Ronde</b>", "deadline": yesterday.isoformat()}
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Deze datum ligt in het verleden; kies vandaag of later." in content
    assert "Kies minstens één deelnemer." in content
    assert 'value="&lt;b&gt;Ronde&lt;/b&gt;"' in content
    assert f'value="{yesterday.isoformat()}"' in content
    assert Ronde.objects.count() == before


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": "", "deadline": "2099-01-01"}, "Geef de ronde een naam."),
        ({"title": "   ", "deadline": "2099-01-01"}, "Geef de ronde een naam."),
        ({"title": "x" * 121, "deadline": "2099-01-01"}, "hoogstens 120 tekens"),
        ({"title": "Ronde", "deadline": "morgen"}, "Vul een geldige datum in"),
        ({"title": "Ronde", "deadline": ""}, "Kies tot wanneer de deelnemers"),
        (
            {"title": "Ronde", "deadline": "2099-01-01", "participants": ["999999"]},
            "Kies deelnemers uit de lijst van deze school.",
        ),
        (
            {"title": "Ronde", "deadline": "2099-01-01", "participants": ["abc"]},
            "Kies deelnemers uit de lijst van deze school.",
        ),
    ],
)
def test_each_bad_input(client_for, kartrekker, add_url, data, message):
    response = client_for(kartrekker).post(add_url, data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_teamlid_or_someone_of_another_school_cannot_be_chosen(
    client_for, kartrekker, zonnebloem, vlinder, add_url
):
    teamlid = Membership.objects.get(
        school=zonnebloem, user__email="anouk.peters@zonnebloem.example"
    )
    other = Membership.objects.filter(school=vlinder).first()
    for membership in (teamlid, other):
        response = client_for(kartrekker).post(
            add_url,
            {"title": "Ronde", "deadline": "2099-01-01", "participants": [membership.pk]},
        )
        assert response.status_code == 400
        assert "Kies deelnemers uit de lijst van deze school." in response.content.decode()
