"""The kartrekker profile (Bijlage 2): a page for everyone, a checklist when appointing."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from schools.kartrekkers import checklist_items
from schools.models import KartrekkerProfileItem, KartrekkerProfileSection, Membership
from tests.factories import MembershipFactory, UserFactory

PROFILE = reverse("kartrekker_profile")


def roles_url(membership):
    return reverse("change_roles", args=[membership.school.slug, membership.pk])


def members_url(school):
    return reverse("member_list", args=[school.slug])


@pytest.fixture
def teamlid(zonnebloem):
    return MembershipFactory(school=zonnebloem, teamlid=True)


def test_shipped_profile_has_requirements_and_tasks_per_phase(demo):
    kinds = list(KartrekkerProfileSection.objects.values_list("kind", flat=True))
    assert kinds == ["positie", "eisen", "taken", "taken"]
    titles = " ".join(KartrekkerProfileSection.objects.values_list("title", flat=True))
    assert "Verkennen en Voorbereiden" in titles and "Uitvoeren en Borgen" in titles
    assert checklist_items().count() == 14  # 5 requirements, 4 + 5 tasks
    assert not checklist_items().filter(section__kind="positie").exists()


def test_profile_page_for_every_logged_in_user(client, client_for, demo):
    assert client.get(PROFILE)["Location"].startswith(reverse("login"))
    content = client_for(UserFactory()).get(PROFILE).content.decode()
    assert "Profiel en taken van de kartrekker" in content
    for section in KartrekkerProfileSection.objects.all():
        assert section.title in content
    assert "Leony Coppens" in content and "minstens 2" in content
    assert f'href="{reverse("aid_library")}"' in content


def test_profile_page_query_count(client_for, demo, django_assert_num_queries):
    client = client_for(UserFactory())
    client.get(PROFILE)
    with django_assert_num_queries(4):  # session, user, sections, items
        client.get(PROFILE)


def test_members_page_shows_the_profile_to_those_who_appoint(
    client_for, schoolleider, werkgroeplid, zonnebloem
):
    content = client_for(schoolleider).get(members_url(zonnebloem)).content.decode()
    assert "data-kartrekker-card" in content and "Kartrekkers aanstellen" in content
    assert "Deze school heeft 1 kartrekker." in content and "data-too-few-kartrekkers" in content
    assert "Taken in de fasen Uitvoeren en Borgen" in content
    assert "Kartrekkersprofiel: 0 van 14 punten besproken" in content
    # Who cannot appoint sees neither the card nor the ticks.
    content = client_for(werkgroeplid).get(members_url(zonnebloem)).content.decode()
    assert "data-kartrekker-card" not in content and "punten besproken" not in content


def test_roles_page_offers_the_checklist_and_keeps_what_was_ticked(
    client_for, schoolleider, zonnebloem, teamlid
):
    client = client_for(schoolleider)
    page = client.get(roles_url(teamlid)).content.decode()
    assert 'id="kartrekkersprofiel"' in page and "Niet verplicht" in page
    for item in checklist_items():
        assert escape(item.text) in page
    chosen = list(checklist_items()[:3])
    response = client.post(
        roles_url(teamlid),
        {"roles": ["teamlid", "kartrekker"], "kartrekker_checklist": [i.pk for i in chosen]},
    )
    assert response.status_code == 302
    teamlid.refresh_from_db()
    assert teamlid.kartrekker
    assert set(teamlid.kartrekker_checklist.all()) == set(chosen)
    # Shown later: on the members page and ticked on the roles page.
    members = client.get(members_url(zonnebloem)).content.decode()
    assert "Kartrekkersprofiel: 3 van 14 punten besproken" in members
    assert "Deze school heeft 2 kartrekkers." in members
    assert "data-too-few-kartrekkers" not in members
    page = client.get(roles_url(teamlid)).content.decode()
    for item in chosen:
        assert f'value="{item.pk}" id="id_kartrekker_checklist_{item.pk}" checked' in page
    assert f'value="{checklist_items()[3].pk}" id="id_kartrekker_checklist_' in page
    assert page.count(" checked>") == 3 + 2  # the ticks and the two roles


def test_the_checklist_is_never_required(client_for, schoolleider, teamlid):
    response = client_for(schoolleider).post(
        roles_url(teamlid), {"roles": ["teamlid", "kartrekker"]}
    )
    assert response.status_code == 302
    teamlid.refresh_from_db()
    assert teamlid.kartrekker and not teamlid.kartrekker_checklist.exists()


def test_ticks_are_kept_when_the_form_has_an_error(client_for, schoolleider, teamlid):
    item = checklist_items().first()
    response = client_for(schoolleider).post(
        roles_url(teamlid),
        {"roles": ["teamlid", "trainer"], "kartrekker_checklist": [item.pk]},  # no trainer kind
    )
    assert response.status_code == 400
    assert f'value="{item.pk}" id="id_kartrekker_checklist_{item.pk}" checked' in (
        response.content.decode()
    )
    assert not Membership.objects.get(pk=teamlid.pk).kartrekker_checklist.exists()


def test_only_checklist_items_can_be_ticked(client_for, schoolleider, teamlid):
    position = KartrekkerProfileItem.objects.filter(section__kind="positie").first()
    response = client_for(schoolleider).post(
        roles_url(teamlid), {"roles": ["teamlid"], "kartrekker_checklist": [position.pk, "x"]}
    )
    assert response.status_code == 400
    assert not Membership.objects.get(pk=teamlid.pk).kartrekker_checklist.exists()


def test_a_werkgroeplid_cannot_tick_for_someone(client_for, werkgroeplid, teamlid):
    item = checklist_items().first()
    response = client_for(werkgroeplid).post(
        roles_url(teamlid), {"roles": ["teamlid"], "kartrekker_checklist": [item.pk]}
    )
    assert response.status_code == 403
    assert not teamlid.kartrekker_checklist.exists()
