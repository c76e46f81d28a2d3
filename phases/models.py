"""The four implementation phases, the team training and each school's timeline.

Content (Phase, DrivingActivity, StandardAction) is shipped as a fixture and
edited by staff. Everything else belongs to one school and is reached through
the school's scoping helper.
"""

import secrets
from datetime import date, time

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from phases.dates import add_months
from schools.models import Membership, School


class PhaseManager(models.Manager):
    def get_by_natural_key(self, number):
        return self.get(number=number)


class Phase(models.Model):
    number = models.PositiveSmallIntegerField(
        _("nummer"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    name = models.CharField(_("naam"), max_length=60)
    duration = models.CharField(_("nominale duur"), max_length=60)
    goal = models.TextField(_("doel"))
    description = models.TextField(_("toelichting"), blank=True)

    objects = PhaseManager()

    class Meta:
        verbose_name = _("fase")
        verbose_name_plural = _("fasen")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.name}"

    def natural_key(self):
        return (self.number,)


class CodeManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class DrivingActivity(models.Model):
    """One of the three kinds of activity that drive implementation."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("naam"), max_length=60)
    description = models.TextField(_("omschrijving"))
    order = models.PositiveSmallIntegerField(default=0)

    objects = CodeManager()

    class Meta:
        verbose_name = _("aanjagende activiteit")
        verbose_name_plural = _("aanjagende activiteiten")
        ordering = ["order"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class Recurrence(models.TextChoices):
    ONCE = "once", _("eenmalig")
    YEARLY = "yearly", _("jaarlijks")
    BIMONTHLY = "bimonthly", _("elke twee maanden")


class StandardAction(models.Model):
    """An action from the handbook's phase tables, timed relative to T0."""

    code = models.SlugField(_("code"), unique=True, max_length=60)
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="actions")
    title = models.CharField(_("actie"), max_length=200)
    goal = models.TextField(_("doel"))
    description = models.TextField(_("toelichting"), blank=True)
    timing = models.CharField(
        _("wanneer"), max_length=100, help_text=_("Zoals het handboek het zegt, t.o.v. de start.")
    )
    start_offset_months = models.SmallIntegerField(
        _("begin (maanden t.o.v. T0)"), help_text=_("Negatief is vóór de start van de training.")
    )
    end_offset_months = models.SmallIntegerField(_("einde (maanden t.o.v. T0)"))
    recurrence = models.CharField(
        _("herhaling"), max_length=12, choices=Recurrence.choices, default=Recurrence.ONCE
    )
    time_guideline = models.CharField(_("tijdsinvestering"), max_length=120, blank=True)
    roles = models.CharField(_("betrokkenen"), max_length=200)
    aid = models.CharField(_("hulpmiddel"), max_length=120, blank=True)
    aids = models.ManyToManyField(
        "aids.Aid", blank=True, related_name="standard_actions", verbose_name=_("hulpmiddelen")
    )
    driving_activities = models.ManyToManyField(
        DrivingActivity, related_name="actions", verbose_name=_("aanjagende activiteiten")
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = CodeManager()

    class Meta:
        verbose_name = _("standaardactie")
        verbose_name_plural = _("standaardacties")
        ordering = ["phase__number", "order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_offset_months__gte=models.F("start_offset_months")),
                name="standard_action_window_in_order",
            )
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.code,)

    def windows(self, t0: date, horizon_months: int) -> list[tuple[date, date]]:
        """The planned windows for a school with this T0; recurring ones repeat."""
        start, end = self.start_offset_months, self.end_offset_months
        step = {Recurrence.YEARLY: 12, Recurrence.BIMONTHLY: 2}.get(self.recurrence)
        if step is None:
            return [(add_months(t0, start), add_months(t0, end))]
        windows = []
        while start <= horizon_months:
            windows.append((add_months(t0, start), add_months(t0, end)))
            start, end = start + step, end + step
        return windows


# Per school ---------------------------------------------------------------


