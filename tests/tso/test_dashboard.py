from datetime import timedelta

import pytest
from django.utils import timezone

from actieplan.dashboard import dashboard_summary
from actieplan.models import Actiepunt, Section, Status
from phases.models import ActionStatus, Phase, TimelineAction
from schools.models import User
from tests.factories import MembershipFactory
from tests.phases.werkmoment_support import answer_data, open_round, wm_url


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


@pytest.mark.parametrize(
    "extra_actions, extra_members, extra_actiepunten", [(0, 0, 0), (200, 30, 150)]
)
def test_dashboard_query_count_is_fixed(
    client_for,
    kartrekker,
    zonnebloem,
    django_assert_num_queries,
    extra_actions,
    extra_members,
    extra_actiepunten,
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
    plan = zonnebloem.actieplannen.first()
    today = timezone.localdate()
    Actiepunt.objects.bulk_create(
        [
            Actiepunt(
                actieplan=plan,
                section=Section.KENNISONTWIKKELING,
                title=f"Actiepunt {n}",
                status=Status.AFGEROND if n % 2 else Status.BEZIG,
                completed_on=today if n % 2 else None,
                due_date=today - timedelta(days=n % 30 + 1),
            )
            for n in range(extra_actiepunten)
        ]
    )
    client = client_for(kartrekker)
    client.get(zonnebloem.get_absolute_url())
    # session, user, access, members, phases, implementation, actions, next session,
    # latest voorgesprek; actieplan: plan, evaluations, overdue, completed, goals achieved;
    # the current ronde of the Ontwikkelmodel; this school year's facilitated hours
    # (the setup warnings); the open reflection rounds and whether this member answered
    with django_assert_num_queries(18):
        dashboard(client, zonnebloem)


def test_actieplan_card_shows_evaluation_overdue_work_and_milestones(
    client_for, kartrekker, bestuurslid, zonnebloem
):
    today = timezone.localdate()
    summary = dashboard_summary(zonnebloem, today)
    plan = summary.plan
    goal = plan.doelen.filter(achieved_at__isnull=True).first()
    goal.achieved_at = today - timedelta(days=2)
    goal.save()
    content = dashboard(client_for(kartrekker), zonnebloem)
    assert "data-actieplan-card" in content and plan.title in content
    if summary.next_evaluation:
        assert f'data-next-evaluation="{summary.next_evaluation:%Y-%m-%d}"' in content
    overdue = list(plan.actiepunten.overdue(today))
    assert f'data-overdue-actiepunten="{len(overdue)}"' in content
    assert overdue[0].title[:40] in content
    assert "Doel bereikt:" in content and goal.text[:40] in content
    # Board members see the progress too.
    assert "data-actieplan-card" in dashboard(client_for(bestuurslid), zonnebloem)


def test_actieplan_card_without_a_plan(demo, client_for, vlinder_kartrekker, vlinder):
    content = dashboard(client_for(vlinder_kartrekker), vlinder)
    assert "Nog geen actieplan." in content


def test_dashboard_invites_a_teamlid_to_answer_the_open_reflection_round(client_for, zonnebloem):
    teamlid = User.objects.get(email="teamlid@zonnebloem.example")
    response = client_for(teamlid).get(zonnebloem.get_absolute_url())
    card = response.content.decode()
    assert "Reflectievragen voor" in card
    assert "Nu invullen" in card
    assert "data-reflection-invite" in card  # at the top, before the cards


def test_after_answering_the_dashboard_shows_the_round_as_answered(client_for, zonnebloem):
    teamlid = User.objects.get(email="teamlid@zonnebloem.example")
    client = client_for(teamlid)
    reflection_round = open_round(zonnebloem)
    response = client.post(
        wm_url("reflection_answer", reflection_round),
        answer_data(reflection_round, texts=["Vooral de rustplek."]),
    )
    assert response.status_code == 302

    card = client.get(zonnebloem.get_absolute_url()).content.decode()

    assert "data-reflection-invite" not in card
    assert "ingevuld" in card and "Antwoord bekijken of wijzigen" in card
