"""Links into the plan: a ronde's priorities become goals and actiepunten, linked back."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from actieplan.links import ACTIEPUNT, DOEL, add_from_origin, ronde_priorities
from actieplan.models import SECTION_OF_GROEILAAG, Actiepunt, Doel, GoalHorizon, Suggestion
from actieplan.periods import current_plan
from ontwikkelmodel.models import JointAnswer, RondeStep


def url(name, plan, *args):
    return reverse(name, args=[plan.school.slug, plan.pk, *args])


@pytest.fixture
def plan(zonnebloem):
    return current_plan(zonnebloem, timezone.localdate())


def link_of(answer):
    return {"origin_type": ContentType.objects.get_for_model(JointAnswer), "origin_id": answer.pk}


@pytest.fixture
def answer(zonnebloem, plan):
    """A priority of the closed ronde that is not in the demo plan yet."""
    for candidate in ronde_priorities(zonnebloem):
        if not Doel.objects.filter(**link_of(candidate)).exists() and not (
            Actiepunt.objects.filter(**link_of(candidate)).exists()
        ):
            return candidate
    pytest.fail("every demo priority is already in the plan")


def test_page_lists_the_priorities_of_closed_rondes_only(client_for, kartrekker, plan, zonnebloem):
    response = client_for(kartrekker).get(url("actieplan_from_ronde", plan))
    content = response.content.decode()
    closed = zonnebloem.rondes.get(step=RondeStep.CLOSED)
    assert response.status_code == 200
    assert closed.title in content
    for open_ronde in zonnebloem.rondes.exclude(step=RondeStep.CLOSED):
        assert open_ronde.title not in content
    for answer in ronde_priorities(zonnebloem):
        assert f'id="prioriteit-{answer.pk}"' in content
        assert answer.accent.name in content
    # The demo plan already holds some of them.
    assert "staat al in het plan" in content


def test_one_click_makes_a_goal_and_an_actiepunt_that_link_back(
    client_for, kartrekker, plan, answer
):
    response = client_for(kartrekker).post(
        url("actieplan_from_ronde", plan), {"priority": answer.pk, "maak": "beide"}
    )
    assert response.status_code == 302
    goal = Doel.objects.get(actieplan=plan, **link_of(answer))
    assert goal.horizon == GoalHorizon.KORT
    assert goal.text == answer.goal
    assert list(goal.accents.all()) == [answer.accent]
    assert goal.priority == answer.priority
    assert goal.origin == answer
    assert goal.origin_label == f"Ronde {answer.ronde.title}, prioriteit {answer.priority}"
    actiepunt = Actiepunt.objects.get(actieplan=plan, **link_of(answer))
    assert actiepunt.section == SECTION_OF_GROEILAAG[answer.accent.groeilaag.code]
    assert actiepunt.origin == answer and actiepunt.origin_label == goal.origin_label
    assert actiepunt.history.get().history_user == kartrekker


def test_no_duplicates_and_the_page_says_it_is_there(client_for, kartrekker, plan, answer):
    client = client_for(kartrekker)
    page = url("actieplan_from_ronde", plan)
    client.post(page, {"priority": answer.pk, "maak": "doel"})
    client.post(page, {"priority": answer.pk, "maak": "doel"})
    client.post(page, {"priority": answer.pk, "maak": "beide"})
    client.post(page, {"priority": answer.pk, "maak": "beide"})
    assert Doel.objects.filter(actieplan=plan, **link_of(answer)).count() == 1
    actiepunt = Actiepunt.objects.get(actieplan=plan, **link_of(answer))
    content = client.get(page).content.decode()
    detail = reverse("actieplan_detail", args=[plan.school.slug, plan.pk])
    assert f"{detail}#actiepunt-{actiepunt.pk}" in content


def test_htmx_returns_the_row_only(client_for, kartrekker, plan, answer):
    response = client_for(kartrekker).post(
        url("actieplan_from_ronde", plan),
        {"priority": answer.pk, "maak": "actiepunt"},
        headers={"HX-Request": "true"},
    )
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    assert f'id="prioriteit-{answer.pk}"' in content
    assert "staat al in het plan" in content and "Alleen doel" in content


def test_priorities_of_other_schools_or_open_rondes_are_404(
    client_for, kartrekker, plan, zonnebloem, kompas
):
    client = client_for(kartrekker)
    page = url("actieplan_from_ronde", plan)
    others = JointAnswer.objects.exclude(ronde__school=zonnebloem, ronde__step=RondeStep.CLOSED)
    for other in others.filter(priority__isnull=False)[:5]:
        assert client.post(page, {"priority": other.pk, "maak": "beide"}).status_code == 404
    assert client.post(page, {"priority": "x", "maak": "beide"}).status_code == 400
    assert client.post(page, {"priority": 1, "maak": "alles"}).status_code == 400


def test_add_from_origin_is_general(plan, kartrekker):
    suggestion = Suggestion.objects.first()
    added = add_from_origin(
        plan,
        suggestion,
        title="Een afspraak uit de checklist",
        section=suggestion.section,
        accents=[],
        priority=None,
        label="Checklist leidinggevenden",
        user=kartrekker,
        make=(DOEL, ACTIEPUNT),
        horizon=GoalHorizon.LANG,
        steps=["Stap een", "", "Stap twee"],
    )
    assert added.created == (DOEL, ACTIEPUNT)
    assert added.doel.origin == suggestion and added.doel.horizon == GoalHorizon.LANG
    assert [s.text for s in added.actiepunt.stappen.order_by("order")] == ["Stap een", "Stap twee"]
    again = add_from_origin(
        plan,
        suggestion,
        title="Nog eens",
        section=suggestion.section,
        label="x",
        user=kartrekker,
    )
    assert again.created == ()
    assert (again.doel, again.actiepunt) == (added.doel, added.actiepunt)
