"""The actieplan (handbook chapter 5, Bijlage 7): the werkgroep's living plan.

A school has one plan per period. It holds goals, the werkgroep's meetings
(bijeenkomsten), actiepunten in four sections with their steps and updates,
and an evaluation every other month. Many hands edit it at once, so every
actiepunt carries a version: a save based on an older version is a conflict
the user resolves, never a silent overwrite.
"""

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from schools.models import Membership, School

PRIVACY_HELP = _("Over de school en het team; schrijf geen namen of gegevens van leerlingen op.")


class Section(models.TextChoices):
    """The four tables of Bijlage 7, one per groeilaag (3A and 3B apart)."""

    KENNISONTWIKKELING = "kennisontwikkeling", _("Kennisontwikkeling")
    RICHTING_GEVEN = "richting_geven", _("Richting geven")
    RELATIES_BOUWEN = "relaties_bouwen", _("Relaties bouwen")
    REGULATIE_BEVORDEREN = "regulatie_bevorderen", _("Regulatie bevorderen")


# The Ontwikkelmodel's groeilaag codes per section, to file a ronde's goal.
SECTION_OF_GROEILAAG = {
    "1": Section.KENNISONTWIKKELING,
    "2": Section.RICHTING_GEVEN,
    "3A": Section.RELATIES_BOUWEN,
    "3B": Section.REGULATIE_BEVORDEREN,
}


class PeriodKind(models.TextChoices):
    SCHOOLJAAR = "schooljaar", _("Schooljaar")
    EERSTE_HALFJAAR = "eerste_halfjaar", _("Eerste zes maanden na de teamtraining")
    ANDERS = "anders", _("Andere periode")


class Actieplan(models.Model):
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="actieplannen", verbose_name=_("school")
    )
    title = models.CharField(_("naam"), max_length=120)
    period_kind = models.CharField(
        _("soort periode"), max_length=20, choices=PeriodKind.choices, default=PeriodKind.SCHOOLJAAR
    )
    starts_on = models.DateField(_("begint op"))
    ends_on = models.DateField(_("loopt tot en met"))
    evaluation_interval_months = models.PositiveSmallIntegerField(
        _("evalueren elke … maanden"),
        default=2,
        help_text=_("Het handboek raadt aan om elke twee maanden te evalueren en bij te sturen."),
    )
    first_evaluation_on = models.DateField(_("eerste evaluatie op"), null=True, blank=True)
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goedgekeurd door"),
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_plans",
        verbose_name=_("vorig plan"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("actieplan")
        verbose_name_plural = _("actieplannen")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="actieplan_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Het plan kan niet eindigen voordat het begint.")})

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    def is_current(self, today: date) -> bool:
        return self.starts_on <= today <= self.ends_on


class Origin(models.Model):
    """Where a goal or actiepunt came from: a ronde's priority, a checklist agreement, ….

    A generic link, so every later source (leader checklist, werkmomenten) uses
    the same field; `origin_label` keeps a readable name when the source is gone.
    """

    origin_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    origin_id = models.PositiveBigIntegerField(null=True, blank=True)
    origin = GenericForeignKey("origin_type", "origin_id")
    origin_label = models.CharField(_("afkomstig uit"), max_length=300, blank=True)

    class Meta:
        abstract = True


class GoalHorizon(models.TextChoices):
    KORT = "kort", _("Komende zes maanden")
    LANG = "lang", _("Lange termijn")


class Doel(Origin):
    actieplan = models.ForeignKey(
        Actieplan, on_delete=models.CASCADE, related_name="doelen", verbose_name=_("actieplan")
    )
    horizon = models.CharField(
        _("termijn"), max_length=10, choices=GoalHorizon.choices, default=GoalHorizon.KORT
    )
    text = models.TextField(_("doel"), max_length=1000, help_text=PRIVACY_HELP)
    accents = models.ManyToManyField(
        "ontwikkelmodel.Accent", blank=True, related_name="+", verbose_name=_("accenten")
    )
    priority = models.PositiveSmallIntegerField(_("prioriteit uit de ronde"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    achieved_at = models.DateField(_("bereikt op"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[accents])

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["horizon", "order", "pk"]

    def __str__(self):
        return self.text[:80]


def meeting_role(label):
    """Who chairs, keeps time or takes minutes: one of the school's members."""
    return models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=label,
    )


class Bijeenkomst(models.Model):
    """A meeting of the werkgroep, with its agenda and minutes."""

    actieplan = models.ForeignKey(
        Actieplan,
        on_delete=models.CASCADE,
        related_name="bijeenkomsten",
        verbose_name=_("actieplan"),
    )
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("begintijd"))
    end_time = models.TimeField(_("eindtijd"))
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    voorzitter = meeting_role(_("voorzitter"))
    tijdbewaker = meeting_role(_("tijdbewaker"))
    notulist = meeting_role(_("notulist"))
    agenda = models.TextField(_("agenda"), max_length=5000, blank=True, help_text=PRIVACY_HELP)
    minutes = models.TextField(_("notulen"), max_length=20000, blank=True, help_text=PRIVACY_HELP)
    version = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        ordering = ["date", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="bijeenkomst_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.date:%d-%m-%Y} {self.start_time:%H:%M}"

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("De eindtijd moet na de begintijd liggen.")})


