"""Shared steps of the checklist tests: the demo's two rounds, URLs, people, answers."""

from django.urls import reverse

from ontwikkelmodel.checklist import round_statements
from ontwikkelmodel.models import ChecklistRound
from schools.models import User


def closed_round(school) -> ChecklistRound:
    """De Zonnebloem: closed, three participants (schoolleider + two MT-leden), agreements."""
    return school.checklist_rounds.get(closed_at__isnull=False)


def open_round(school) -> ChecklistRound:
    """Het Kompas: open, the schoolleider handed in, the MT-lid has a draft."""
    return school.checklist_rounds.get(closed_at__isnull=True)


def url(name: str, checklist_round: ChecklistRound, *extra) -> str:
    return reverse(name, args=[checklist_round.school.slug, checklist_round.pk, *extra])


def user(email: str) -> User:
    return User.objects.get(email=email)


def all_scores(checklist_round, score=4, **extra) -> dict:
    """POST data answering every statement of the round with `score`."""
    data = {f"score-{s.statement_id}": str(score) for s in round_statements(checklist_round)}
    data.update(extra)
    return data
