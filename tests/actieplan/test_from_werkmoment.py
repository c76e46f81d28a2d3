"""Ideas and development points from werkmomenten become actiepunten or goals, one click each,
linked back to the werkmoment; a second click finds what the first one made."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actieplan.models import Actieplan, Actiepunt, Doel, GoalHorizon, Section
from actieplan.periods import current_plan
from phases.models import Ontwikkelpunt, ReflectionRound, SessionKind, TrainingSession
from phases.werkmomenten import ensure_werkmoment
from schools.models import User

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, plan, *args):
    return reverse(name, args=[plan.school.slug, plan.pk, *args])


@pytest.fixture
def plan(zonnebloem):
    return current_plan(zonnebloem, timezone.localdate())


@pytest.fixture
def werkmoment(zonnebloem):
    return ReflectionRound.objects.get(
        werkmoment__session__school=zonnebloem, closed_at__isnull=False
    ).werkmoment


@pytest.fixture
def punt(werkmoment):
    return werkmoment.ontwikkelpunten.get(kind="ontwikkelpunt")


def made_from(model, punt):
    return model.objects.filter(
        origin_type=ContentType.objects.get_for_model(Ontwikkelpunt), origin_id=punt.pk
    )


def test_the_page_lists_the_ontwikkelpunten_per_werkmoment_with_a_link_back(
    client_for, kartrekker, plan, werkmoment
):
    response = client_for(kartrekker).get(url("actieplan_from_werkmoment", plan))
    page = response.content.decode()
    assert response.status_code == 200
    detail = reverse("werkmoment_detail", args=[plan.school.slug, werkmoment.pk])
    assert f'href="{detail}"' in page
    for punt in werkmoment.ontwikkelpunten.all():
        assert f'id="ontwikkelpunt-{punt.pk}"' in page
        assert punt.text in page
    assert "actiepunt in het plan" not in page


def test_one_click_makes_an_actiepunt_and_a_second_click_finds_it(
    client_for, werkgroeplid, plan, punt, werkmoment
):
    client = client_for(werkgroeplid)
    data = {"ontwikkelpunt": punt.pk, "make": "actiepunt", "section": Section.REGULATIE_BEVORDEREN}
    response = client.post(url("actieplan_from_werkmoment", plan), data)

    assert response.status_code == 302
    assert response["Location"].endswith(f"#ontwikkelpunt-{punt.pk}")
    actiepunt = made_from(Actiepunt, punt).get()
    assert actiepunt.actieplan == plan
    assert actiepunt.title == punt.text
    assert actiepunt.section == Section.REGULATIE_BEVORDEREN
    session = werkmoment.session
    assert actiepunt.origin_label.startswith(f"{session.display_title} (")
    assert actiepunt.origin_label.endswith("): ontwikkelpunt")
    assert actiepunt.origin == punt

    again = client.post(url("actieplan_from_werkmoment", plan), data, follow=True)
    assert made_from(Actiepunt, punt).count() == 1
    page = again.content.decode()
    assert "Dit ontwikkelpunt staat al als actiepunt in het plan." in page
    assert f"#actiepunt-{actiepunt.pk}" in page  # a link to it


def test_a_goal_for_the_coming_six_months(client_for, kartrekker, plan, punt):
    data = {"ontwikkelpunt": punt.pk, "make": "doel"}
    client_for(kartrekker).post(url("actieplan_from_werkmoment", plan), data)
    doel = made_from(Doel, punt).get()
    assert (doel.actieplan, doel.text, doel.horizon) == (plan, punt.text, GoalHorizon.KORT)
    assert not made_from(Actiepunt, punt).exists()


def test_from_the_werkmoment_page_one_click_goes_to_the_current_plan(
    client_for, kartrekker, plan, punt, werkmoment
):
    client = client_for(kartrekker)
    detail = client.get(reverse("werkmoment_detail", args=[plan.school.slug, werkmoment.pk]))
    target = reverse("actieplan_from_werkmoment_current", args=[plan.school.slug])
    assert f'action="{target}"' in detail.content.decode()

    response = client.post(target, {"ontwikkelpunt": punt.pk, "make": "actiepunt"})
    assert response.status_code == 302
    actiepunt = made_from(Actiepunt, punt).get()
    assert actiepunt.actieplan == plan
    assert actiepunt.section == Section.KENNISONTWIKKELING  # unless the werkgroep picks one
    assert client.get(target)["Location"] == url("actieplan_from_werkmoment", plan)


def test_without_a_plan_the_school_is_sent_to_make_one(client_for, kartrekker, zonnebloem, punt):
    Actieplan.objects.filter(school=zonnebloem).delete()
    target = reverse("actieplan_from_werkmoment_current", args=[zonnebloem.slug])
    response = client_for(kartrekker).post(
        target, {"ontwikkelpunt": punt.pk, "make": "actiepunt"}, follow=True
    )
    assert "Er is nog geen actieplan" in response.content.decode()
    assert not made_from(Actiepunt, punt).exists()


def test_htmx_swaps_the_row(client_for, kartrekker, plan, punt):
    response = client_for(kartrekker).post(
        url("actieplan_from_werkmoment", plan),
        {"ontwikkelpunt": punt.pk, "make": "actiepunt"},
        **HTMX,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith(
        f'<li class="list-group-item py-3" id="ontwikkelpunt-{punt.pk}"'
    )
    assert "actiepunt in het plan" in page
    assert "Doel maken" in page and "Actiepunt maken" not in page


@pytest.mark.parametrize(
    "data",
    [
        {"make": "actiepunt"},
        {"ontwikkelpunt": "x", "make": "actiepunt"},
        {"ontwikkelpunt": "{pk}", "make": "taak"},
        {"ontwikkelpunt": "{pk}", "make": "actiepunt", "section": "geheim"},
    ],
)
def test_bad_input_is_refused(client_for, kartrekker, plan, punt, data):
    data = {key: value.format(pk=punt.pk) for key, value in data.items()}
    response = client_for(kartrekker).post(url("actieplan_from_werkmoment", plan), data)
    assert response.status_code == 400
    assert not made_from(Actiepunt, punt).exists()


def test_an_ontwikkelpunt_of_another_school_is_not_found(
    client_for, kartrekker, plan, punt, kompas
):
    session = TrainingSession.objects.create(
        school=kompas, kind=SessionKind.WERKMOMENT, date=timezone.localdate()
    )
    other = Ontwikkelpunt.objects.create(werkmoment=ensure_werkmoment(session), text="Kompas")
    response = client_for(kartrekker).post(
        url("actieplan_from_werkmoment", plan), {"ontwikkelpunt": other.pk, "make": "doel"}
    )
    assert response.status_code == 404
    assert not made_from(Doel, other).exists()

    outsider = User.objects.get(email="kartrekker@vlinder.example")
    response = client_for(outsider).post(
        url("actieplan_from_werkmoment", plan), {"ontwikkelpunt": punt.pk, "make": "doel"}
    )
    assert response.status_code == 404
    assert not made_from(Doel, punt).exists()


def test_teamleden_read_but_do_not_add(client_for, plan, punt):
    teamlid = User.objects.get(email="teamlid@zonnebloem.example")
    response = client_for(teamlid).post(
        url("actieplan_from_werkmoment", plan), {"ontwikkelpunt": punt.pk, "make": "doel"}
    )
    assert response.status_code == 403
    assert not made_from(Doel, punt).exists()


def test_the_page_costs_the_same_with_more_ontwikkelpunten(
    client_for, kartrekker, plan, werkmoment
):
    client = client_for(kartrekker)
    page_url = url("actieplan_from_werkmoment", plan)
    client.get(page_url)
    counts = []
    for extra in (3, 30):
        Ontwikkelpunt.objects.bulk_create(
            Ontwikkelpunt(werkmoment=werkmoment, text=f"Idee {n}") for n in range(extra)
        )
        with CaptureQueriesContext(connection) as captured:
            client.get(page_url)
        counts.append(len(captured))
    assert counts[0] == counts[1]
