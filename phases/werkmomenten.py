"""Werkmomenten and the team's reflection (Bijlage 12): the rules beside the models.

A werkmoment is a training session of kind "werkmoment". Its own row
(`Werkmoment`, with the standard structure copied from the content) is made the
first time someone opens it. Before the werkmoment the kartrekker sends the
team a reflection round: questions and topics copied from the content (and
edited), anonymous or not, open until `closes_on`.

Anonymity. Every member answers once: the answer is found again through
`respondent_key`, a keyed hash of (round, membership) that nobody can turn back
into a name without the server's SECRET_KEY. In an anonymous round `respondent`
stays empty, nothing shows who answered (not even who did *not*, which would
give the same away), answers are listed in the order of their keys (not of
time), and the summary for reports carries counts only.
"""

import hashlib
import hmac
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phases.models import (
    MODULE_KINDS,
    Attendance,
    Ontwikkelpunt,
    ReflectionAnswer,
    ReflectionAnswerText,
    ReflectionQuestion,
    ReflectionQuestionTemplate,
    ReflectionReminder,
    ReflectionRound,
    ReflectionTopic,
    SessionKind,
    TopicTemplate,
    TrainingSession,
    Werkmoment,
    WerkmomentPart,
    WerkmomentPartTemplate,
)
from schools.models import Membership

logger = logging.getLogger(__name__)

# Reminders go out this many days before the werkmoment (the cron job's default).
REMINDER_DAYS_BEFORE = 3


def respondent_key(reflection_round, membership) -> str:
    """HMAC(SECRET_KEY, "<round>:<membership>"): one answer per member, no name stored."""
    message = f"{reflection_round.pk}:{membership.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


# Werkmomenten ---------------------------------------------------------------


def werkmoment_sessions(school):
    return school.training_sessions.filter(kind=SessionKind.WERKMOMENT)


def looks_back_on(session: TrainingSession) -> TrainingSession | None:
    """The last module on or before the werkmoment's day: what it reflects on."""
    return (
        TrainingSession.objects.filter(
            school_id=session.school_id, kind__in=MODULE_KINDS, date__lte=session.date
        )
        .exclude(pk=session.pk)
        .order_by("-date", "-start_time")
        .first()
    )


@transaction.atomic
def ensure_werkmoment(session: TrainingSession) -> Werkmoment:
    """The session's werkmoment, made with the standard structure the first time."""
    werkmoment = Werkmoment.objects.filter(session=session).first()
    if werkmoment is not None:
        return werkmoment
    try:
        with transaction.atomic():
            werkmoment = Werkmoment.objects.create(
                session=session, after_session=looks_back_on(session)
            )
    except IntegrityError:  # someone else opened it at the same moment
        return Werkmoment.objects.get(session=session)
    copy_standard_parts([werkmoment])
    return werkmoment


def ensure_werkmomenten(school) -> None:
    """Make the missing werkmomenten of the school's werkmoment sessions (opening the list)."""
    for session in werkmoment_sessions(school).filter(werkmoment__isnull=True):
        ensure_werkmoment(session)


def copy_standard_parts(werkmomenten) -> None:
    templates = list(WerkmomentPartTemplate.objects.order_by("order"))
    WerkmomentPart.objects.bulk_create(
        [
            WerkmomentPart(
                werkmoment=werkmoment,
                order=t.order,
                title=t.title,
                minutes=t.minutes,
                description=t.description,
            )
            for werkmoment in werkmomenten
            for t in templates
        ]
    )


