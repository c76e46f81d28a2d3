from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OntwikkelmodelConfig(AppConfig):
    name = "ontwikkelmodel"
    verbose_name = _("Ontwikkelmodel")