class Status(models.TextChoices):
    GEPLAND = "gepland", _("gepland")
    BEZIG = "bezig", _("bezig")
    AFGEROND = "afgerond", _("afgerond")
    GESTOPT = "gestopt", _("gestopt")


OPEN_STATUSES = (Status.GEPLAND, Status.BEZIG)


class ActiepuntQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def overdue(self, today: date):
        return self.alive().filter(status__in=OPEN_STATUSES, due_date__lt=today)


class Actiepunt(Origin):
    actieplan = models.ForeignKey(
        Actieplan,
        on_delete=models.CASCADE,
        related_name="actiepunten",
        verbose_name=_("actieplan"),
    )
    section = models.CharField(_("groeilaag"), max_length=30, choices=Section.choices)
    title = models.CharField(_("actiepunt"), max_length=300, help_text=PRIVACY_HELP)
    responsible = models.ManyToManyField(
        Membership, blank=True, related_name="+", verbose_name=_("wie is verantwoordelijk?")
    )
    due_date = models.DateField(_("wanneer afgerond?"), null=True, blank=True)
    monitoring = models.TextField(
        _("hoe wordt de uitvoering gemonitord?"), max_length=2000, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.GEPLAND
    )
    stop_reason = models.CharField(_("reden van stoppen"), max_length=500, blank=True)
    driving_activity = models.ForeignKey(
        "phases.DrivingActivity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aanjagende activiteit"),
    )
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    completed_on = models.DateField(_("afgerond op"), null=True, blank=True)
    # The deadline on the school's timeline, kept in step by actieplan.timeline.
    timeline_action = models.OneToOneField(
        "phases.TimelineAction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actiepunt",
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("overgenomen van"),
    )
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ActiepuntQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[responsible])

    # What people edit by hand, and what an edit conflict compares.
    EDITABLE_FIELDS = [
        "section",
        "title",
        "responsible",
        "due_date",
        "monitoring",
        "status",
        "stop_reason",
        "driving_activity",
    ]

    class Meta:
        verbose_name = _("actiepunt")
        verbose_name_plural = _("actiepunten")
        ordering = ["section", "order", "pk"]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < today


class Stap(models.Model):
    """One step of an actiepunt: an ordered checklist that gets ticked off."""

    actiepunt = models.ForeignKey(
        Actiepunt, on_delete=models.CASCADE, related_name="stappen", verbose_name=_("actiepunt")
    )
    text = models.CharField(_("stap"), max_length=500)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    done_at = models.DateTimeField(_("afgevinkt op"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stap")
        verbose_name_plural = _("stappen")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class Update(models.Model):
    """A dated, signed note in an actiepunt's log (the 'Notities/Updates' column)."""

    actiepunt = models.ForeignKey(
        Actiepunt, on_delete=models.CASCADE, related_name="updates", verbose_name=_("actiepunt")
    )
    text = models.TextField(_("notitie"), max_length=4000, help_text=PRIVACY_HELP)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(_("door"), max_length=150)
    created_at = models.DateTimeField(_("op"), auto_now_add=True)

    class Meta:
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.author_name}: {self.text[:60]}"


class Verdict(models.TextChoices):
    OP_SCHEMA = "op_schema", _("op schema")
    ACHTER = "achter", _("loopt achter")
    KLAAR = "klaar", _("klaar")


class Evaluatie(models.Model):
    """The werkgroep's look at the plan every other month: on track, behind, done."""

    actieplan = models.ForeignKey(
        Actieplan, on_delete=models.CASCADE, related_name="evaluaties", verbose_name=_("actieplan")
    )
    date = models.DateField(_("datum"))
    summary = models.TextField(
        _("samenvatting"), max_length=5000, blank=True, help_text=PRIVACY_HELP
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.actieplan} · {self.date:%d-%m-%Y}"


class EvaluatieItem(models.Model):
    evaluatie = models.ForeignKey(Evaluatie, on_delete=models.CASCADE, related_name="items")
    actiepunt = models.ForeignKey(Actiepunt, on_delete=models.CASCADE, related_name="evaluaties")
    verdict = models.CharField(_("oordeel"), max_length=10, choices=Verdict.choices)
    adjustment = models.TextField(_("wat passen we aan?"), max_length=2000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evaluatie", "actiepunt"], name="evaluatie_item_per_actiepunt"
            )
        ]

    def __str__(self):
        return f"{self.actiepunt}: {self.get_verdict_display()}"


class SuggestionManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Suggestion(models.Model):
    """An example action from chapter 5, in our own words, to copy into a plan."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    section = models.CharField(_("groeilaag"), max_length=30, choices=Section.choices)
    title = models.CharField(_("actiepunt"), max_length=300)
    explanation = models.TextField(_("toelichting"), max_length=2000, blank=True)
    steps = models.TextField(_("stappen"), blank=True, help_text=_("Eén stap per regel."))
    driving_activity = models.ForeignKey(
        "phases.DrivingActivity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aanjagende activiteit"),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("tonen"), default=True)

    objects = SuggestionManager()

    class Meta:
        verbose_name = _("voorbeeldactie")
        verbose_name_plural = _("voorbeeldacties")
        ordering = ["section", "order", "pk"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.code,)

    @property
    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]
