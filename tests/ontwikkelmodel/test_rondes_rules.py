"""The plain rules of ontwikkelmodel/rondes.py: priorities, spread, saving, statuses."""

import pytest
from django.utils import timezone

from ontwikkelmodel.models import JointAnswer
from ontwikkelmodel.rondes import (
    FormStatus,
    RankedGoal,
    RondeError,
    crowded_groeilagen,
    dashboard_ronde,
    form_status,
    priority_errors,
    record_joint,
    save_own_answers,
    spread_of,
    visible_rondes,
)
from schools.access import school_access
from tests.ontwikkelmodel.rondes_support import accents, closed_ronde, current_ronde, open_joint


def goal(key, priority, text="Een doel"):
    return RankedGoal(key=key, label=f"Accent {key}", priority=priority, goal=text)


def test_priority_errors():
    errors = priority_errors(
        [
            goal("a", 1),
            goal("b", 1),
            goal("c", 6),
            goal("d", 2, text="  "),
            goal("e", None, text=""),
            goal("f", 5),
        ],
        goal_label="ontwikkeldoel",
    )
    assert set(errors) == {"b", "c", "d"}
    assert "al gegeven aan ‘Accent a’" in errors["b"]
    assert "van 1 (hoogste) tot en met 5" in errors["c"]
    assert "Schrijf eerst een ontwikkeldoel op" in errors["d"]


@pytest.mark.parametrize(
    "estimates, lowest, highest, disagree",
    [
        ([1, 3, 2, None], 1, 3, True),
        ([2, 3, 3], 2, 3, False),
        ([4, 2], 2, 4, True),
        ([None, None], None, None, False),
        ([], None, None, False),
    ],
)
def test_spread(estimates, lowest, highest, disagree):
    spread = spread_of(estimates)
    assert (spread.lowest, spread.highest, spread.disagree) == (lowest, highest, disagree)
    assert spread.count == len([e for e in estimates if e is not None])


def test_crowded_groeilagen(zonnebloem):
    ronde = current_ronde(zonnebloem)
    acc = accents(ronde)
    by_id = {a.pk: a for a in acc.values()}
    answers = [
        JointAnswer(accent=acc[code], priority=rank)
        for rank, code in enumerate(
            [
                "missie-en-visie",
                "faciliteiten",
                "personeelsbeleid",
                "inrichting",
                "motivatie-ontwikkelen",
            ],
            start=1,
        )
    ]
    assert [g.code for g in crowded_groeilagen(answers, by_id)] == ["2"]
    assert crowded_groeilagen(answers[:2], by_id) == []


def test_form_status_and_progress(zonnebloem, kartrekker, bestuurslid):
    ronde = current_ronde(zonnebloem)
    me = ronde.participants.get(user=kartrekker)
    assert form_status(me) == FormStatus.NOT_STARTED
    me.saved_at = timezone.now()
    assert form_status(me) == FormStatus.DRAFT
    me.submitted_at = timezone.now()
    assert form_status(me) == FormStatus.SUBMITTED

    access = school_access(kartrekker, zonnebloem.slug)
    rondes = {r.pk: r for r in visible_rondes(access, kartrekker)}
    assert (rondes[ronde.pk].participant_count, rondes[ronde.pk].submitted_count) == (4, 3)
    assert rondes[ronde.pk].my_participant_id == me.pk
    assert rondes[ronde.pk].my_submitted_at is None
    assert dashboard_ronde(access, kartrekker).pk == ronde.pk

    board = school_access(bestuurslid, zonnebloem.slug)
    assert [r.pk for r in visible_rondes(board, bestuurslid)] == [closed_ronde(zonnebloem).pk]
    assert dashboard_ronde(board, bestuurslid).pk == closed_ronde(zonnebloem).pk


def test_own_answers_lock_once_the_joint_step_opens(zonnebloem, kartrekker):
    ronde = current_ronde(zonnebloem)
    me = ronde.participants.get(user=kartrekker)
    accent = next(iter(accents(ronde).values()))
    values = {accent.pk: {"groeifase": 2, "strengths": "", "goal": "", "priority": None}}
    assert save_own_answers(me, values, version=0) is True
    assert save_own_answers(me, values, version=0) is False  # stale: nothing written
    open_joint(ronde)
    me.refresh_from_db()
    with pytest.raises(RondeError):
        save_own_answers(me, values, version=me.version, submit=True)


def test_record_joint_refuses_a_stale_version(zonnebloem, kartrekker):
    ronde = open_joint(current_ronde(zonnebloem))
    accent = next(iter(accents(ronde).values()))
    assert record_joint(ronde, {accent.pk: {"groeifase": 2}}, version=0, user=kartrekker)
    assert ronde.joint_version == 1
    assert not record_joint(ronde, {accent.pk: {"groeifase": 3}}, version=0, user=kartrekker)
    assert ronde.joint_answers.get().groeifase == 2
