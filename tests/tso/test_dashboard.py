from datetime import timedelta

import pytest
from django.utils import timezone

from phases.models import ActionStatus, Phase, TimelineAction
from tests.factories import MembershipFactory


def dashboard(client, school):
    response = client.get(school.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_dashboard_shows_phase_progress_overdue_and_next_session(
    client_for, kartrekker, zonnebloem
):
    content = dashboard(client_for(kartrekker), zonnebloem)
    assert "Fase 3: Uitvoeren" in content
    assert 'data-phase-progress="3"' in content and "van 4 gedaan" in content
    assert "Werkgroep TSO vormen en tijd geven" in content  # the overdue demo action
    assert "Volgende moment:" in content
    assert "Start teamtraining (T0)" in content


@pytest.mark.parametrize(
    "school_name, phase",
    [
        ("SO Het Kompas", "Fase 2: Voorbereiden"),
        ("SBO De Vlinder", "Fase 1: Verkennen"),
    ],
)
def test_each_demo_school_is_in_its_phase(demo, client_for, school_name, phase):
    school = demo[school_name]
    member = school.memberships.filter(schoolleider=True).first().user
    assert phase in dashboard(client_for(member), school)


def test_phase_override_is_shown_with_its_reason(client_for, kartrekker, zonnebloem):
    implementation = zonnebloem.implementation
    implementation.phase_override = Phase.objects.get(number=4)
    implementation.phase_override_reason = "Training al eerder gevolgd"
    implementation.save()
    content = dashboard(client_for(kartrekker), zonnebloem)
    assert "Fase 4: Borgen" in content and "Training al eerder gevolgd" in content


def test_upcoming_lists_actions_of_the_coming_30_days(client_for, kartrekker, zonnebloem):
    today = timezone.localdate()
    TimelineAction.objects.create(
        school=zonnebloem,
        phase=Phase.objects.get(number=3),
        title="Bezoek aan SO Het Kompas",
        planned_start=today + timedelta(days=10),
        planned_end=today + timedelta(days=20),
    )
    TimelineAction.objects.create(
        school=zonnebloem,
        phase=Phase.objects.get(number=3),
        title="Ver weg gepland",
        planned_start=today + timedelta(days=60),
        planned_end=today + timedelta(days=70),
    )
    content = dashboard(client_for(kartrekker), zonnebloem)
    assert "Bezoek aan SO Het Kompas" in content
    assert "Ver weg gepland" not in content


@pytest.mark.parametrize("extra_actions, extra_members", [(0, 0), (200, 30)])
def test_dashboard_query_count_is_fixed(
    client_for, kartrekker, zonnebloem, django_assert_num_queries, extra_actions, extra_members
):
    phase = Phase.objects.get(number=3)
    owner = zonnebloem.memberships.first()
    TimelineAction.objects.bulk_create(
        [
            TimelineAction(
                school=zonnebloem,
                phase=phase,
                title=f"Actie {n}",
                owner=owner,
                status=ActionStatus.OPEN,
                planned_start=timezone.localdate(),
                planned_end=timezone.localdate() + timedelta(days=n % 40 - 20),
            )
            for n in range(extra_actions)
        ]
    )
    MembershipFactory.create_batch(extra_members, school=zonnebloem)
    client = client_for(kartrekker)
    client.get(zonnebloem.get_absolute_url())
    # session, user, access, members, phases, implementation, actions, next session,
    # latest voorgesprek
    with django_assert_num_queries(9):
        dashboard(client, zonnebloem)
