"""The Ontwikkelmodel TSO (handbook chapter 6): groeilagen, accents and their
descriptors per groeifase, in our own words, versioned.

A school's assessment points at the ModelVersion it used, so a later, reworded
version never changes what an earlier ronde meant. Every row has a natural key
built from the version name, so fixtures and the import command match rows
without primary keys.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

GROEIFASES = (1, 2, 3, 4)


class ModelVersionManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)

    def current(self):
        return self.filter(is_current=True).order_by("-pk").first()


class ModelVersion(models.Model):
    name = models.CharField(_("naam"), max_length=120, unique=True)
    is_current = models.BooleanField(
        _("huidige versie"),
        default=False,
        help_text=_("De versie die nieuwe rondes en de pagina 'Het Ontwikkelmodel' gebruiken."),
    )

    objects = ModelVersionManager()

    class Meta:
        verbose_name = _("versie van het ontwikkelmodel")
        verbose_name_plural = _("versies van het ontwikkelmodel")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)


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
