from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TsoConfig(AppConfig):
    """The top layer: pages and reports that combine every app."""

    name = "tso"
    verbose_name = _("TSO")
