"""The model as a grid: what the page and the PDF show, in a fixed number of queries."""

from django.db.models import Prefetch

from ontwikkelmodel.models import GROEIFASES, Accent, Groeilaag, ModelVersion, ModuleLink


def grid_context(version: ModelVersion | None = None) -> dict:
    version = version or ModelVersion.objects.current()
    if version is None:
        return {"version": None, "groeilagen": [], "knowledge": [], "module_links": []}
    groeilagen = list(
        Groeilaag.objects.filter(version=version)
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "accents",
                queryset=Accent.objects.order_by("order").prefetch_related("descriptors"),
            )
        )
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
