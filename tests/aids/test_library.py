"""The aids library: every logged-in user reads it; links go out as plain anchors."""

import re

import pytest
from django.urls import reverse

from aids.models import Aid, AidItem, AidKind, AidSection
from tests.factories import MembershipFactory, SchoolFactory, UserFactory

LIBRARY = reverse("aid_library")


def detail(code):
    return reverse("aid_detail", args=[code])


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_anonymous_visitors_are_sent_to_login(client):
    for url in (LIBRARY, detail("piramide")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["teamlid_user", "kartrekker", "bestuurslid", "trainer"])
def test_library_lists_every_aid_grouped_for_everyone_logged_in(client_for, persona, request):
    user = request.getfixturevalue(persona)
    content = page(client_for(user), LIBRARY)
    for heading in ("Kartrekkers", "Modellen", "Screening", "Praktische suggesties"):
        assert f">{heading}</h2>" in content
    for aid in Aid.objects.filter(active=True):
        assert f'data-aid="{aid.code}"' in content
    # A page elsewhere in the app is linked directly; a school's page via the library.
    assert f'href="{reverse("kartrekker_profile")}"' in content
    assert f'href="{reverse("ontwikkelmodel_grid")}#kenniselementen"' in content
    assert f'href="{detail("voorgesprek")}"' in content
    assert f'href="{detail("inrichting")}"' in content


@pytest.fixture
def teamlid_user(zonnebloem):
    return MembershipFactory(school=zonnebloem, teamlid=True).user


def test_nav_links_to_the_library(client_for, kartrekker):
    content = page(client_for(kartrekker), reverse("phase_overview"))
    assert f'href="{LIBRARY}">Hulpmiddelen</a>' in content


def test_inactive_aids_are_hidden(client_for, kartrekker):
    Aid.objects.filter(code="screening").update(active=False)
    client = client_for(kartrekker)
    assert 'data-aid="screening"' not in page(client, LIBRARY)
    page(client, detail("screening"), status=404)
    page(client, detail("bestaat-niet"), status=404)


def test_pyramid_shows_three_tiers_with_example_activities(client_for, kartrekker):
    content = page(client_for(kartrekker), detail("piramide"))
    assert "Bijlage 8 van het handboek TSO" in content
    for tier in ("Eerste laag", "Tweede laag", "Derde laag"):
        assert tier in content
    assert "Kanjertraining" in content and "EMDR" in content


def test_screening_lists_instruments_by_topic_with_where_to_get_them(client_for, kartrekker):
    content = page(client_for(kartrekker), detail("screening"))
    assert "Verkrijgbaar via" in content
    for topic in ("Posttraumatische stress", "Gedrag", "Executieve functies", "Emotieregulatie"):
        assert topic in content
    assert "Children&#x27;s Revised Impact of Event Scale (CRIES-13)" in content
    assert "Uitgever Hogrefe" in content and "hogrefe.com" in content
    assert "geen namen of uitkomsten van leerlingen" in content


def test_suggestions_have_four_sections(client_for, kartrekker):
    content = page(client_for(kartrekker), detail("inrichting"))
    for section in ("Het klaslokaal", "Zitplaatsen", "Materialen", "Het schoolplein"):
        assert f">{section}</h2>" in content


def external_anchors(content):
    return re.findall(r'<a href="(https?://[^"]+)"([^>]*)>', content)


def test_external_links_are_plain_anchors_that_open_in_a_new_tab(client_for, kartrekker):
    content = page(client_for(kartrekker), detail("verdieping"))
    anchors = external_anchors(content)
    assert len(anchors) == AidItem.objects.filter(section__aid__code="verdieping").count()
    for _url, attributes in anchors:
        assert 'rel="noopener noreferrer"' in attributes and 'target="_blank"' in attributes
    # The site is shown next to the link; nothing is embedded.
    assert '<span class="aid-domain text-body-secondary small">bol.com</span>' in content
    assert "<iframe" not in content and "<img" not in content
    assert "(opent in een nieuw tabblad)" in content


def test_a_link_that_is_not_a_web_address_is_shown_as_text(client_for, kartrekker):
    section = AidSection.objects.get(aid__code="verdieping", order=1)
    AidItem.objects.create(section=section, order=99, title="Verdacht", url="javascript:alert(1)")
    content = page(client_for(kartrekker), detail("verdieping"))
    assert "Verdacht" in content and "javascript:" not in content


def test_a_school_page_aid_lists_the_readers_schools(client_for, kartrekker, trainer, zonnebloem):
    content = page(client_for(kartrekker), detail("voorgesprek"))
    url = reverse("voorgesprek_list", args=[zonnebloem.slug])
    assert f'<a href="{url}">OBS De Zonnebloem</a>' in content
    # A trainer of two schools gets both.
    assert page(client_for(trainer), detail("voorgesprek")).count("/voorgesprekken/") == 2
    loner = UserFactory()
    assert "Je bent nog geen lid van een school" in page(client_for(loner), detail("voorgesprek"))


def test_an_app_page_aid_links_to_the_page(client_for, kartrekker):
    content = page(client_for(kartrekker), detail("kenniselementen"))
    assert f'href="{reverse("ontwikkelmodel_grid")}#kenniselementen"' in content
    grid = page(client_for(kartrekker), reverse("ontwikkelmodel_grid"))
    assert 'id="kenniselementen"' in grid


def test_text_is_escaped(client_for, kartrekker):
    aid = Aid.objects.create(
        code="test", title="<script>x</script>", kind=AidKind.OVERIG, summary="<b>vet</b>"
    )
    content = page(client_for(kartrekker), detail(aid.code))
    assert "<script>x</script>" not in content and "&lt;b&gt;vet&lt;/b&gt;" in content


@pytest.mark.parametrize("extra", [0, 40])
def test_library_query_count_is_fixed(client_for, kartrekker, django_assert_num_queries, extra):
    Aid.objects.bulk_create(
        Aid(code=f"extra-{n}", title=f"Extra {n}", kind=AidKind.LEESLIJST, summary="s", order=50)
        for n in range(extra)
    )
    client = client_for(kartrekker)
    client.get(LIBRARY)
    # session, user, aids
    with django_assert_num_queries(3):
        client.get(LIBRARY)


@pytest.mark.parametrize("extra", [0, 30])
def test_detail_query_count_is_fixed(client_for, kartrekker, django_assert_num_queries, extra):
    section = AidSection.objects.create(aid=Aid.objects.get(code="verdieping"), order=50, title="X")
    AidItem.objects.bulk_create(
        AidItem(section=section, order=n, title=f"Boek {n}", url="https://example.org/")
        for n in range(extra)
    )
    client = client_for(kartrekker)
    client.get(detail("verdieping"))
    # session, user, aid, sections, items
    with django_assert_num_queries(5):
        client.get(detail("verdieping"))


def test_school_page_aid_query_count_does_not_grow_with_schools(
    demo, client_for, django_assert_num_queries
):
    user = UserFactory()
    for _ in range(6):
        MembershipFactory(user=user, school=SchoolFactory())
    client = client_for(user)
    client.get(detail("voorgesprek"))
    # session, user, aid, sections (none, so no items), the user's schools
    with django_assert_num_queries(5):
        assert client.get(detail("voorgesprek")).content.decode().count("/voorgesprekken/") == 6
