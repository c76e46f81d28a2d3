"""The kartrekker profile (handbook Bijlage 2) and the handbook's advice on kartrekkers.

The profile is guidance to consider when appointing someone, never a gate: what
was ticked is kept on the membership as a note of what was discussed.
"""

from itertools import groupby

from django.db.models import Prefetch

from schools.models import KartrekkerProfileItem, KartrekkerProfileSection

# The directie appoints at least two kartrekkers (Bijlage 2).
MIN_KARTREKKERS = 2


def profile_sections() -> list[KartrekkerProfileSection]:
    """Every section with its items, in two queries."""
    return list(
        KartrekkerProfileSection.objects.prefetch_related(
            Prefetch("items", queryset=KartrekkerProfileItem.objects.order_by("order"))
        )
    )


def checklist_items():
    """The items someone appointing a kartrekker may tick: requirements and tasks."""
    return (
        KartrekkerProfileItem.objects.filter(
            section__in=KartrekkerProfileSection.objects.checklist()
        )
        .select_related("section")
        .order_by("section__order", "order")
    )


def group_by_section(items, ticked: set[str]) -> list[tuple[KartrekkerProfileSection, list]]:
    """[(section, [(item, is_ticked), ...]), ...] for items ordered by section."""
    return [
        (section, [(item, str(item.pk) in ticked) for item in rows])
        for section, rows in groupby(items, key=lambda item: item.section)
    ]
