"""The model as a grid: what the page and the PDF show, in a fixed number of queries."""

from django.db.models import Prefetch

from aids.models import Aid
from ontwikkelmodel.models import GROEIFASES, Accent, Groeilaag, ModelVersion, ModuleLink


def accents_with(*, with_aids: bool):
    """Accents in order with their descriptors, and if asked their active aids."""
    prefetch = ["descriptors"]
    if with_aids:
        prefetch.append(Prefetch("aids", queryset=Aid.objects.filter(active=True)))
    return Accent.objects.order_by("order").prefetch_related(*prefetch)


def grid_context(version: ModelVersion | None = None, *, with_aids: bool = False) -> dict:
    """The model for the page and the PDF; the page also links each accent to its aids."""
    version = version or ModelVersion.objects.current()
    if version is None:
        return {"version": None, "groeilagen": [], "knowledge": [], "module_links": []}
    groeilagen = list(
        Groeilaag.objects.filter(version=version)
        .order_by("number")
        .prefetch_related(Prefetch("accents", queryset=accents_with(with_aids=with_aids)))
    )
    for groeilaag in groeilagen:
        for accent in groeilaag.accents.all():
            by_fase = {d.groeifase: d for d in accent.descriptors.all()}
            accent.fases = [(fase, by_fase.get(fase)) for fase in GROEIFASES]
    module_links = ModuleLink.objects.filter(version=version).prefetch_related(
        Prefetch("groeilagen", queryset=Groeilaag.objects.order_by("number"))
    )
    return {
        "version": version,
        "groeifases": GROEIFASES,
        "groeilagen": groeilagen,
        "knowledge": list(version.knowledge_elements.order_by("order")),
        "module_links": list(module_links),
    }