class Implementation(models.Model):
    """A school's implementation of TSO: T0 and, if set, a hand-picked phase."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="implementation")
    t0 = models.DateField(
        _("start teamtraining (T0)"),
        null=True,
        blank=True,
        help_text=_("De dag van de eerste trainingsmodule. Alle acties worden hiervan afgeleid."),
    )
    phase_override = models.ForeignKey(
        Phase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fase met de hand gekozen"),
    )
    phase_override_reason = models.CharField(_("reden"), max_length=500, blank=True)
    phase_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    phase_override_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("implementatie")
        verbose_name_plural = _("implementaties")

    def __str__(self):
        return f"{self.school} (T0 {self.t0 or '—'})"

    @property
    def school_year_start(self) -> date | None:
        return school_year_of(self.t0)[0] if self.t0 else None

    @property
    def school_year_end(self) -> date | None:
        return school_year_of(self.t0)[1] if self.t0 else None


def school_year_of(day: date) -> tuple[date, date]:
    """Dutch school years run from 1 August to 31 July."""
    first = day.year if day.month >= 8 else day.year - 1
    return date(first, 8, 1), date(first + 1, 7, 31)


class ActionStatus(models.TextChoices):
    OPEN = "open", _("open")
    BEZIG = "bezig", _("bezig")
    GEDAAN = "gedaan", _("gedaan")
    NVT = "nvt", _("niet van toepassing")


CLOSED_STATUSES = (ActionStatus.GEDAAN, ActionStatus.NVT)


class TimelineActionQuerySet(models.QuerySet):
    def unfinished(self):
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, today: date):
        return self.unfinished().filter(planned_end__lt=today)


class TimelineAction(models.Model):
    """One action on a school's timeline: a copy of a standard action, or the school's own."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="timeline_actions")
    standard_action = models.ForeignKey(
        StandardAction, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    phase = models.ForeignKey(
        Phase, on_delete=models.PROTECT, related_name="+", verbose_name=_("fase")
    )
    title = models.CharField(_("actie"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True, max_length=5000)
    planned_start = models.DateField(_("gepland vanaf"), null=True, blank=True)
    planned_end = models.DateField(_("gepland uiterlijk"), null=True, blank=True)
    dates_edited = models.BooleanField(
        default=False, help_text=_("Met de hand gezet: verschuift niet mee met T0.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    owner = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eigenaar"),
    )
    notes = models.TextField(
        _("notities"),
        blank=True,
        max_length=5000,
        help_text=_("Over de school en het team; nooit over individuele leerlingen."),
    )
    done_on = models.DateField(_("gedaan op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when another part of the product (the actieplan) owns this action: the
    # timeline shows it and links there, and does not edit it itself.
    managed_elsewhere = models.CharField(_("wordt bijgehouden in"), max_length=200, blank=True)
    managed_url = models.CharField(max_length=300, blank=True)

    objects = TimelineActionQuerySet.as_manager()
    history = HistoricalRecords()

    # What people edit by hand (and what an edit conflict compares).
    EDITABLE_FIELDS = [
        "title",
        "description",
        "planned_start",
        "planned_end",
        "status",
        "owner",
        "notes",
        "done_on",
    ]

    class Meta:
        verbose_name = _("actie op de tijdlijn")
        verbose_name_plural = _("acties op de tijdlijn")
        ordering = ["planned_start", "phase__number", "pk"]

    def __str__(self):
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def is_overdue(self, today: date) -> bool:
        return not self.is_closed and self.planned_end is not None and self.planned_end < today

    def set_status(self, status: str, today: date) -> None:
        self.status = status
        if status == ActionStatus.GEDAAN:
            self.done_on = self.done_on or today
        else:
            self.done_on = None


class SessionKind(models.TextChoices):
    INTRODUCTIE = "introductie", _("Introductiepresentatie")
    MODULE_1 = "module_1", _("Module 1: Trauma en veerkracht bij kinderen")
    MODULE_2 = "module_2", _("Module 2: Kijken door een traumabril")
    MODULE_3 = "module_3", _("Module 3: Relaties en regulatie")
    MODULE_4 = "module_4", _("Module 4: Samenwerking en zelfzorg")
    WERKMOMENT = "werkmoment", _("Werkmoment")
    ONTWIKKELMODEL = "ontwikkelmodel", _("Ontwikkelmodel invullen")
    WERKGROEP_PRESENTATIE = "presentatie", _("Werkgroep presenteert thema's en plan")


MODULE_KINDS = [
    SessionKind.MODULE_1,
    SessionKind.MODULE_2,
    SessionKind.MODULE_3,
    SessionKind.MODULE_4,
]


class TrainingGroup(models.Model):
    """A group that follows the training together: at most 20 people, two trainers."""

    MAX_PARTICIPANTS = 20

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="training_groups")
    name = models.CharField(_("naam"), max_length=100)
    participant_count = models.PositiveSmallIntegerField(
        _("aantal deelnemers"), validators=[MaxValueValidator(500)]
    )
    trainers = models.ManyToManyField(
        Membership, blank=True, related_name="training_groups", verbose_name=_("trainers")
    )

    class Meta:
        verbose_name = _("trainingsgroep")
        verbose_name_plural = _("trainingsgroepen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="unique_group_name_per_school")
        ]

    def __str__(self):
        return self.name

    def warnings(self) -> list[str]:
        """The handbook's advice this group does not follow; advice, not a rule."""
        trainers = list(self.trainers.all())
        warnings = []
        if self.participant_count > self.MAX_PARTICIPANTS:
            warnings.append(
                _(
                    "Meer dan %(max)d deelnemers: het handboek adviseert groepen van "
                    "hoogstens %(max)d."
                )
                % {"max": self.MAX_PARTICIPANTS}
            )
        if len(trainers) < 2:
            warnings.append(
                _("Minder dan twee trainers: het handboek adviseert er twee per groep.")
            )
        backgrounds = {t.user.background for t in trainers}
        if len(trainers) >= 2 and not {"onderwijs", "zorg"} <= backgrounds:
            warnings.append(_("Geen koppel van een trainer uit het onderwijs en een uit de zorg."))
        return warnings


class TrainingSession(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="training_sessions")
    kind = models.CharField(_("soort"), max_length=20, choices=SessionKind.choices)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("begintijd"), default=time(13, 0))
    end_time = models.TimeField(_("eindtijd"), default=time(16, 15))
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    trainers = models.ManyToManyField(
        Membership, blank=True, related_name="training_sessions", verbose_name=_("trainers")
    )
    groups = models.ManyToManyField(
        TrainingGroup, blank=True, related_name="sessions", verbose_name=_("groepen")
    )

    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        verbose_name = _("trainingsmoment")
        verbose_name_plural = _("trainingsmomenten")
        ordering = ["date", "start_time"]

    def __str__(self):
        return f"{self.display_title} ({self.date:%d-%m-%Y})"

    @property
    def display_title(self) -> str:
        return self.title or self.get_kind_display()

    @property
    def is_module(self) -> bool:
        return self.kind in MODULE_KINDS


class FollowUp(models.TextChoices):
    TE_REGELEN = "te_regelen", _("nog regelen")
    AFGESPROKEN = "afgesproken", _("inhaalmoment afgesproken")
    INGEHAALD = "ingehaald", _("ingehaald")


class Attendance(models.Model):
    """Whether one team member was at one session; absences get a follow-up."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendance"
    )
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(_("aanwezig"), default=True)
    follow_up = models.CharField(
        _("opvolging"), max_length=12, choices=FollowUp.choices, default=FollowUp.TE_REGELEN
    )
    note = models.CharField(
        _("notitie"),
        max_length=300,
        blank=True,
        help_text=_("Bijvoorbeeld het inhaalmoment. Geen medische of persoonlijke details."),
    )

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")
        constraints = [
            models.UniqueConstraint(fields=["session", "membership"], name="one_attendance_row")
        ]

    def __str__(self):
        return f"{self.membership.user} @ {self.session}"


class FacilitatedHours(models.Model):
    """Hours the school gives a kartrekker or werkgroeplid in one school year."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="facilitated_hours")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    school_year = models.PositiveSmallIntegerField(
        _("schooljaar"), help_text=_("Het beginjaar: 2026 is schooljaar 2026-2027.")
    )
    hours = models.DecimalField(
        _("uren"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(2000)],
    )

    class Meta:
        verbose_name = _("gefaciliteerde uren")
        verbose_name_plural = _("gefaciliteerde uren")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "school_year"], name="one_hours_row_per_year"
            )
        ]

    def __str__(self):
        return f"{self.membership.user} {self.school_year}: {self.hours} uur"


