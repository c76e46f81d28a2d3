"""Shared steps of the werkmoment tests (tests/phases/test_werkmoment*.py)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from phases import werkmomenten as rules
from phases.models import ReflectionRound, Werkmoment
from schools.models import Membership, User
from tests.factories import MembershipFactory, UserFactory

TEAMLID = "teamlid@zonnebloem.example"
KARTREKKER = "kartrekker@zonnebloem.example"
WERKGROEPLID = "werkgroep@zonnebloem.example"
SCHOOLLEIDER = "schoolleider@zonnebloem.example"
MT_LID = "mt1@zonnebloem.example"
TRAINER = "trainer@zonnebloem.example"
BESTUURSLID = "bestuur@voorbeeld.example"
OUTSIDER = "kartrekker@vlinder.example"
STAFF = "admin@example.org"


def user(email) -> User:
    return User.objects.get(email=email)


def member(school, email) -> Membership:
    return Membership.objects.select_related("user").get(school=school, user__email=email)


def url(name, school, *args) -> str:
    return reverse(name, args=[school.slug, *args])


def done_round(school) -> ReflectionRound:
    """The demo's closed round with names (Werkmoment 1)."""
    return ReflectionRound.objects.select_related("werkmoment__session").get(
        werkmoment__session__school=school, closed_at__isnull=False
    )


def open_round(school) -> ReflectionRound:
    """The demo's open anonymous round (the coming werkmoment)."""
    return ReflectionRound.objects.select_related("werkmoment__session").get(
        werkmoment__session__school=school, closed_at__isnull=True
    )


def wm_url(name, reflection_round_or_werkmoment, *extra) -> str:
    obj = reflection_round_or_werkmoment
    werkmoment = obj if isinstance(obj, Werkmoment) else obj.werkmoment
    return reverse(name, args=[werkmoment.session.school.slug, werkmoment.pk, *extra])


def answer_data(reflection_round, texts=(), topics=(), version=None) -> dict:
    """A POST body for the answer page: texts in question order, topics by title."""
    data = {}
    for question, text in zip(rules.round_questions(reflection_round), texts, strict=False):
        data[f"vraag_{question.pk}"] = text
    by_title = {t.title: t.pk for t in rules.round_topics(reflection_round)}
    data["topics"] = [str(by_title[title]) for title in topics]
    if version is not None:
        data["version"] = str(version)
    return data


def add_answers(reflection_round, count: int, text="Een antwoord") -> list[Membership]:
    """`count` new members of the round's school, each with an answer (and a topic)."""
    school = reflection_round.werkmoment.session.school
    questions = rules.round_questions(reflection_round)
    topics = rules.round_topics(reflection_round)
    members = [
        MembershipFactory(school=school, user=UserFactory(full_name=f"Extra Collega {n}"))
        for n in range(count)
    ]
    for n, membership in enumerate(members):
        rules.save_answer(
            reflection_round,
            membership,
            texts={q.pk: f"{text} {n}" for q in questions},
            topic_ids={topics[n % len(topics)].pk} if topics else set(),
            version=None,
        )
    return members


def reopen(reflection_round, days_until_werkmoment=10) -> ReflectionRound:
    """Move the round's werkmoment (and closing day) to `days_until_werkmoment` from today."""
    today = timezone.localdate()
    session = reflection_round.werkmoment.session
    session.date = today + timedelta(days=days_until_werkmoment)
    session.save(update_fields=["date"])
    reflection_round.closes_on = session.date
    reflection_round.closed_at = None
    reflection_round.save(update_fields=["closes_on", "closed_at"])
    return reflection_round
