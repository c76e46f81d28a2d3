"""The handbook's aids (Bijlagen 2, 8-11 and the knowledge elements), in our own words.

Content only: shipped as a fixture (fixtures/00_hulpmiddelen.json), edited by
staff in the admin, imported with `manage.py import_aids`. Phase actions and
Ontwikkelmodel accents point here (StandardAction.aids, Accent.aids), so this
app sits at the base next to schools and imports no other app.

External links are stored as text and shown as ordinary links: the server
never fetches or embeds them.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aids.links import is_valid_page, is_web_address


class AidKind(models.TextChoices):
    PROFIEL = "profiel", _("Profiel en taken")
    PIRAMIDE = "piramide", _("Model")
    SCREENING = "screening", _("Screeningsinstrumenten")
    SUGGESTIES = "suggesties", _("Praktische suggesties")
    LEESLIJST = "leeslijst", _("Verdiepend materiaal")
    KENNIS = "kennis", _("Kennis")
    OVERIG = "overig", _("Overig")


class AidManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Aid(models.Model):
    code = models.SlugField(_("code"), unique=True, max_length=60)
    bijlage = models.CharField(
        _("bijlage"), max_length=40, blank=True, help_text=_("Bijvoorbeeld 'Bijlage 10'.")
    )
    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(_("soort"), max_length=12, choices=AidKind.choices)
    summary = models.TextField(_("samenvatting"), max_length=2000)
    page_url_name = models.CharField(
        _("pagina in de applicatie"),
        max_length=100,
        blank=True,
        help_text=_(
            "Naam van een pagina elders in de applicatie die dit hulpmiddel toont "
            "(bijvoorbeeld het kartrekkersprofiel); leeg voor een eigen pagina."
        ),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    active = models.BooleanField(_("actief"), default=True)

    objects = AidManager()

    class Meta:
        verbose_name = _("hulpmiddel")
        verbose_name_plural = _("hulpmiddelen")
        ordering = ["order", "title"]

    def __str__(self):
        return f"{self.bijlage}: {self.title}" if self.bijlage else self.title

    def get_absolute_url(self):
        return reverse("aid_detail", args=[self.code])

    def natural_key(self):
        return (self.code,)

    def clean(self):
        super().clean()
        if self.page_url_name and not is_valid_page(self.page_url_name):
            raise ValidationError(
                {
                    "page_url_name": _(
                        "Deze pagina bestaat niet. Gebruik de naam van een pagina, eventueel "
                        "met een anker, bijvoorbeeld 'ontwikkelmodel_grid#kenniselementen'."
                    )
                }
            )


class AidSectionManager(models.Manager):
    def get_by_natural_key(self, aid_code, order):
        return self.get(aid__code=aid_code, order=order)


class AidSection(models.Model):
    aid = models.ForeignKey(Aid, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("volgorde"))
    title = models.CharField(_("titel"), max_length=200)
    intro = models.TextField(_("inleiding"), blank=True, max_length=2000)

    objects = AidSectionManager()

    class Meta:
        verbose_name = _("onderdeel")
        verbose_name_plural = _("onderdelen")
        ordering = ["aid", "order"]
        constraints = [
            models.UniqueConstraint(fields=["aid", "order"], name="aid_section_order_unique")
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.aid.code, self.order)

    natural_key.dependencies = ["aids.aid"]


class AidItemManager(models.Manager):
    def get_by_natural_key(self, aid_code, section_order, order):
        return self.get(section__aid__code=aid_code, section__order=section_order, order=order)


class AidItem(models.Model):
    section = models.ForeignKey(AidSection, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("volgorde"))
    title = models.CharField(_("titel"), max_length=200, blank=True)
    text = models.TextField(_("tekst"), blank=True, max_length=2000)
    source = models.CharField(
        _("bron of verkrijgbaar via"),
        max_length=200,
        blank=True,
        help_text=_("Uitgever, auteur of organisatie."),
    )
    url = models.URLField(_("link"), blank=True, max_length=500)

    objects = AidItemManager()

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["section", "order"]
        constraints = [
            models.UniqueConstraint(fields=["section", "order"], name="aid_item_order_unique")
        ]

    def __str__(self):
        return self.title or self.text[:60]

    def clean(self):
        super().clean()
        if self.url and not is_web_address(self.url):
            raise ValidationError({"url": _("Alleen links die met http:// of https:// beginnen.")})

    def natural_key(self):
        return (*self.section.natural_key(), self.order)

    natural_key.dependencies = ["aids.aidsection"]
