"""Shared steps of the ronde tests: the demo's two rondes, URLs and whole-form POST data."""

from django.urls import reverse

from ontwikkelmodel.models import Accent, Ronde, RondeStep
from ontwikkelmodel.rondes import open_joint_step
from schools.models import User

FIELDS = ("groeifase", "strengths", "goal", "priority")
# The two accents where the demo's estimates are two phases apart.
DISAGREE = ("gedeelde-taal-en-kennis", "relaties-met-ouders")


def current_ronde(school) -> Ronde:
    return school.rondes.exclude(step=RondeStep.CLOSED).get()


def closed_ronde(school) -> Ronde:
    return school.rondes.get(step=RondeStep.CLOSED)


def url(name: str, ronde: Ronde, *extra) -> str:
    return reverse(name, args=[ronde.school.slug, ronde.pk, *extra])


def accents(ronde: Ronde) -> dict[str, Accent]:
    return {
        a.code: a
        for a in Accent.objects.filter(groeilaag__version_id=ronde.version_id).order_by(
            "groeilaag__number", "order"
        )
    }


def answers_data(ronde: Ronde, version: int, answers: dict | None = None, **extra) -> dict:
    """A whole gespreksformulier: every accent empty unless `answers` says otherwise.

    `answers` maps accent codes to {field: value}.
    """
    answers = answers or {}
    data = {"version": str(version), **extra}
    for code, accent in accents(ronde).items():
        given = answers.get(code, {})
        for name in FIELDS:
            value = given.get(name, "")
            data[f"accent-{accent.pk}-{name}"] = "" if value is None else str(value)
    return data


def field(ronde: Ronde, code: str, name: str) -> str:
    return f"accent-{accents(ronde)[code].pk}-{name}"


def open_joint(ronde: Ronde) -> Ronde:
    open_joint_step(ronde, User.objects.get(email="kartrekker@zonnebloem.example"))
    ronde.refresh_from_db()
    return ronde


def user(email: str) -> User:
    return User.objects.get(email=email)
