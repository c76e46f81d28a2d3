"""The Ontwikkelmodel TSO (handbook chapter 6): groeilagen, accents and their
descriptors per groeifase, in our own words, versioned.

A school's assessment points at the ModelVersion it used, so a later, reworded
version never changes what an earlier ronde meant. Every row has a natural key
built from the version name, so fixtures and the import command match rows
without primary keys.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

GROEIFASES = (1, 2, 3, 4)


class ModelVersionManager(models.Manager):
    """For every versioned content set: rows are found by name, one is current."""

    def get_by_natural_key(self, name):
        return self.get(name=name)

    def current(self):
        return self.filter(is_current=True).order_by("-pk").first()


class ContentVersion(models.Model):
    """A named, versioned set of shipped content; one version is current.

    Whatever a school fills in points at the version it used, so rewording a
    later version never changes an earlier result.
    """

    name = models.CharField(_("naam"), max_length=120, unique=True)

    objects = ModelVersionManager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)


class ModelVersion(ContentVersion):
    is_current = models.BooleanField(
        _("huidige versie"),
        default=False,
        help_text=_("De versie die nieuwe rondes en de pagina 'Het Ontwikkelmodel' gebruiken."),
    )

    class Meta(ContentVersion.Meta):
        verbose_name = _("versie van het ontwikkelmodel")
        verbose_name_plural = _("versies van het ontwikkelmodel")


class VersionCodeManager(models.Manager):
    def get_by_natural_key(self, version_name, code):
        return self.get(version__name=version_name, code=code)


class Groeilaag(models.Model):
    version = models.ForeignKey(
        ModelVersion, on_delete=models.CASCADE, related_name="groeilagen", verbose_name=_("versie")
    )
    code = models.CharField(_("code"), max_length=4, help_text=_("Bijvoorbeeld 1, 2, 3A of 3B."))
    number = models.PositiveSmallIntegerField(_("volgorde"))
    name = models.CharField(_("naam"), max_length=120)
    definition = models.TextField(_("omschrijving"), max_length=600)

    objects = VersionCodeManager()

    class Meta:
        verbose_name = _("groeilaag")
        verbose_name_plural = _("groeilagen")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="groeilaag_code_per_version")
        ]

    def __str__(self):
        return f"{self.code}. {self.name}"

    def natural_key(self):
        return (*self.version.natural_key(), self.code)

    natural_key.dependencies = ["ontwikkelmodel.modelversion"]


class AccentManager(models.Manager):
    def get_by_natural_key(self, version_name, code):
        return self.get(groeilaag__version__name=version_name, code=code)


class Accent(models.Model):
    groeilaag = models.ForeignKey(
        Groeilaag, on_delete=models.CASCADE, related_name="accents", verbose_name=_("groeilaag")
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("naam"), max_length=120)
    order = models.PositiveSmallIntegerField(_("volgorde"))
    aids = models.ManyToManyField(
        "aids.Aid", blank=True, related_name="accents", verbose_name=_("hulpmiddelen")
    )

    objects = AccentManager()

    class Meta:
        verbose_name = _("accent")
        verbose_name_plural = _("accenten")
        ordering = ["groeilaag__number", "order"]
        constraints = [
            models.UniqueConstraint(fields=["groeilaag", "code"], name="accent_code_per_groeilaag")
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.groeilaag.version.name, self.code)

    natural_key.dependencies = ["ontwikkelmodel.groeilaag"]

    def clean(self):
        # The natural key is (version, code): the code must be unique per version.
        if self.groeilaag_id:
            clash = Accent.objects.filter(
                groeilaag__version_id=self.groeilaag.version_id, code=self.code
            ).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"code": _("Deze code bestaat al in deze versie.")})


class DescriptorManager(models.Manager):
    def get_by_natural_key(self, version_name, accent_code, groeifase):
        return self.get(
            accent__groeilaag__version__name=version_name,
            accent__code=accent_code,
            groeifase=groeifase,
        )


class Descriptor(models.Model):
    accent = models.ForeignKey(
        Accent, on_delete=models.CASCADE, related_name="descriptors", verbose_name=_("accent")
    )
    groeifase = models.PositiveSmallIntegerField(
        _("groeifase"), choices=[(n, _("Groeifase %(n)s") % {"n": n}) for n in GROEIFASES]
    )
    text = models.TextField(_("omschrijving"), max_length=2000)

    objects = DescriptorManager()

    class Meta:
        verbose_name = _("omschrijving per groeifase")
        verbose_name_plural = _("omschrijvingen per groeifase")
        ordering = ["accent", "groeifase"]
        constraints = [
            models.UniqueConstraint(fields=["accent", "groeifase"], name="descriptor_per_fase"),
            models.CheckConstraint(
                condition=models.Q(groeifase__gte=1, groeifase__lte=4),
                name="descriptor_groeifase_1_4",
            ),
        ]

    def __str__(self):
        return f"{self.accent} · {self.groeifase}"

    def natural_key(self):
        return (*self.accent.natural_key(), self.groeifase)

    natural_key.dependencies = ["ontwikkelmodel.accent"]


class VersionOrderManager(models.Manager):
    def get_by_natural_key(self, version_name, order):
        return self.get(version__name=version_name, order=order)


class KnowledgeElement(models.Model):
    version = models.ForeignKey(
        ModelVersion,
        on_delete=models.CASCADE,
        related_name="knowledge_elements",
        verbose_name=_("versie"),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"))
    name = models.CharField(_("begrip"), max_length=80)
    text = models.TextField(_("uitleg"), max_length=600)

    objects = VersionOrderManager()

    class Meta:
        verbose_name = _("kenniselement")
        verbose_name_plural = _("kenniselementen")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="knowledge_order_per_version")
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.version.natural_key(), self.order)

    natural_key.dependencies = ["ontwikkelmodel.modelversion"]


class ModuleLinkManager(models.Manager):
    def get_by_natural_key(self, version_name, module):
        return self.get(version__name=version_name, module=module)


class ModuleLink(models.Model):
    """Handbook table 1.2: which groeilagen a module of the teamtraining feeds."""

    version = models.ForeignKey(
        ModelVersion,
        on_delete=models.CASCADE,
        related_name="module_links",
        verbose_name=_("versie"),
    )
    module = models.PositiveSmallIntegerField(
        _("module"), choices=[(n, _("Module %(n)s") % {"n": n}) for n in (1, 2, 3, 4)]
    )
    title = models.CharField(_("titel"), max_length=200)
    concepts = models.CharField(_("kernconcepten"), max_length=300, blank=True)
    groeilagen = models.ManyToManyField(
        Groeilaag, related_name="module_links", verbose_name=_("groeilagen")
    )

    objects = ModuleLinkManager()

    class Meta:
        verbose_name = _("koppeling module en groeilaag")
        verbose_name_plural = _("koppelingen modules en groeilagen")
        ordering = ["version", "module"]
        constraints = [
            models.UniqueConstraint(fields=["version", "module"], name="module_link_per_version"),
            models.CheckConstraint(
                condition=models.Q(module__gte=1, module__lte=4), name="module_link_module_1_4"
            ),
        ]

    def __str__(self):
        return f"Module {self.module}: {self.title}"

    def natural_key(self):
        return (*self.version.natural_key(), self.module)

    natural_key.dependencies = ["ontwikkelmodel.modelversion"]


# --- Rondes: a school's assessment with the gespreksformulier (Bijlage 5) ---

PRIORITY_RANKS = (1, 2, 3, 4, 5)
MAX_PRIORITIES = len(PRIORITY_RANKS)
# The handbook advises at most one or two goals per groeilaag.
MAX_GOALS_PER_GROEILAAG = 2
# Estimates this far apart mean the group should talk it through.
DISAGREEMENT_SPREAD = 2

groeifase_field_kwargs = {
    "null": True,
    "blank": True,
    "choices": [(n, _("Groeifase %(n)s") % {"n": n}) for n in GROEIFASES],
}
priority_field_kwargs = {
    "null": True,
    "blank": True,
    "choices": [(n, str(n)) for n in PRIORITY_RANKS],
}


class RondeStep(models.TextChoices):
    INDIVIDUAL = "individueel", _("Individuele stap")
    JOINT = "gezamenlijk", _("Gezamenlijke stap")
    CLOSED = "afgesloten", _("Afgesloten")


class Ronde(models.Model):
    """One assessment round of a school: everyone alone first, then together.

    The ronde keeps pointing at the model version it was opened with, so a
    reworded model never changes what an earlier ronde meant.
    """

    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="rondes", verbose_name=_("school")
    )
    version = models.ForeignKey(
        ModelVersion, on_delete=models.PROTECT, related_name="rondes", verbose_name=_("versie")
    )
    title = models.CharField(
        _("naam"),
        max_length=120,
        help_text=_("Bijvoorbeeld 'Module 4, november 2026' of 'Jaarlijkse evaluatie 2027'."),
    )
    deadline = models.DateField(
        _("individuele stap af op"),
        help_text=_("Tot wanneer de deelnemers hun eigen inschatting kunnen invullen."),
    )
    joint_date = models.DateField(
        _("datum gezamenlijk gesprek"),
        null=True,
        blank=True,
    )
    step = models.CharField(
        _("stap"), max_length=20, choices=RondeStep.choices, default=RondeStep.INDIVIDUAL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geopend door"),
    )
    created_at = models.DateTimeField(_("geopend op"), auto_now_add=True)
    joint_opened_at = models.DateTimeField(_("gezamenlijke stap geopend op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    # Bumped on every save of the joint form: two laptops in one meeting never
    # silently overwrite each other.
    joint_version = models.PositiveIntegerField(default=0, editable=False)
    joint_saved_by = models.CharField(max_length=150, blank=True, editable=False)
    joint_saved_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=["joint_version", "joint_saved_by", "joint_saved_at"]
    )

    class Meta:
        verbose_name = _("ronde")
        verbose_name_plural = _("rondes")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def is_individual(self):
        return self.step == RondeStep.INDIVIDUAL

    @property
    def is_joint(self):
        return self.step == RondeStep.JOINT

    @property
    def is_closed(self):
        return self.step == RondeStep.CLOSED

    @property
    def results_date(self):
        """The date the agreed result belongs to: the joint conversation, else closing."""
        if self.joint_date:
            return self.joint_date
        if self.closed_at:
            return self.closed_at.date()
        return self.created_at.date()


class Participant(models.Model):
    """Someone who fills in the gespreksformulier alone in the individual step."""

    ronde = models.ForeignKey(
        Ronde, on_delete=models.CASCADE, related_name="participants", verbose_name=_("ronde")
    )
    # SET_NULL with a name kept: a submitted form stays part of the ronde when
    # the account is removed.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="ronde_participations",
        verbose_name=_("deelnemer"),
    )
    name = models.CharField(_("naam"), max_length=150)
    role_label = models.CharField(_("rol"), max_length=120, blank=True)
    submitted_at = models.DateTimeField(_("ingeleverd op"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    saved_at = models.DateTimeField(_("laatst opgeslagen"), null=True, blank=True)

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ronde", "user"], name="participant_once_per_ronde")
        ]

    def __str__(self):
        return self.name

    @property
    def is_submitted(self):
        return self.submitted_at is not None


class AnswerFields(models.Model):
    """What the gespreksformulier asks per accent, alone or together."""

    groeifase = models.PositiveSmallIntegerField(
        _("inschatting groeifase"), **groeifase_field_kwargs
    )
    strengths = models.TextField(_("sterke punten in de school"), max_length=4000, blank=True)
    goal = models.TextField(_("voornaamste ontwikkeldoel"), max_length=4000, blank=True)
    priority = models.PositiveSmallIntegerField(_("prioriteit"), **priority_field_kwargs)

    class Meta:
        abstract = True

    @property
    def is_empty(self):
        return self.groeifase is None and not self.strengths and not self.goal and not self.priority


class IndividualAnswer(AnswerFields):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="answers", verbose_name=_("deelnemer")
    )
    accent = models.ForeignKey(
        Accent, on_delete=models.PROTECT, related_name="+", verbose_name=_("accent")
    )

    class Meta:
        verbose_name = _("eigen inschatting")
        verbose_name_plural = _("eigen inschattingen")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "accent"], name="individual_answer_per_accent"
            ),
            models.UniqueConstraint(
                fields=["participant", "priority"],
                condition=models.Q(priority__isnull=False),
                name="individual_priority_once",
            ),
            models.CheckConstraint(
                condition=models.Q(groeifase__gte=1, groeifase__lte=4)
                | models.Q(groeifase__isnull=True),
                name="individual_groeifase_1_4",
            ),
            models.CheckConstraint(
                condition=models.Q(priority__gte=1, priority__lte=5)
                | models.Q(priority__isnull=True),
                name="individual_priority_1_5",
            ),
        ]

    def __str__(self):
        return f"{self.accent}: {self.groeifase or '–'}"


class JointAnswer(AnswerFields):
    """The group's agreed answer for one accent, and for a chosen goal its follow-up."""

    ronde = models.ForeignKey(
        Ronde, on_delete=models.CASCADE, related_name="joint_answers", verbose_name=_("ronde")
    )
    accent = models.ForeignKey(
        Accent, on_delete=models.PROTECT, related_name="+", verbose_name=_("accent")
    )
    # The follow-up plan of a chosen goal (Bijlage 5, step 2).
    approach = models.TextField(_("hoe werken we het doel uit?"), max_length=4000, blank=True)
    role_management = models.TextField(_("rol van directie/MT"), max_length=2000, blank=True)
    role_werkgroep = models.TextField(
        _("rol van kartrekkers/werkgroep"), max_length=2000, blank=True
    )
    role_team = models.TextField(_("rol van het team"), max_length=2000, blank=True)
    monitoring = models.TextField(_("hoe monitoren we?"), max_length=2000, blank=True)
    monitored_by = models.CharField(_("wie monitort?"), max_length=200, blank=True)
    feedback_to_team = models.TextField(
        _("hoe komen de resultaten terug bij het team?"), max_length=2000, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gezamenlijke inschatting")
        verbose_name_plural = _("gezamenlijke inschattingen")
        constraints = [
            models.UniqueConstraint(fields=["ronde", "accent"], name="joint_answer_per_accent"),
            models.UniqueConstraint(
                fields=["ronde", "priority"],
                condition=models.Q(priority__isnull=False),
                name="joint_priority_once",
            ),
            models.CheckConstraint(
                condition=models.Q(groeifase__gte=1, groeifase__lte=4)
                | models.Q(groeifase__isnull=True),
                name="joint_groeifase_1_4",
            ),
            models.CheckConstraint(
                condition=models.Q(priority__gte=1, priority__lte=5)
                | models.Q(priority__isnull=True),
                name="joint_priority_1_5",
            ),
        ]

    def __str__(self):
        return f"{self.accent}: {self.groeifase or '–'}"

    FOLLOW_UP_FIELDS = (
        "approach",
        "role_management",
        "role_werkgroep",
        "role_team",
        "monitoring",
        "monitored_by",
        "feedback_to_team",
    )


# --- Leader checklist (Bijlage 6): management's own contribution ----------------

# The five-point scale of the checklist.
SCORES = (1, 2, 3, 4, 5)
SCORE_LABELS = {
    1: _("Helemaal oneens"),
    2: _("Oneens"),
    3: _("Neutraal"),
    4: _("Eens"),
    5: _("Helemaal mee eens"),
}
# The statements belong to the four accents of groeilaag 2 (Richting geven).
CHECKLIST_ACCENTS = ("missie-en-visie", "faciliteiten", "personeelsbeleid", "leidinggevenden")


class ChecklistVersion(ContentVersion):
    """A set of statements and conversation questions; a round keeps the set it used."""

    is_current = models.BooleanField(
        _("huidige versie"),
        default=False,
        help_text=_("De versie die nieuwe checklistrondes gebruiken."),
    )

    class Meta(ContentVersion.Meta):
        verbose_name = _("versie van de checklist leidinggevenden")
        verbose_name_plural = _("versies van de checklist leidinggevenden")


class StatementSource(models.TextChoices):
    HANDBOOK_EXAMPLE = "voorbeeld", _("Voorbeeld uit het handboek, in eigen woorden")
    STARTER_SET = "startset", _("Eigen startset, afgeleid uit hoofdstuk 6.5")
    OFFICIAL = "officieel", _("Officiële lijst")
    SCHOOL = "eigen", _("Door de beheerder toegevoegd")


class Statement(models.Model):
    version = models.ForeignKey(
        ChecklistVersion,
        on_delete=models.CASCADE,
        related_name="statements",
        verbose_name=_("versie"),
    )
    code = models.SlugField(_("code"), max_length=80)
    accent_code = models.CharField(
        _("accent"),
        max_length=60,
        choices=[(code, code.replace("-", " ").capitalize()) for code in CHECKLIST_ACCENTS],
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    text = models.TextField(
        _("stelling"),
        max_length=600,
        help_text=_("Nieuwe rondes krijgen deze tekst; geopende rondes houden de hunne."),
    )
    source = models.CharField(
        _("herkomst"),
        max_length=20,
        choices=StatementSource.choices,
        default=StatementSource.SCHOOL,
    )
    is_active = models.BooleanField(
        _("in gebruik"),
        default=True,
        help_text=_("Zet uit om een stelling niet meer te vragen; oude rondes houden haar."),
    )

    objects = VersionCodeManager()

    class Meta:
        verbose_name = _("stelling")
        verbose_name_plural = _("stellingen")
        ordering = ["version", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="statement_code_per_version")
        ]

    def __str__(self):
        return self.text[:80]

    def natural_key(self):
        return (*self.version.natural_key(), self.code)

    natural_key.dependencies = ["ontwikkelmodel.checklistversion"]


class QuestionStep(models.TextChoices):
    PAIRS = "tweetallen", _("Stap 1: in tweetallen")
    TOGETHER = "gezamenlijk", _("Stap 2: gezamenlijk")


class ChecklistQuestion(models.Model):
    """A question for the conversation after the checklist, in our own words."""

    version = models.ForeignKey(
        ChecklistVersion,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("versie"),
    )
    code = models.SlugField(_("code"), max_length=80)
    step = models.CharField(_("stap"), max_length=20, choices=QuestionStep.choices)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    text = models.CharField(_("vraag"), max_length=300)

    objects = VersionCodeManager()

    class Meta:
        verbose_name = _("gespreksvraag")
        verbose_name_plural = _("gespreksvragen")
        ordering = ["version", "step", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="question_code_per_version")
        ]

    def __str__(self):
        return self.text

    def natural_key(self):
        return (*self.version.natural_key(), self.code)

    natural_key.dependencies = ["ontwikkelmodel.checklistversion"]


