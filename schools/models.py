"""Boards, schools, people and their roles: the base every other app builds on."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        return (email or "").strip().lower()

    def get_by_natural_key(self, username):
        return self.get(email=self.normalize_email(username))

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    full_name = models.CharField(_("naam"), max_length=150, blank=True)
    background = models.CharField(
        _("achtergrond"),
        max_length=20,
        choices=[("onderwijs", _("onderwijs")), ("zorg", _("zorg"))],
        blank=True,
        help_text=_(
            "Voor trainers: het handboek raadt een trainer uit het onderwijs samen met een "
            "trainer uit de zorg aan."
        ),
    )
    is_staff = models.BooleanField(
        _("beheerder"),
        default=False,
        help_text=_("Mag inloggen in het beheer en de inhoud (fasen, Ontwikkelmodel) bewerken."),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = UserManager.normalize_email(self.email)

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.get_full_name()


class Bestuur(models.Model):
    """A school board (schoolbestuur) that runs one or more schools."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(unique=True, max_length=80)

    class Meta:
        verbose_name = _("bestuur")
        verbose_name_plural = _("besturen")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Bestuur, self.name)
        super().save(*args, **kwargs)


class SchoolType(models.TextChoices):
    REGULIER_BO = "regulier_bo", _("Regulier basisonderwijs")
    SBO = "sbo", _("Speciaal basisonderwijs (SBO)")
    SO_CLUSTER_1 = "so_cluster_1", _("Speciaal onderwijs (SO) cluster 1")
    SO_CLUSTER_2 = "so_cluster_2", _("Speciaal onderwijs (SO) cluster 2")
    SO_CLUSTER_3 = "so_cluster_3", _("Speciaal onderwijs (SO) cluster 3")
    SO_CLUSTER_4 = "so_cluster_4", _("Speciaal onderwijs (SO) cluster 4")
    VSO = "vso", _("Voortgezet speciaal onderwijs (VSO)")
    VO = "vo", _("Voortgezet onderwijs (VO)")
    MBO = "mbo", _("Middelbaar beroepsonderwijs (MBO)")
    NIEUWKOMERS = "nieuwkomers", _("Nieuwkomersonderwijs")
    ANDERS = "anders", _("Anders")


brin_validator = RegexValidator(
    regex=r"^[0-9]{2}[A-Z0-9]{2}$",
    message=_(
        "Een BRIN-code bestaat uit 2 cijfers gevolgd door 2 letters of cijfers, bijvoorbeeld 12AB."
    ),
)