def session_minutes(session: TrainingSession) -> int:
    start = datetime.combine(session.date, session.start_time)
    end = datetime.combine(session.date, session.end_time)
    return max(0, int((end - start).total_seconds() // 60))


@dataclass
class Timing:
    planned: int  # minutes of the parts
    available: int  # minutes of the session

    @property
    def fits(self) -> bool:
        return self.planned == self.available

    @property
    def difference(self) -> int:
        return abs(self.planned - self.available)


def timing(werkmoment: Werkmoment, parts) -> Timing:
    return Timing(
        planned=sum(p.minutes for p in parts), available=session_minutes(werkmoment.session)
    )


# Reflection rounds ----------------------------------------------------------


def default_questions() -> list[dict]:
    return [
        {"text": q.text, "help_text": q.help_text}
        for q in ReflectionQuestionTemplate.objects.filter(active=True)
    ]


def topic_templates():
    return TopicTemplate.objects.filter(active=True)


def members_to_ask(school):
    """Everyone in the school with an active account: the whole team is asked."""
    return Membership.objects.filter(school=school, user__is_active=True)


@transaction.atomic
def send_round(
    werkmoment: Werkmoment,
    *,
    user,
    anonymous: bool,
    closes_on: date,
    intro: str,
    questions: list[dict],
    topics: list[dict],
) -> ReflectionRound:
    """Open the round with its own copy of the questions and topics; anonymity is fixed now."""
    reflection_round = ReflectionRound.objects.create(
        werkmoment=werkmoment,
        anonymous=anonymous,
        closes_on=closes_on,
        intro=intro.strip(),
        sent_by=user,
    )
    ReflectionQuestion.objects.bulk_create(
        [
            ReflectionQuestion(
                round=reflection_round, order=n, text=q["text"], help_text=q.get("help_text", "")
            )
            for n, q in enumerate(questions, start=1)
        ]
    )
    ReflectionTopic.objects.bulk_create(
        [
            ReflectionTopic(
                round=reflection_round,
                order=n,
                title=t["title"],
                description=t.get("description", ""),
            )
            for n, t in enumerate(topics, start=1)
        ]
    )
    return reflection_round


def round_or_none(werkmoment: Werkmoment) -> ReflectionRound | None:
    try:
        return werkmoment.reflection_round
    except ReflectionRound.DoesNotExist:
        return None


def is_open(reflection_round: ReflectionRound, today: date) -> bool:
    return reflection_round.closed_at is None and today <= reflection_round.closes_on


def close_round(reflection_round: ReflectionRound) -> None:
    if reflection_round.closed_at is None:
        reflection_round.closed_at = timezone.now()
        reflection_round.save(update_fields=["closed_at"])


def closed_on(reflection_round: ReflectionRound) -> date:
    """The day answering stopped (or stops)."""
    if reflection_round.closed_at is not None:
        return timezone.localdate(reflection_round.closed_at)
    return reflection_round.closes_on


def answer_url(reflection_round) -> str:
    werkmoment = reflection_round.werkmoment
    return settings.SITE_URL + reverse(
        "reflection_answer", args=[werkmoment.session.school.slug, werkmoment.pk]
    )


def round_questions(reflection_round) -> list[ReflectionQuestion]:
    return list(reflection_round.questions.order_by("order", "pk"))


def round_topics(reflection_round) -> list[ReflectionTopic]:
    return list(reflection_round.topics.order_by("order", "pk"))


# Answering ------------------------------------------------------------------


class AnswerConflict(Exception):
    """The member's answer changed (another tab or phone) since the form was opened."""

    def __init__(self, current: ReflectionAnswer):
        super().__init__("answer changed since the form was opened")
        self.current = current


def answer_of(reflection_round, membership) -> ReflectionAnswer | None:
    """The member's own answer, with its texts and topics (three queries)."""
    return (
        ReflectionAnswer.objects.filter(
            round=reflection_round, respondent_key=respondent_key(reflection_round, membership)
        )
        .prefetch_related("texts", "topics")
        .first()
    )


def answer_values(answer: ReflectionAnswer | None) -> tuple[dict[int, str], set[int]]:
    """question id -> text, and the chosen topic ids, of an answer (empty without one)."""
    if answer is None:
        return {}, set()
    return {t.question_id: t.text for t in answer.texts.all()}, {t.pk for t in answer.topics.all()}


def clean_text(text: str) -> str:
    """Line breaks as one character (browsers send CRLF), no trailing blanks."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


@transaction.atomic
def save_answer(
    reflection_round: ReflectionRound,
    membership: Membership,
    *,
    texts: dict[int, str],
    topic_ids: set[int],
    version: int | None,
) -> ReflectionAnswer:
    """Create or replace the member's answer. `version` is the one their form started from.

    Raises AnswerConflict when the stored answer moved on and differs from this one.
    In an anonymous round the answer never names the member.
    """
    key = respondent_key(reflection_round, membership)
    answer = (
        ReflectionAnswer.objects.select_for_update()
        .filter(round=reflection_round, respondent_key=key)
        .first()
    )
    respondent = None if reflection_round.anonymous else membership
    if answer is None:
        try:
            with transaction.atomic():
                answer = ReflectionAnswer.objects.create(
                    round=reflection_round, respondent_key=key, respondent=respondent
                )
        except IntegrityError:  # a double submit: the first one won
            answer = ReflectionAnswer.objects.select_for_update().get(
                round=reflection_round, respondent_key=key
            )
            if version is None:
                version = answer.version
    elif version != answer.version:
        stored_texts, stored_topics = answer_values(answer)
        same = stored_topics == set(topic_ids) and all(
            stored_texts.get(qid, "") == text for qid, text in texts.items()
        )
        if not same:
            raise AnswerConflict(answer)
    else:
        answer.version += 1
        answer.respondent = respondent
        answer.save(update_fields=["version", "respondent", "updated_at"])
    ReflectionAnswerText.objects.bulk_create(
        [ReflectionAnswerText(answer=answer, question_id=qid, text=t) for qid, t in texts.items()],
        update_conflicts=True,
        unique_fields=["answer", "question"],
        update_fields=["text"],
    )
    answer.topics.set(topic_ids)
    return answer


# What the werkgroep sees ----------------------------------------------------


@dataclass
class QuestionAnswers:
    question: ReflectionQuestion
    answers: list[tuple[str | None, str]]  # (name or None in an anonymous round, text)


@dataclass
class Results:
    reflection_round: ReflectionRound
    answered: int
    invited: int
    respondents: list[str] | None  # names; None in an anonymous round
    not_answered: list[str] | None  # names; None in an anonymous round
    ranked_topics: list[tuple[ReflectionTopic, int]]
    questions: list[QuestionAnswers]
    missed: list[Attendance] = field(default_factory=list)

    @property
    def anonymous(self) -> bool:
        return self.reflection_round.anonymous


def invited_members(reflection_round: ReflectionRound):
    """Members asked: the school's team as it is now (people who left no longer count)."""
    return members_to_ask(reflection_round.werkmoment.session.school)


def display_name(membership) -> str:
    return str(membership.user) if membership is not None else _("(niet meer in het team)")


def results(reflection_round: ReflectionRound, *, with_texts: bool = True) -> Results:
    """Counts, topics by sign-ups and the answers per question; names only if not anonymous.

    A fixed number of queries, whatever the number of answers. The team counts
    as it is now: who left no longer counts as asked.
    """
    anonymous = reflection_round.anonymous
    questions = round_questions(reflection_round)
    ranked = list(
        reflection_round.topics.annotate(n=Count("sign_ups")).order_by("-n", "order", "pk")
    )
    texts = defaultdict(list)
    if with_texts:
        rows = ReflectionAnswerText.objects.filter(answer__round=reflection_round).exclude(text="")
        if anonymous:
            # In the order of the keyed hash: not the order in which people answered.
            rows = rows.order_by("question_id", "answer__respondent_key").values_list(
                "question_id", "text"
            )
            for question_id, text in rows:
                texts[question_id].append((None, text))
        else:
            rows = rows.select_related("answer__respondent__user").order_by(
                "question_id", "answer__respondent__user__full_name", "answer_id"
            )
            for row in rows:
                texts[row.question_id].append((display_name(row.answer.respondent), row.text))
    invited = list(invited_members(reflection_round).select_related("user"))
    if anonymous:
        answered = reflection_round.answers.count()
        respondents = not_answered = None
    else:
        answers = list(
            reflection_round.answers.select_related("respondent__user").order_by(
                "respondent__user__full_name", "pk"
            )
        )
        answered = len(answers)
        respondents = [display_name(a.respondent) for a in answers]
        answered_ids = {a.respondent_id for a in answers}
        not_answered = sorted(
            (str(m.user) for m in invited if m.pk not in answered_ids), key=str.lower
        )
    return Results(
        reflection_round=reflection_round,
        answered=answered,
        invited=len(invited),
        respondents=respondents,
        not_answered=not_answered,
        ranked_topics=[(topic, topic.n) for topic in ranked],
        questions=[QuestionAnswers(q, texts.get(q.pk, [])) for q in questions],
    )


def missed_training(werkmoment: Werkmoment) -> list[Attendance]:
    """Who was absent at the session this werkmoment looks back on (for catching up)."""
    if werkmoment.after_session_id is None:
        return []
    return list(
        Attendance.objects.filter(session_id=werkmoment.after_session_id, present=False)
        .select_related("membership__user")
        .order_by("membership__user__full_name", "membership__user__email")
    )


# Reminders ------------------------------------------------------------------


@dataclass
class Reminded:
    reflection_round: ReflectionRound
    to: list[str]  # e-mail addresses (never shown to the werkgroep in an anonymous round)


def _unanswered_members(reflection_round) -> list[tuple[Membership, str]]:
    answered = set(reflection_round.answers.values_list("respondent_key", flat=True))
    reminded = set(reflection_round.reminders.values_list("respondent_key", flat=True))
    waiting = []
    for membership in members_to_ask(reflection_round.werkmoment.session.school).select_related(
        "user"
    ):
        key = respondent_key(reflection_round, membership)
        if key not in answered and key not in reminded and membership.user.email:
            waiting.append((membership, key))
    return waiting


def remind(reflection_round: ReflectionRound, *, dry_run: bool = False) -> Reminded:
    """E-mail every member who has not answered and was not reminded yet: once each."""
    result = Reminded(reflection_round, [])
    if not is_open(reflection_round, timezone.localdate()):
        return result
    context = {
        "werkmoment": reflection_round.werkmoment,
        "session": reflection_round.werkmoment.session,
        "school": reflection_round.werkmoment.session.school,
        "round": reflection_round,
        "url": answer_url(reflection_round),
    }
    for membership, key in _unanswered_members(reflection_round):
        if dry_run:
            result.to.append(membership.user.email)
            continue
        try:
            with transaction.atomic():
                ReflectionReminder.objects.create(round=reflection_round, respondent_key=key)
                _mail("phases/email/reflection_reminder", context, membership.user)
        except IntegrityError:
            continue  # reminded at the same moment by the other path (button or cron)
        except Exception:  # the mail server: no reminder recorded, try again next time
            logger.exception("Reflection reminder for round %s failed", reflection_round.pk)
            continue
        result.to.append(membership.user.email)
    return result


def due_rounds(today: date, days_before: int = REMINDER_DAYS_BEFORE):
    """Open rounds whose werkmoment is today or within `days_before` days."""
    return (
        ReflectionRound.objects.filter(
            closed_at__isnull=True,
            closes_on__gte=today,
            werkmoment__session__date__gte=today,
            werkmoment__session__date__lte=today + timedelta(days=days_before),
        )
        .select_related("werkmoment__session__school")
        .order_by("werkmoment__session__date", "pk")
    )


def send_due_reminders(
    today: date, days_before: int = REMINDER_DAYS_BEFORE, *, dry_run: bool = False
) -> list[Reminded]:
    return [remind(r, dry_run=dry_run) for r in due_rounds(today, days_before)]


def announce(reflection_round: ReflectionRound) -> int:
    """E-mail the whole team that the reflection questions are ready; returns how many."""
    context = {
        "werkmoment": reflection_round.werkmoment,
        "session": reflection_round.werkmoment.session,
        "school": reflection_round.werkmoment.session.school,
        "round": reflection_round,
        "url": answer_url(reflection_round),
    }
    sent = 0
    for membership in members_to_ask(context["school"]).select_related("user"):
        if not membership.user.email:
            continue
        try:
            _mail("phases/email/reflection_round", context, membership.user)
        except Exception:
            logger.exception("Reflection round %s mail failed", reflection_round.pk)
            continue
        sent += 1
    return sent


def _mail(template_prefix: str, context: dict, user) -> None:
    context = {**context, "user": user}
    subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
    body = render_to_string(f"{template_prefix}.txt", context)
    send_mail(subject, body, None, [user.email])


# For reports (the progress report of issue 9) --------------------------------


@dataclass
class WerkmomentSummary:
    werkmoment: Werkmoment  # session selected
    date: date
    title: str  # session display title
    answered: int  # number of answers in its reflection round (0 if no round)
    invited: int  # members of the school asked (count)
    anonymous: bool
    ranked_topics: list[tuple[str, int]]  # topic title, sign-ups; most first
    chosen_topics: list[str]
    ontwikkelpunten: list[str]
    missed_training: int  # members absent at the session it looks back on


def report_summaries(
    school, start: date | None = None, end: date | None = None
) -> list[WerkmomentSummary]:
    """The school's werkmomenten between `start` and `end` (inclusive), oldest first.

    Counts and titles only: never who answered, never the answers. Six queries,
    whatever the number of werkmomenten and answers.
    """
    werkmomenten = Werkmoment.objects.filter(session__school=school)
    if start is not None:
        werkmomenten = werkmomenten.filter(session__date__gte=start)
    if end is not None:
        werkmomenten = werkmomenten.filter(session__date__lte=end)
    werkmomenten = list(
        werkmomenten.select_related("session", "reflection_round")
        .annotate(answered=Count("reflection_round__answers"))
        .prefetch_related(
            Prefetch("chosen_topics", queryset=ReflectionTopic.objects.order_by("order", "pk")),
            Prefetch(
                "ontwikkelpunten", queryset=Ontwikkelpunt.objects.order_by("created_at", "pk")
            ),
        )
        .order_by("session__date", "session__start_time", "pk")
    )
    if not werkmomenten:
        return []
    rounds = {w.pk: round_or_none(w) for w in werkmomenten}
    rounds = {pk: r for pk, r in rounds.items() if r is not None}
    topics = defaultdict(list)
    for topic in (
        ReflectionTopic.objects.filter(round__in=list(rounds.values()))
        .annotate(n=Count("sign_ups"))
        .order_by("-n", "order", "pk")
    ):
        topics[topic.round_id].append((topic.title, topic.n))
    team_size = members_to_ask(school).count() if rounds else 0
    missed = Counter(
        dict(
            Attendance.objects.filter(
                session_id__in={w.after_session_id for w in werkmomenten if w.after_session_id},
                present=False,
            )
            .values("session_id")
            .annotate(n=Count("pk"))
            .values_list("session_id", "n")
        )
    )
    summaries = []
    for werkmoment in werkmomenten:
        reflection_round = rounds.get(werkmoment.pk)
        summaries.append(
            WerkmomentSummary(
                werkmoment=werkmoment,
                date=werkmoment.session.date,
                title=werkmoment.session.display_title,
                answered=werkmoment.answered if reflection_round is not None else 0,
                invited=team_size if reflection_round is not None else 0,
                anonymous=bool(reflection_round and reflection_round.anonymous),
                ranked_topics=topics.get(reflection_round.pk, []) if reflection_round else [],
                chosen_topics=[t.title for t in werkmoment.chosen_topics.all()],
                ontwikkelpunten=[p.text for p in werkmoment.ontwikkelpunten.all()],
                missed_training=missed.get(werkmoment.after_session_id, 0),
            )
        )
    return summaries


def open_rounds_for(membership) -> list[tuple[ReflectionRound, bool]]:
    """Open rounds of the member's school, with whether the member already answered."""
    today = timezone.localdate()
    rounds = list(
        ReflectionRound.objects.filter(
            werkmoment__session__school_id=membership.school_id,
            closed_at__isnull=True,
            closes_on__gte=today,
        )
        .select_related("werkmoment__session")
        .order_by("closes_on", "pk")
    )
    if not rounds:
        return []
    answered = answered_rounds(rounds, membership)
    return [(r, r.pk in answered) for r in rounds]


def answered_rounds(rounds, membership) -> set[int]:
    """Ids of those `rounds` the member has answered: one query, none for no rounds."""
    if not rounds:
        return set()
    keys = [respondent_key(r, membership) for r in rounds]
    return set(
        ReflectionAnswer.objects.filter(round__in=rounds, respondent_key__in=keys).values_list(
            "round_id", flat=True
        )
    )