class ChecklistRound(models.Model):
    """A management team fills in the checklist alone, then talks in pairs and together."""

    school = models.ForeignKey(
        "schools.School",
        on_delete=models.CASCADE,
        related_name="checklist_rounds",
        verbose_name=_("school"),
    )
    version = models.ForeignKey(
        ChecklistVersion, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("versie")
    )
    title = models.CharField(_("naam"), max_length=120)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geopend door"),
    )
    created_at = models.DateTimeField(_("geopend op"), auto_now_add=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    share_team_result_with_board = models.BooleanField(
        _("teamresultaat delen met het bestuur"),
        default=False,
        help_text=_(
            "Het bestuur ziet dan de verdeling per stelling en de afspraken, nooit iemands "
            "eigen antwoorden."
        ),
    )
    # The joint conversation (step 2): notes per question live in ChecklistNote.
    version_counter = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["version_counter"])

    class Meta:
        verbose_name = _("checklistronde")
        verbose_name_plural = _("checklistrondes")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        opening = self._state.adding
        super().save(*args, **kwargs)
        if opening:
            self.freeze_statements()

    def freeze_statements(self):
        """Store the version's statements in use now: the round keeps this set and wording."""
        if self.round_statements.exists():
            return
        ChecklistRoundStatement.objects.bulk_create(
            ChecklistRoundStatement(
                round=self,
                statement=statement,
                accent_code=statement.accent_code,
                order=position,
                text=statement.text,
            )
            for position, statement in enumerate(
                self.version.statements.filter(is_active=True).order_by("order", "pk"), start=1
            )
        )

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class ChecklistParticipant(models.Model):
    round = models.ForeignKey(
        ChecklistRound,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("ronde"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="checklist_participations",
        verbose_name=_("deelnemer"),
    )
    name = models.CharField(_("naam"), max_length=150)
    submitted_at = models.DateTimeField(_("ingeleverd op"), null=True, blank=True)
    shares_own_answers = models.BooleanField(
        _("mijn antwoorden met naam tonen aan het team"),
        default=False,
        help_text=_("Standaard ziet het team alleen hoeveel mensen elk antwoord kozen."),
    )
    pair = models.PositiveSmallIntegerField(
        _("tweetal"),
        null=True,
        blank=True,
        help_text=_("Deelnemers met hetzelfde nummer praten samen."),
    )

    class Meta:
        verbose_name = _("deelnemer aan de checklist")
        verbose_name_plural = _("deelnemers aan de checklist")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="checklist_participant_once")
        ]

    def __str__(self):
        return self.name

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class ChecklistAnswer(models.Model):
    participant = models.ForeignKey(
        ChecklistParticipant,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("deelnemer"),
    )
    statement = models.ForeignKey(
        Statement, on_delete=models.PROTECT, related_name="+", verbose_name=_("stelling")
    )
    score = models.PositiveSmallIntegerField(
        _("score"), choices=[(n, f"{n} {SCORE_LABELS[n]}") for n in SCORES]
    )

    class Meta:
        verbose_name = _("antwoord op de checklist")
        verbose_name_plural = _("antwoorden op de checklist")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "statement"], name="checklist_answer_once"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="checklist_score_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.statement}: {self.score}"


