"""What the combined pages remember: report choices per school and board print jobs."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schools.models import Bestuur, School


class ReportVersion(models.TextChoices):
    TEAM = "team", _("Korte versie voor het team")
    FULL = "full", _("Volledige versie")


class ReportPreference(models.Model):
    """The sections a school last chose for its progress report."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="+")
    sections = models.JSONField(_("onderdelen"), default=list)
    version = models.CharField(
        _("versie"), max_length=8, choices=ReportVersion.choices, default=ReportVersion.FULL
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rapportkeuze")
        verbose_name_plural = _("rapportkeuzes")

    def __str__(self):
        return str(self.school)


class JobStatus(models.TextChoices):
    WAITING = "waiting", _("Wacht op start")
    RUNNING = "running", _("Bezig")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")


class ReportJob(models.Model):
    """Printing one kind of report for every school of a board, outside any web request."""

    bestuur = models.ForeignKey(Bestuur, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("soort rapport"), max_length=40)
    options = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=JobStatus.choices, default=JobStatus.WAITING
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    current = models.CharField(_("nu bezig met"), max_length=200, blank=True)
    error = models.TextField(blank=True)
    output = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("printopdracht")
        verbose_name_plural = _("printopdrachten")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.bestuur} {self.kind} ({self.get_status_display()})"