# The handbook gives two guidelines for each role (see README / domain notes).
HOURS_GUIDELINES = {
    "kartrekker": _("30 uur per schooljaar (hoofdstuk 3) of 4 uur per week (bijlage 2)"),
    "werkgroeplid": _("20 uur per schooljaar (hoofdstuk 3) of 25 uur per schooljaar (bijlage 2)"),
}


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A private iCalendar address; whoever knows the token reads the user's agenda."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("agenda-abonnement")
        verbose_name_plural = _("agenda-abonnementen")

    def __str__(self):
        return f"{self.user}"

    def revoke(self) -> None:
        self.token = new_feed_token()
        self.created_at = timezone.now()
        self.save(update_fields=["token", "created_at"])


# Voorgesprek ----------------------------------------------------------------
# The agenda (parts, themes, prompts) is content; a Voorgesprek is one meeting
# at one school with its own copy of the agenda order, notes and answers.


class AgendaPart(models.Model):
    number = models.PositiveSmallIntegerField(_("deel"), unique=True)
    title = models.CharField(_("titel"), max_length=200)

    objects = PhaseManager()

    class Meta:
        verbose_name = _("agendadeel")
        verbose_name_plural = _("agendadelen")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def natural_key(self):
        return (self.number,)


class ThemeKind(models.TextChoices):
    TALK = "talk", _("gesprek")
    DECISION = "decision", _("go of twijfel")
    AFSPRAKEN = "afspraken", _("afspraken")