class School(models.Model):
    bestuur = models.ForeignKey(
        Bestuur, on_delete=models.PROTECT, related_name="schools", verbose_name=_("bestuur")
    )
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(unique=True, max_length=80)
    brin = models.CharField(_("BRIN-code"), max_length=4, unique=True, validators=[brin_validator])
    school_type = models.CharField(_("soort school"), max_length=20, choices=SchoolType.choices)
    pupil_count = models.PositiveIntegerField(
        _("aantal leerlingen"), null=True, blank=True, validators=[MaxValueValidator(100_000)]
    )
    team_size = models.PositiveIntegerField(
        _("omvang team"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(10_000)],
        help_text=_("Aantal medewerkers, ook wie geen account heeft."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("scholen")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.brin = (self.brin or "").strip().upper()
        if not self.slug:
            self.slug = unique_slug(School, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("school_dashboard", args=[self.slug])

    def clean_fields(self, exclude=None):
        self.brin = (self.brin or "").strip().upper()
        super().clean_fields(exclude=exclude)


def unique_slug(model, text: str) -> str:
    base = slugify(text)[:70] or "school"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class Role(models.TextChoices):
    """A person's roles within one school; the values are Membership field names."""

    SCHOOLLEIDER = "schoolleider", _("Schoolleider")
    MT_LID = "mt_lid", _("MT-lid")
    KARTREKKER = "kartrekker", _("Kartrekker")
    WERKGROEPLID = "werkgroeplid", _("Werkgroeplid")
    TRAINER = "trainer", _("Trainer")
    TEAMLID = "teamlid", _("Teamlid")


# Board members read every school of their board; they hold no school role.
BESTUURSLID = "bestuurslid"


class TrainerKind(models.TextChoices):
    INTERN = "intern", _("intern")
    EXTERN = "extern", _("extern")


class MembershipQuerySet(models.QuerySet):
    def with_role(self, role: str):
        return self.filter(**{role: True})

    def by_role(self) -> list[tuple[Role, list["Membership"]]]:
        """The members grouped per role, in the order of Role; a person may appear twice."""
        members = list(self.select_related("user").order_by("user__full_name", "user__email"))
        return [(role, [m for m in members if getattr(m, role.value)]) for role in Role]


class Membership(models.Model):
    """A person's place in one school, with one or more roles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="memberships")
    schoolleider = models.BooleanField(Role.SCHOOLLEIDER.label, default=False)
    mt_lid = models.BooleanField(Role.MT_LID.label, default=False)
    kartrekker = models.BooleanField(Role.KARTREKKER.label, default=False)
    werkgroeplid = models.BooleanField(Role.WERKGROEPLID.label, default=False)
    trainer = models.BooleanField(Role.TRAINER.label, default=False)
    teamlid = models.BooleanField(Role.TEAMLID.label, default=False)
    trainer_kind = models.CharField(
        _("soort trainer"), max_length=10, choices=TrainerKind.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # What the person appointing a kartrekker ticked on the profile's checklist:
    # a record of what was considered, never a requirement.
    kartrekker_checklist = models.ManyToManyField(
        "KartrekkerProfileItem",
        blank=True,
        related_name="+",
        verbose_name=_("kartrekkersprofiel: overwogen punten"),
    )

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(fields=["user", "school"], name="one_membership_per_school"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.school}"

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(role for role in Role.values if getattr(self, role))

    def set_roles(self, roles):
        for role in Role.values:
            setattr(self, role, role in roles)
        if not self.trainer:
            self.trainer_kind = ""

    def role_labels(self) -> list[str]:
        labels = []
        for role in Role:
            if getattr(self, role.value):
                label = str(role.label)
                if role == Role.TRAINER and self.trainer_kind:
                    label = f"{label} ({self.get_trainer_kind_display()})"
                labels.append(label)
        return labels


# The kartrekker profile (handbook Bijlage 2), in our own words -----------------


class ProfileSectionKind(models.TextChoices):
    POSITIE = "positie", _("Positie")
    EISEN = "eisen", _("Functie-eisen")
    TAKEN = "taken", _("Taken in een fase")


class KartrekkerProfileSectionManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)

    def checklist(self):
        """The sections whose items someone appointing a kartrekker may tick."""
        return self.exclude(kind=ProfileSectionKind.POSITIE)


class KartrekkerProfileSection(models.Model):
    """Part of the kartrekker profile: position, requirements, or tasks in some phases.

    Shipped as a fixture (fixtures/00_kartrekkerprofiel.json), edited by staff.
    """

    code = models.SlugField(_("code"), unique=True, max_length=60)
    kind = models.CharField(_("soort"), max_length=10, choices=ProfileSectionKind.choices)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("titel"), max_length=200)
    intro = models.TextField(_("inleiding"), blank=True, max_length=2000)

    objects = KartrekkerProfileSectionManager()

    class Meta:
        verbose_name = _("onderdeel van het kartrekkersprofiel")
        verbose_name_plural = _("kartrekkersprofiel")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.code,)

    @property
    def is_checklist(self) -> bool:
        return self.kind != ProfileSectionKind.POSITIE


class KartrekkerProfileItemManager(models.Manager):
    def get_by_natural_key(self, section_code, order):
        return self.get(section__code=section_code, order=order)


class KartrekkerProfileItem(models.Model):
    section = models.ForeignKey(
        KartrekkerProfileSection,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("onderdeel"),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"))
    text = models.CharField(_("tekst"), max_length=500)

    objects = KartrekkerProfileItemManager()

    class Meta:
        verbose_name = _("punt van het kartrekkersprofiel")
        verbose_name_plural = _("punten van het kartrekkersprofiel")
        ordering = ["section__order", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "order"], name="kartrekker_profile_item_order_unique"
            )
        ]

    def __str__(self):
        return self.text

    def natural_key(self):
        return (*self.section.natural_key(), self.order)

    natural_key.dependencies = ["schools.kartrekkerprofilesection"]


class BoardMembership(models.Model):
    """A board member reads all schools of their board."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_memberships"
    )
    bestuur = models.ForeignKey(Bestuur, on_delete=models.CASCADE, related_name="board_memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bestuurslid")
        verbose_name_plural = _("bestuursleden")
        constraints = [
            models.UniqueConstraint(fields=["user", "bestuur"], name="one_board_membership"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.bestuur}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A one-time link that lets a new person set a password and join a school.

    Only a hash of the token is stored, so a database leak yields no working links.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mailadres"))
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    trainer_kind = models.CharField(
        _("soort trainer"), max_length=10, choices=TrainerKind.choices, blank=True
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.school}"

    @classmethod
    def issue(cls, **fields) -> tuple["Invitation", str]:
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        invitation = cls.objects.create(
            token_hash=hash_token(token),
            created_at=now,
            expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
            **fields,
        )
        return invitation, token

    @classmethod
    def find_usable(cls, token: str):
        return (
            cls.objects.usable()
            .select_related("school")
            .filter(token_hash=hash_token(token))
            .first()
        )


class LoginSession(models.Model):
    """Which server-side sessions belong to whom, so they can be ended."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d %H:%M})"


class AuditEvent(models.Model):
    """A security event: who did what, when, at which school. Never note text."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Ingelogd")
        LOGIN_FAILED = "login_failed", _("Mislukte inlogpoging")
        LOGOUT = "logout", _("Uitgelogd")
        SESSION_EXPIRED = "session_expired", _("Sessie verlopen")
        PASSWORD_CHANGED = "password_changed", _("Wachtwoord gewijzigd")
        PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Wachtwoordherstel gevraagd")
        INVITATION_SENT = "invitation_sent", _("Uitnodiging verstuurd")
        INVITATION_ACCEPTED = "invitation_accepted", _("Uitnodiging aangenomen")
        MEMBERSHIP_ADDED = "membership_added", _("Lid toegevoegd")
        MEMBERSHIP_REMOVED = "membership_removed", _("Lid verwijderd")
        ROLES_CHANGED = "roles_changed", _("Rollen gewijzigd")
        USER_DEACTIVATED = "user_deactivated", _("Account gedeactiveerd")
        PDF_DOWNLOADED = "pdf_downloaded", _("PDF gedownload")
        EXPORTED = "exported", _("Export gemaakt")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept as text so the trail survives deletion of the account.
    actor_email = models.CharField(max_length=254, blank=True)
    school = models.ForeignKey(
        School, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject = models.CharField(
        max_length=254, blank=True, help_text=_("Het account of document waar het om gaat.")
    )
    detail = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("beveiligingsgebeurtenis")
        verbose_name_plural = _("audit trail")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.actor_email}"
