"""The Rapporten page: every PDF of a school that this user may print, in one place.

Built from the registry in tso/report_kinds.py. A kind the user's roles may
not print is left out altogether; of the kinds they may print, only the
copies their per-item rules allow (their own gespreksformulier, a checklist
team result once it is open, ...). The page loads each list once, so its
number of queries does not grow with the number of rondes or voorgesprekken.
"""

from dataclasses import dataclass

from django.template.response import TemplateResponse

from schools.access import school_view
from tso.report_kinds import GROUPS, Group, Lister, Printable, ReportKind, available_kinds, who_text


@dataclass
class KindSection:
    kind: ReportKind
    who: str
    items: list[Printable]


@dataclass
class GroupSection:
    group: Group
    kinds: list[KindSection]


def printable_sections(access, user) -> list[GroupSection]:
    """Per group, the kinds this user may print with their copies; empty groups left out."""
    lister = Lister(access, user)
    by_group: dict[str, list[KindSection]] = {}
    for kind in available_kinds():
        if not kind.may_print(user, access):
            continue
        items = kind.instances(lister, kind)
        if not items and not kind.empty:
            continue
        by_group.setdefault(kind.group, []).append(
            KindSection(kind, who_text(kind, access.school), items)
        )
    return [GroupSection(group, by_group[group.key]) for group in GROUPS if group.key in by_group]


def printable_urls(access, user) -> set[str]:
    """Every PDF address the page lists for this user (for tests and the command)."""
    return {
        item.url
        for section in printable_sections(access, user)
        for kind in section.kinds
        for item in kind.items
    }


@school_view("schools.view_school")
def report_index(request, access):
    return TemplateResponse(
        request,
        "tso/report_index.html",
        {
            "access": access,
            "school": access.school,
            "sections": printable_sections(access, request.user),
        },
    )