class AgendaTheme(models.Model):
    code = models.SlugField(_("code"), unique=True, max_length=60)
    part = models.ForeignKey(AgendaPart, on_delete=models.PROTECT, related_name="themes")
    title = models.CharField(_("thema"), max_length=120)
    intro = models.TextField(_("inleiding"), blank=True)
    kind = models.CharField(
        _("soort"), max_length=12, choices=ThemeKind.choices, default=ThemeKind.TALK
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = CodeManager()

    class Meta:
        verbose_name = _("agendathema")
        verbose_name_plural = _("agendathema's")
        ordering = ["part__number", "order"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.code,)


class AnswerKind(models.TextChoices):
    NOTES = "notes", _("alleen notities")
    TEAM_SIZE = "team_size", _("omvang team (getal)")
    TRAINING_DATES = "training_dates", _("voorgestelde trainingsdata")
    KARTREKKERS = "kartrekkers", _("kartrekkers")
    HOURS = "hours", _("uren per schooljaar")


class AgendaPrompt(models.Model):
    code = models.SlugField(_("code"), unique=True, max_length=60)
    theme = models.ForeignKey(AgendaTheme, on_delete=models.PROTECT, related_name="prompts")
    text = models.CharField(_("vraag of onderwerp"), max_length=500)
    help_text = models.TextField(_("toelichting"), blank=True)
    answer_kind = models.CharField(
        _("soort antwoord"), max_length=20, choices=AnswerKind.choices, default=AnswerKind.NOTES
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = CodeManager()

    class Meta:
        verbose_name = _("agendavraag")
        verbose_name_plural = _("agendavragen")
        ordering = ["theme__part__number", "theme__order", "order"]

    def __str__(self):
        return self.text

    def natural_key(self):
        return (self.code,)


class VoorgesprekKind(models.TextChoices):
    VERKENNEND = "verkennend", _("Verkennend voorgesprek")
    PRAKTISCH = "praktisch", _("Praktisch voorgesprek")


class Decision(models.TextChoices):
    GO = "go", _("Go")
    TWIJFEL = "twijfel", _("Twijfel")


NOTES_MAX_LENGTH = 50_000


class Voorgesprek(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="voorgesprekken")
    kind = models.CharField(
        _("soort"),
        max_length=12,
        choices=VoorgesprekKind.choices,
        default=VoorgesprekKind.VERKENNEND,
    )
    date = models.DateField(_("datum"))
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        Membership, blank=True, related_name="voorgesprekken", verbose_name=_("deelnemers")
    )
    decision = models.CharField(_("besluit"), max_length=10, choices=Decision.choices, blank=True)
    decision_reasoning = models.TextField(
        _("onderbouwing"), blank=True, max_length=NOTES_MAX_LENGTH
    )
    improvements = models.TextField(_("wat moet er beter"), blank=True, max_length=NOTES_MAX_LENGTH)
    next_meeting = models.DateField(_("datum vervolggesprek"), null=True, blank=True)
    next_meeting_action = models.OneToOneField(
        TimelineAction, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Per autosaved field: its version and who changed it last, for conflict checks.
    field_state = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # No HistoricalRecords here: autosave writes up to once a second while someone
    # types. field_state keeps who changed each field last.

    class Meta:
        verbose_name = _("voorgesprek")
        verbose_name_plural = _("voorgesprekken")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.school} {self.date:%d-%m-%Y}"


class VoorgesprekTheme(models.Model):
    """The order of one theme in one meeting: trainers may reorder."""

    voorgesprek = models.ForeignKey(Voorgesprek, on_delete=models.CASCADE, related_name="themes")
    theme = models.ForeignKey(AgendaTheme, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["voorgesprek", "theme"], name="theme_once_per_meeting")
        ]

    def __str__(self):
        return f"{self.theme} ({self.order})"


