"""Shared steps of the conversation tests: a round of four in two pairs, posting notes."""

from ontwikkelmodel.checklist import eligible_members, open_round
from ontwikkelmodel.checklist_talk import questions
from ontwikkelmodel.models import ChecklistParticipant, QuestionStep
from schools.models import Membership
from tests.ontwikkelmodel.checklist_support import url, user

SANNE = "schoolleider@zonnebloem.example"
MARCO = "mt1@zonnebloem.example"
LOTTE = "mt2@zonnebloem.example"
WENDY = "werkgroep@zonnebloem.example"  # made MT-lid for these tests
HTMX = {"HTTP_HX_REQUEST": "true"}


def make_four(zonnebloem):
    """An open round at De Zonnebloem: Sanne + Marco are pair 1, Lotte + Wendy pair 2."""
    wendy = Membership.objects.get(user__email=WENDY, school=zonnebloem)
    wendy.mt_lid = True
    wendy.save()
    checklist_round = open_round(
        zonnebloem,
        title="Checklist leidinggevenden voorjaar",
        members=eligible_members(zonnebloem),
        opened_by=user(SANNE),
    )
    pairs = {SANNE: 1, MARCO: 1, LOTTE: 2, WENDY: 2}
    for email, pair in pairs.items():
        ChecklistParticipant.objects.filter(round=checklist_round, user__email=email).update(
            pair=pair
        )
    return checklist_round


def pair_questions(checklist_round):
    return questions(checklist_round, QuestionStep.PAIRS)


def joint_questions(checklist_round):
    return questions(checklist_round, QuestionStep.TOGETHER)


def notes_data(question_list, texts: dict, versions: dict | None = None) -> dict:
    """POST data for a notes form: {question: text}, versions default 0."""
    versions = versions or {}
    data = {"form": "notes"}
    for question in question_list:
        data[f"note-{question.pk}"] = texts.get(question, "")
        data[f"version-{question.pk}"] = str(versions.get(question, 0))
    return data


__all__ = ["HTMX", "LOTTE", "MARCO", "SANNE", "WENDY", "make_four", "url", "user"]
