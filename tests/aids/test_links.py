"""Every phase action and every accent points to the aid that helps with it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from aids.models import Aid, AidKind
from ontwikkelmodel.models import Accent, ModelVersion
from phases.models import StandardAction
from tests.ontwikkelmodel.rondes_support import current_ronde, open_joint
from tests.ontwikkelmodel.rondes_support import url as rondes_url


def test_every_standard_action_has_an_active_aid(demo):
    for action in StandardAction.objects.prefetch_related("aids"):
        assert any(aid.active for aid in action.aids.all()), action.code


def test_every_accent_of_the_current_model_has_an_active_aid(demo):
    version = ModelVersion.objects.current()
    accents = Accent.objects.filter(groeilaag__version=version).prefetch_related("aids")
    assert accents.count() == 15
    for accent in accents:
        assert any(aid.active for aid in accent.aids.all()), accent.code


@pytest.mark.parametrize(
    "code, aid",
    [
        ("kartrekkers-werven", "kartrekkerprofiel"),
        ("verkennend-voorgesprek", "voorgesprek"),
        ("verkennend-voorgesprek", "kartrekkerprofiel"),
        ("introductiepresentatie", "introductiepresentatie"),
        ("jaarlijks-ontwikkelmodel", "kenniselementen"),
        ("teamtraining-modules", "werkmoment"),
        ("checklist-leiding", "checklist-leidinggevenden"),
    ],
)
def test_fitting_aids_for_actions(demo, code, aid):
    assert StandardAction.objects.get(code=code).aids.filter(code=aid).exists()


@pytest.mark.parametrize(
    "code, aid",
    [
        ("inrichting", "inrichting"),
        ("pedagogisch-handelen", "screening"),
        ("relaties-met-samenwerkingspartners", "screening"),
        ("gedeelde-taal-en-kennis", "kenniselementen"),
        ("leidinggevenden", "checklist-leidinggevenden"),
    ],
)
def test_fitting_aids_for_accents(demo, code, aid):
    assert Accent.objects.filter(code=code, aids__code=aid).exists()


def test_phase_overview_links_each_action_to_its_aids(client_for, werkgroeplid):
    content = client_for(werkgroeplid).get(reverse("phase_overview")).content.decode()
    assert f'<a class="d-block" href="{reverse("kartrekker_profile")}">Bijlage 2:' in content
    assert f'href="{reverse("aid_detail", args=["voorgesprek"])}"' in content
    assert f'href="{reverse("aid_library")}"' in content


def test_timeline_rows_link_to_the_aid_for_this_school(client_for, kartrekker, zonnebloem):
    content = client_for(kartrekker).get(reverse("timeline", args=[zonnebloem.slug])).content
    content = content.decode()
    # The voorgesprek agenda belongs to the school: the row links to the school's page.
    assert f'href="{reverse("voorgesprek_list", args=[zonnebloem.slug])}">Bijlage 1:' in content
    assert f'href="{reverse("kartrekker_profile")}">Bijlage 2:' in content


def test_action_page_shows_its_aids(client_for, kartrekker, zonnebloem):
    action = zonnebloem.timeline_actions.filter(
        standard_action__code="introductiepresentatie"
    ).first()
    url = reverse("timeline_action_edit", args=[zonnebloem.slug, action.pk])
    content = client_for(kartrekker).get(url).content.decode()
    assert "data-action-aids" in content
    assert f'href="{reverse("aid_detail", args=["introductiepresentatie"])}"' in content


def test_inactive_aids_are_not_linked(client_for, kartrekker, zonnebloem):
    Aid.objects.filter(code="kartrekkerprofiel").update(active=False)
    content = client_for(kartrekker).get(reverse("timeline", args=[zonnebloem.slug])).content
    assert b">Bijlage 2:" not in content


@pytest.mark.parametrize("copies", [1, 4])
def test_timeline_query_count_does_not_grow_with_linked_actions(
    client_for, kartrekker, zonnebloem, django_assert_num_queries, copies
):
    actions = list(zonnebloem.timeline_actions.filter(standard_action__isnull=False))
    for _ in range(copies - 1):
        for action in actions:
            action.pk = None
            action.save()
    client = client_for(kartrekker)
    url = reverse("timeline", args=[zonnebloem.slug])
    client.get(url)
    # the timeline's own queries plus one for the aids of all its standard actions
    with django_assert_num_queries(8):
        client.get(url)


def test_grid_shows_aids_per_accent(client_for, kartrekker):
    content = client_for(kartrekker).get(reverse("ontwikkelmodel_grid")).content.decode()
    assert f'href="{reverse("aid_detail", args=["inrichting"])}">Bijlage 10:' in content
    # Desktop table and phone cards each list every accent's aids.
    assert (
        content.count('class="aid-link"')
        >= 2
        * Accent.aids.through.objects.filter(accent__groeilaag__version__is_current=True).count()
    )


def test_ronde_forms_show_aids_per_accent(client_for, kartrekker, zonnebloem):
    client = client_for(kartrekker)
    ronde = current_ronde(zonnebloem)  # in the individual step; the kartrekker takes part
    inrichting = f'href="{reverse("aid_detail", args=["inrichting"])}"'
    individual = client.get(rondes_url("ronde_individual", ronde))
    assert individual.status_code == 200 and inrichting in individual.content.decode()
    joint = client.get(rondes_url("ronde_joint", open_joint(ronde)))
    assert joint.status_code == 200 and inrichting in joint.content.decode()


def test_voorgesprek_page_links_to_the_kartrekker_profile(client_for, trainer, zonnebloem):
    meeting = zonnebloem.voorgesprekken.first()
    url = reverse("voorgesprek_agenda", args=[zonnebloem.slug, meeting.pk])
    content = client_for(trainer).get(url).content.decode()
    assert "data-kartrekker-profile-link" in content
    assert f'href="{reverse("kartrekker_profile")}"' in content


def test_admin_refuses_an_unknown_page_or_a_script_link(demo):
    aid = Aid(code="x", title="X", kind=AidKind.OVERIG, summary="s", page_url_name="bestaat_niet")
    with pytest.raises(ValidationError, match="bestaat niet"):
        aid.full_clean()
    for name in ("ontwikkelmodel_grid#kenniselementen", "voorgesprek_list", "kartrekker_profile"):
        aid.page_url_name = name
        aid.full_clean()
    item = Aid.objects.get(code="verdieping").sections.first().items.first()
    item.url = "javascript:alert(1)"
    with pytest.raises(ValidationError):
        item.full_clean()