class ChecklistNote(models.Model):
    """Notes on one conversation question: of a pair (private to it) or of the whole team."""

    round = models.ForeignKey(
        ChecklistRound, on_delete=models.CASCADE, related_name="notes", verbose_name=_("ronde")
    )
    question = models.ForeignKey(
        ChecklistQuestion, on_delete=models.PROTECT, related_name="+", verbose_name=_("vraag")
    )
    # Empty for the joint step; the pair's number for step 1.
    pair = models.PositiveSmallIntegerField(_("tweetal"), null=True, blank=True)
    text = models.TextField(_("notities"), max_length=5000, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    saved_by = models.CharField(max_length=150, blank=True, editable=False)
    saved_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("gespreksnotitie")
        verbose_name_plural = _("gespreksnotities")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "question", "pair"],
                condition=models.Q(pair__isnull=False),
                name="checklist_note_per_pair",
            ),
            models.UniqueConstraint(
                fields=["round", "question"],
                condition=models.Q(pair__isnull=True),
                name="checklist_note_joint_once",
            ),
        ]

    def __str__(self):
        return f"{self.question}: {self.text[:60]}"


class ChecklistAgreement(models.Model):
    """A concrete agreement from the joint conversation: who does what, when."""

    round = models.ForeignKey(
        ChecklistRound,
        on_delete=models.CASCADE,
        related_name="agreements",
        verbose_name=_("ronde"),
    )
    what = models.CharField(_("wat"), max_length=500)
    who = models.CharField(_("wie"), max_length=200)
    when = models.DateField(_("wanneer"), null=True, blank=True)
    accent_code = models.CharField(
        _("accent"),
        max_length=60,
        blank=True,
        choices=Statement._meta.get_field("accent_code").choices,
    )
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("afspraak uit de checklist")
        verbose_name_plural = _("afspraken uit de checklist")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.what


class ChecklistRoundStatement(models.Model):
    """A statement as it was asked in one round: the set is fixed when the round opens.

    Text, accent and order are copied, so rewording, reordering or retiring a
    statement later changes new rounds only.
    """

    round = models.ForeignKey(
        ChecklistRound,
        on_delete=models.CASCADE,
        related_name="round_statements",
        verbose_name=_("ronde"),
    )
    statement = models.ForeignKey(
        Statement, on_delete=models.PROTECT, related_name="+", verbose_name=_("stelling")
    )
    accent_code = models.CharField(
        _("accent"), max_length=60, choices=Statement._meta.get_field("accent_code").choices
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    text = models.TextField(_("stelling"), max_length=600)

    class Meta:
        verbose_name = _("stelling in een ronde")
        verbose_name_plural = _("stellingen in een ronde")
        ordering = ["round", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "statement"], name="checklist_round_statement_once"
            )
        ]

    def __str__(self):
        return self.text[:80]