class VoorgesprekPrompt(models.Model):
    """A prompt in one meeting: from the agenda, or the trainer's own; with the notes."""

    voorgesprek = models.ForeignKey(Voorgesprek, on_delete=models.CASCADE, related_name="prompts")
    theme = models.ForeignKey(VoorgesprekTheme, on_delete=models.CASCADE, related_name="prompts")
    agenda_prompt = models.ForeignKey(
        AgendaPrompt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    own_text = models.CharField(_("eigen vraag"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    skipped = models.BooleanField(_("overgeslagen"), default=False)
    notes = models.TextField(
        _("notities"),
        blank=True,
        max_length=NOTES_MAX_LENGTH,
        help_text=_(
            "Over de school en het team. Geen namen of persoonlijke gegevens van leerlingen."
        ),
    )
    number = models.DecimalField(
        _("getal"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    dates = models.JSONField(_("data"), default=list, blank=True)
    members = models.ManyToManyField(Membership, blank=True, related_name="+")
    names = models.CharField(_("nog uit te nodigen"), max_length=500, blank=True)
    field_state = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        return self.agenda_prompt.text if self.agenda_prompt_id else self.own_text

    @property
    def answer_kind(self) -> str:
        return self.agenda_prompt.answer_kind if self.agenda_prompt_id else AnswerKind.NOTES

    @property
    def training_groups(self) -> int | None:
        """Groups that follow from a team size: at most 20 people per group."""
        if self.answer_kind != AnswerKind.TEAM_SIZE or not self.number:
            return None
        return -(-int(self.number) // TrainingGroup.MAX_PARTICIPANTS)


class Afspraak(models.Model):
    """Who does what by when; mirrored as an action on the school's timeline."""

    voorgesprek = models.ForeignKey(Voorgesprek, on_delete=models.CASCADE, related_name="afspraken")
    what = models.CharField(_("wat"), max_length=300)
    owner = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wie"),
    )
    due = models.DateField(_("wanneer"))
    timeline_action = models.OneToOneField(
        TimelineAction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="afspraak",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["due", "pk"]

    def __str__(self):
        return self.what


# Werkmomenten and the team's reflection (Bijlage 12) ----------------------
#
# Content (the standard structure, the reflection questions, the topics to
# sign up for) is shipped as a fixture and edited by staff. A werkmoment is a
# training session of kind "werkmoment" with its own structure; its reflection
# round is copied from the content when the kartrekker sends it, so later edits
# to the content never change what the team was asked.

REFLECTION_TEXT_MAX_LENGTH = 20000


class WerkmomentPartTemplate(models.Model):
    order = models.PositiveSmallIntegerField(_("volgorde"), unique=True)
    title = models.CharField(_("onderdeel"), max_length=200)
    minutes = models.PositiveSmallIntegerField(_("minuten"), validators=[MaxValueValidator(480)])
    description = models.TextField(_("toelichting"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("standaardonderdeel werkmoment")
        verbose_name_plural = _("standaardopbouw werkmoment")
        ordering = ["order"]

    def __str__(self):
        return f"{self.title} ({self.minutes} min)"

    def natural_key(self):
        return (self.order,)


class ReflectionQuestionTemplate(models.Model):
    code = models.SlugField(_("code"), unique=True, max_length=60)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    text = models.CharField(_("vraag"), max_length=500)
    help_text = models.CharField(_("toelichting"), max_length=500, blank=True)
    active = models.BooleanField(_("actief"), default=True)

    objects = CodeManager()

    class Meta:
        verbose_name = _("reflectievraag")
        verbose_name_plural = _("reflectievragen")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text

    def natural_key(self):
        return (self.code,)


class TopicTemplate(models.Model):
    code = models.SlugField(_("code"), unique=True, max_length=60)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("onderwerp"), max_length=200)
    description = models.CharField(_("toelichting"), max_length=500, blank=True)
    active = models.BooleanField(_("actief"), default=True)

    objects = CodeManager()

    class Meta:
        verbose_name = _("onderwerp om op in te tekenen")
        verbose_name_plural = _("onderwerpen om op in te tekenen")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.code,)


class Werkmoment(models.Model):
    """The 1.5-hour team meeting between training modules, around one session."""

    session = models.OneToOneField(
        TrainingSession, on_delete=models.CASCADE, related_name="werkmoment"
    )
    after_session = models.ForeignKey(
        TrainingSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("terugblik op"),
        help_text=_("Het trainingsmoment waar dit werkmoment op terugkijkt."),
    )
    preparation = models.TextField(
        _("voorbereiding voor het team"),
        blank=True,
        max_length=5000,
        help_text=_("Bijvoorbeeld een filmpje kijken of een hoofdstuk lezen."),
    )
    notes = models.TextField(
        _("verslag"),
        blank=True,
        max_length=REFLECTION_TEXT_MAX_LENGTH,
        help_text=_("Geen namen of gegevens van leerlingen."),
    )
    chosen_topics = models.ManyToManyField(
        "ReflectionTopic", blank=True, related_name="+", verbose_name=_("gekozen onderwerpen")
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("werkmoment")
        verbose_name_plural = _("werkmomenten")
        ordering = ["session__date", "session__start_time"]

    def __str__(self):
        return str(self.session)

    @property
    def school(self):
        return self.session.school


class WerkmomentPart(models.Model):
    werkmoment = models.ForeignKey(Werkmoment, on_delete=models.CASCADE, related_name="parts")
    order = models.PositiveSmallIntegerField(_("volgorde"))
    title = models.CharField(_("onderdeel"), max_length=200)
    minutes = models.PositiveSmallIntegerField(_("minuten"), validators=[MaxValueValidator(480)])
    description = models.TextField(_("toelichting"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("onderdeel")
        verbose_name_plural = _("opbouw")
        ordering = ["werkmoment", "order", "pk"]

    def __str__(self):
        return f"{self.title} ({self.minutes} min)"


class ReflectionRound(models.Model):
    """The reflection questions and topics sent to the whole team before a werkmoment."""

    werkmoment = models.OneToOneField(
        Werkmoment, on_delete=models.CASCADE, related_name="reflection_round"
    )
    anonymous = models.BooleanField(
        _("anoniem voor de werkgroep"),
        default=False,
        help_text=_("Vast bij het versturen: de werkgroep ziet dan nooit wie wat antwoordde."),
    )
    intro = models.TextField(_("begeleidende tekst"), blank=True, max_length=2000)
    closes_on = models.DateField(_("invullen kan tot en met"))
    sent_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)

    class Meta:
        verbose_name = _("reflectieronde")
        verbose_name_plural = _("reflectierondes")

    def __str__(self):
        return str(self.werkmoment)


class ReflectionQuestion(models.Model):
    round = models.ForeignKey(ReflectionRound, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("volgorde"))
    text = models.CharField(_("vraag"), max_length=500)
    help_text = models.CharField(_("toelichting"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["round", "order", "pk"]

    def __str__(self):
        return self.text


class ReflectionTopic(models.Model):
    round = models.ForeignKey(ReflectionRound, on_delete=models.CASCADE, related_name="topics")
    order = models.PositiveSmallIntegerField(_("volgorde"))
    title = models.CharField(_("onderwerp"), max_length=200)
    description = models.CharField(_("toelichting"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("onderwerp")
        verbose_name_plural = _("onderwerpen")
        ordering = ["round", "order", "pk"]

    def __str__(self):
        return self.title


class ReflectionAnswer(models.Model):
    """One member's answer to one round.

    `respondent_key` is a keyed hash of (round, membership): it makes "one
    answer per member" hold and lets a member change their answer, also in an
    anonymous round. `respondent` is filled only when the round is not
    anonymous; in an anonymous round nothing in the database names the author.
    """

    round = models.ForeignKey(ReflectionRound, on_delete=models.CASCADE, related_name="answers")
    respondent_key = models.CharField(max_length=64)
    respondent = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    topics = models.ManyToManyField(ReflectionTopic, blank=True, related_name="sign_ups")
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("reflectie")
        verbose_name_plural = _("reflecties")
        ordering = ["round", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "respondent_key"], name="one_reflection_per_member"
            )
        ]

    def __str__(self):
        return _("Reflectie %(pk)s") % {"pk": self.pk}


class ReflectionAnswerText(models.Model):
    answer = models.ForeignKey(ReflectionAnswer, on_delete=models.CASCADE, related_name="texts")
    question = models.ForeignKey(ReflectionQuestion, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("antwoord"), blank=True, max_length=REFLECTION_TEXT_MAX_LENGTH)

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(fields=["answer", "question"], name="one_text_per_question")
        ]

    def __str__(self):
        return self.question.text[:60]


class ReflectionReminder(models.Model):
    """A reminder e-mail sent to one member for one round: never a second one."""

    round = models.ForeignKey(ReflectionRound, on_delete=models.CASCADE, related_name="reminders")
    respondent_key = models.CharField(max_length=64)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "respondent_key"], name="one_reminder_per_member"
            )
        ]

    def __str__(self):
        # Never the member: the key stands for them in anonymous rounds too.
        return _("Herinnering voor %(round)s") % {"round": self.round}


class OntwikkelpuntKind(models.TextChoices):
    IDEE = "idee", _("Idee")
    ONTWIKKELPUNT = "ontwikkelpunt", _("Ontwikkelpunt")


class Ontwikkelpunt(models.Model):
    """An idea or development point the team raised in a werkmoment (for the actieplan)."""

    werkmoment = models.ForeignKey(
        Werkmoment, on_delete=models.CASCADE, related_name="ontwikkelpunten"
    )
    kind = models.CharField(
        _("soort"), max_length=14, choices=OntwikkelpuntKind.choices, default=OntwikkelpuntKind.IDEE
    )
    text = models.CharField(
        _("omschrijving"),
        max_length=500,
        help_text=_("Geen namen of gegevens van leerlingen."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ontwikkelpunt")
        verbose_name_plural = _("ontwikkelpunten vanuit het team")
        ordering = ["werkmoment", "created_at", "pk"]

    def __str__(self):
        return self.text
