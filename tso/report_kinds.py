"""Every PDF the product prints, in one registry: its label, who may print it,
how to list a school's copies of it, and how to print it outside a request.

The Rapporten page (tso/report_index.py), `manage.py tso_report` and the
board's print jobs (tso/report_jobs.py) all read this list, so a new PDF is
added here once. A kind whose URL is not (yet) in the URLconf is left out at
run time instead of breaking anything: see `available_kinds`.

Who may print what is never decided here. Each kind names the permission of
its view, and the listing uses the same rule functions as the views (the
rondes' and checklist's per-round rules). Printing outside a request runs the
view itself as the chosen user (`render`), so a PDF from the command holds
exactly what that user gets in the browser.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, QueryDict
from django.urls import Resolver404, get_resolver, resolve, reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django_htmx.middleware import HtmxDetails

from schools import audit
from schools.access import SchoolAccess, school_access
from schools.models import BESTUURSLID, Membership, Role, User
from tso.pdf import PdfRenderError

if TYPE_CHECKING:
    from schools.models import School

logger = logging.getLogger(__name__)


class ReportNotAllowed(Exception):
    """The user may not print this report of this school (or cannot see the school)."""


class ReportUnavailable(Exception):
    """The school has nothing of this kind to print (no actieplan yet, say)."""


@dataclass(frozen=True)
class Group:
    key: str
    label: str


GROUPS = [
    Group("voortgang", _l("Voortgangsrapportage")),
    Group("school", _l("School, planning en tijdlijn")),
    Group("voorgesprekken", _l("Voorgesprekken")),
    Group("ontwikkelmodel", _l("Ontwikkelmodel")),
    Group("checklist", _l("Checklist leidinggevenden")),
    Group("actieplan", _l("Actieplan en werkgroep")),
    Group("werkmomenten", _l("Werkmomenten")),
]


@dataclass(frozen=True)
class Printable:
    """One PDF a user may print: a kind, and for kinds with many copies, which one."""

    kind: ReportKind
    title: str
    url: str
    day: date | None = None
    note: str = ""
    # A page to open first (the progress report's choice of sections), if any.
    page_url: str = ""

    @property
    def details(self) -> str:
        """The date (unless the title or note says it already) and the note, in one line."""
        parts = []
        day = day_text(self.day)
        if day and day not in self.title and day not in self.note:
            parts.append(day)
        if self.note:
            parts.append(self.note)
        return " · ".join(parts)


@dataclass(frozen=True)
class ReportKind:
    key: str
    label: str
    group: str
    url_name: str
    permission: str
    # In one line, the finer rules on top of the permission.
    rule: str = ""
    # Every copy of this kind at one school that the lister's user may print.
    instances: Callable[[Lister, ReportKind], list[Printable]] | None = None
    # For `tso_report --kind`: the URL kwargs (besides school_slug) of the one
    # copy to print, or ReportUnavailable; None if the kind takes no extra kwargs.
    pick: Callable[[SchoolAccess], dict] | None = None
    # Kinds printed by a function instead of through their view.
    renderer: Callable[..., bytes] | None = None
    # Other URL names that must exist before the kind is offered.
    also_needs: tuple[str, ...] = ()
    # Printable from the command and the board's print job.
    batch: bool = False
    school_scoped: bool = True
    # Said when the school has no copy yet; without it, a kind with no copies
    # for this user is left out (someone's own form: nothing to announce).
    empty: str = ""

    @property
    def is_available(self) -> bool:
        return all(url_exists(name) for name in (self.url_name, *self.also_needs))

    def may_print(self, user, access: SchoolAccess) -> bool:
        return user.has_perm(self.permission, access)


def url_exists(name: str) -> bool:
    """Whether the URLconf has a pattern of this name (checked when asked, not at import)."""
    return bool(get_resolver().reverse_dict.getlist(name))


# --- Listing a school's copies, in a fixed number of queries --------------------


class Lister:
    """The lists one Rapporten page needs, each loaded once (one query per list)."""

    def __init__(self, access: SchoolAccess, user):
        self.access = access
        self.user = user
        self.school = access.school

    def url(self, name: str, **kwargs) -> str:
        return reverse(name, kwargs={"school_slug": self.school.slug, **kwargs})

    def may(self, permission: str) -> bool:
        return self.user.has_perm(permission, self.access)

    @cached_property
    def voorgesprekken(self):
        return list(self.school.voorgesprekken.order_by("-date", "-pk"))

    @cached_property
    def rondes(self):
        from ontwikkelmodel.rondes import visible_rondes

        return list(visible_rondes(self.access, self.user))

    @cached_property
    def checklist_rounds(self):
        from ontwikkelmodel.checklist import visible_rounds

        rounds = visible_rounds(self.access, self.user).prefetch_related("participants")
        return list(rounds.order_by("-created_at", "-pk"))

    @cached_property
    def actieplannen(self):
        return list(self.school.actieplannen.order_by("-starts_on", "-pk"))

    @cached_property
    def bijeenkomsten(self):
        from actieplan.models import Bijeenkomst

        meetings = Bijeenkomst.objects.filter(actieplan__school=self.school)
        return list(meetings.select_related("actieplan").order_by("-date", "-start_time", "-pk"))

    @cached_property
    def werkmomenten(self):
        from phases.models import Werkmoment

        moments = Werkmoment.objects.filter(session__school=self.school).select_related("session")
        return list(moments.order_by("-session__date", "-session__start_time", "-pk"))


def day_text(day) -> str:
    return date_format(day, "j F Y") if day else ""


def _single(title: str):
    def instances(lister: Lister, kind: ReportKind) -> list[Printable]:
        return [Printable(kind, str(title), lister.url(kind.url_name))]

    return instances


def _voorgesprekken(lister: Lister, kind: ReportKind) -> list[Printable]:
    full = lister.may("phases.view_voorgesprek")
    return [
        Printable(
            kind,
            _("Verslag %(kind)s") % {"kind": v.get_kind_display().lower()},
            lister.url(kind.url_name, voorgesprek_id=v.pk),
            v.date,
            "" if full else _("besluit en afspraken"),
        )
        for v in lister.voorgesprekken
    ]


def _own_forms(lister: Lister, kind: ReportKind) -> list[Printable]:
    # Only your own form: another participant's is opened from the ronde's page,
    # where its own rules apply.
    return [
        Printable(
            kind,
            ronde.title,
            lister.url(kind.url_name, ronde_id=ronde.pk),
            ronde.my_submitted_at.date() if ronde.my_submitted_at else None,
            "" if ronde.my_submitted_at else _("concept, nog niet ingeleverd"),
        )
        for ronde in lister.rondes
        if ronde.my_participant_id
    ]


def _joint_results(lister: Lister, kind: ReportKind) -> list[Printable]:
    # As in reports.joint_result_pdf: from the joint step on, for members; the
    # board reads closed rondes only (visible_rondes already leaves out the rest).
    return [
        Printable(
            kind,
            ronde.title,
            lister.url(kind.url_name, ronde_id=ronde.pk),
            ronde.results_date,
            "" if ronde.is_closed else _("voorlopig: de ronde is nog niet afgesloten"),
        )
        for ronde in lister.rondes
        if not ronde.is_individual and (ronde.is_closed or lister.access.is_member)
    ]


def _profile(lister: Lister, kind: ReportKind) -> list[Printable]:
    closed = [r for r in lister.rondes if r.is_closed]
    note = "" if closed else _("nog geen afgesloten ronde: het profiel legt uit hoe het zich vult")
    latest = max((r.results_date for r in closed), default=None)
    return [
        Printable(kind, _("Profiel Ontwikkelmodel TSO"), lister.url(kind.url_name), latest, note)
    ]


def _own_checklists(lister: Lister, kind: ReportKind) -> list[Printable]:
    from ontwikkelmodel import checklist

    found = []
    for checklist_round in lister.checklist_rounds:
        me = checklist.participant_of(checklist_round, lister.user)
        if me is None:
            continue
        found.append(
            Printable(
                kind,
                checklist_round.title,
                lister.url(kind.url_name, round_id=checklist_round.pk),
                me.submitted_at.date() if me.submitted_at else None,
                "" if me.submitted_at else _("concept, nog niet ingeleverd"),
            )
        )
    return found


def _team_checklists(lister: Lister, kind: ReportKind) -> list[Printable]:
    from ontwikkelmodel import checklist

    return [
        Printable(
            kind,
            checklist_round.title,
            lister.url(kind.url_name, round_id=checklist_round.pk),
            checklist_round.closed_at.date() if checklist_round.closed_at else None,
            "" if checklist_round.is_closed else _("de ronde loopt nog"),
        )
        for checklist_round in lister.checklist_rounds
        if checklist.can_see_round(lister.access, checklist_round, lister.user)
        and checklist.can_see_team_result(lister.access, checklist_round, lister.user)
    ]


def _actieplannen(lister: Lister, kind: ReportKind) -> list[Printable]:
    full = lister.may("actieplan.view_plan")
    return [
        Printable(
            kind,
            plan.title,
            lister.url(kind.url_name, plan_id=plan.pk),
            plan.starts_on,
            _("%(start)s tot en met %(end)s")
            % {"start": day_text(plan.starts_on), "end": day_text(plan.ends_on)}
            + ("" if full else " · " + _("voortgang: doelen en status, zonder namen en notities")),
        )
        for plan in lister.actieplannen
    ]


def _bijeenkomsten(lister: Lister, kind: ReportKind) -> list[Printable]:
    return [
        Printable(
            kind,
            _("Bijeenkomst van %(date)s") % {"date": day_text(meeting.date)},
            lister.url(kind.url_name, plan_id=meeting.actieplan_id, bijeenkomst_id=meeting.pk),
            meeting.date,
            meeting.actieplan.title,
        )
        for meeting in lister.bijeenkomsten
    ]


def _werkmomenten(lister: Lister, kind: ReportKind) -> list[Printable]:
    return [
        Printable(
            kind,
            moment.session.display_title,
            lister.url(kind.url_name, werkmoment_id=moment.pk),
            moment.session.date,
        )
        for moment in lister.werkmomenten
    ]


def _progress(lister: Lister, kind: ReportKind) -> list[Printable]:
    return [
        Printable(
            kind,
            _("Voortgangsrapportage TSO"),
            lister.url(kind.url_name),
            note=_("kies de onderdelen en de versie (kort voor het team, of volledig)"),
            page_url=lister.url("progress_report"),
        )
    ]


def _model_handout(lister: Lister, kind: ReportKind) -> list[Printable]:
    return [Printable(kind, _("Het Ontwikkelmodel TSO"), reverse(kind.url_name))]


# --- Choosing the one copy for the command -------------------------------------


def _current_plan(access: SchoolAccess) -> dict:
    from actieplan.periods import current_plan
    from phases.timeline import today

    plan = current_plan(access.school, today())
    if plan is None:
        raise ReportUnavailable(
            _("%(school)s heeft nog geen actieplan.") % {"school": access.school}
        )
    return {"plan_id": plan.pk}


def _render_progress(school, user, **options) -> bytes:
    from tso.progress_report import render_progress_report

    return render_progress_report(school, user, **options)


KINDS: list[ReportKind] = [
    ReportKind(
        key="voortgang",
        label=_l("Voortgangsrapportage"),
        group="voortgang",
        url_name="progress_report_pdf",
        also_needs=("progress_report",),
        permission="tso.print_progress_report",
        rule=_l("Kies zelf de onderdelen; de korte versie is voor het team."),
        instances=_progress,
        renderer=_render_progress,
        batch=True,
    ),
    ReportKind(
        key="schooloverzicht",
        label=_l("Schooloverzicht"),
        group="school",
        url_name="school_overview_pdf",
        permission="schools.print_overview",
        instances=_single(_l("Schooloverzicht: team en rollen")),
        batch=True,
    ),
    ReportKind(
        key="jaarplanning",
        label=_l("Jaarplanning teamtraining"),
        group="school",
        url_name="year_plan_pdf",
        permission="phases.view_plan",
        instances=_single(_l("Jaarplanning teamtraining")),
        batch=True,
    ),
    ReportKind(
        key="tijdlijn",
        label=_l("Tijdlijn invoering"),
        group="school",
        url_name="timeline_pdf",
        permission="phases.view_plan",
        instances=_single(_l("Tijdlijn invoering")),
        batch=True,
    ),
    ReportKind(
        key="verslag",
        label=_l("Verslagen van voorgesprekken"),
        group="voorgesprekken",
        url_name="voorgesprek_pdf",
        permission="phases.view_voorgesprek_outcome",
        rule=_l("Het bestuur leest alleen het besluit en de afspraken."),
        instances=_voorgesprekken,
        empty=_l("Nog geen voorgesprekken."),
    ),
    ReportKind(
        key="profiel",
        label=_l("Profiel Ontwikkelmodel"),
        group="ontwikkelmodel",
        url_name="profile_pdf",
        permission="ontwikkelmodel.view_profile",
        rule=_l("Alleen wat in afgesloten rondes samen is afgesproken."),
        instances=_profile,
        batch=True,
    ),
    ReportKind(
        key="gezamenlijk",
        label=_l("Gespreksformulier: gezamenlijke uitkomst"),
        group="ontwikkelmodel",
        url_name="joint_result_pdf",
        permission="ontwikkelmodel.view_rondes",
        rule=_l("Vanaf de gezamenlijke stap; het bestuur pas als de ronde is afgesloten."),
        instances=_joint_results,
        empty=_l("Nog geen ronde in de gezamenlijke stap of afgesloten."),
    ),
    ReportKind(
        key="gespreksformulier",
        label=_l("Gespreksformulier: eigen inschatting"),
        group="ontwikkelmodel",
        url_name="gespreksformulier_pdf",
        permission="ontwikkelmodel.take_part",
        rule=_l("Alleen je eigen formulier; dat van een ander via de pagina van de ronde."),
        instances=_own_forms,
    ),
    ReportKind(
        key="ontwikkelmodel",
        label=_l("Het Ontwikkelmodel (voor iedereen)"),
        group="ontwikkelmodel",
        url_name="ontwikkelmodel_pdf",
        permission="schools.view_school",
        rule=_l("Het model zelf, zonder gegevens van de school."),
        instances=_model_handout,
        school_scoped=False,
    ),
    ReportKind(
        key="checklist-team",
        label=_l("Checklist: teamresultaat"),
        group="checklist",
        url_name="checklist_team_pdf",
        permission="ontwikkelmodel.view_checklists",
        rule=_l(
            "Als iedereen heeft ingeleverd of de ronde is gesloten; het bestuur alleen "
            "als de school het deelt, en zonder de notities."
        ),
        instances=_team_checklists,
        empty=_l("Nog geen teamresultaat om te printen."),
    ),
    ReportKind(
        key="checklist-eigen",
        label=_l("Checklist: eigen resultaat"),
        group="checklist",
        url_name="checklist_personal_pdf",
        permission="ontwikkelmodel.view_checklists",
        rule=_l("Alleen je eigen antwoorden: niemand anders print ze."),
        instances=_own_checklists,
    ),
    ReportKind(
        key="actieplan",
        label=_l("Actieplan"),
        group="actieplan",
        url_name="actieplan_pdf",
        permission="actieplan.view_progress",
        rule=_l("Het bestuur krijgt de voortgangsversie: doelen en status, zonder namen."),
        instances=_actieplannen,
        pick=_current_plan,
        batch=True,
        empty=_l("Nog geen actieplan."),
    ),
    ReportKind(
        key="notulen",
        label=_l("Notulen van bijeenkomsten"),
        group="actieplan",
        url_name="bijeenkomst_pdf",
        permission="actieplan.view_plan",
        instances=_bijeenkomsten,
        empty=_l("Nog geen bijeenkomsten."),
    ),
    ReportKind(
        key="werkmoment",
        label=_l("Samenvattingen van werkmomenten"),
        group="werkmomenten",
        url_name="werkmoment_pdf",
        permission="phases.view_reflection_results",
        rule=_l("Wat het team samen inbracht: nooit wie wat antwoordde."),
        instances=_werkmomenten,
        empty=_l("Nog geen werkmomenten."),
    ),
]

BY_KEY = {kind.key: kind for kind in KINDS}


def available_kinds() -> list[ReportKind]:
    """The kinds whose views exist in this installation, in the registry's order."""
    return [kind for kind in KINDS if kind.is_available]


def batch_kinds() -> list[ReportKind]:
    """The kinds with one copy per school: printable for a school or a whole board."""
    return [kind for kind in available_kinds() if kind.batch]


def get_kind(key: str) -> ReportKind | None:
    kind = BY_KEY.get(key)
    return kind if kind is not None and kind.is_available else None


# --- Who may print a kind, in words -------------------------------------------


def who_may_print(kind: ReportKind, school: School) -> list[str]:
    """The roles (and the board) whose permission lets them print this kind at all.

    Worked out from the permission itself, so it cannot drift from the rules.
    """
    nobody = User()
    names = []
    for role in Role:
        access = SchoolAccess(school, frozenset({role.value}), Membership(school=school))
        if rules.has_perm(kind.permission, nobody, access):
            names.append(str(role.label))
    board = SchoolAccess(school, frozenset({BESTUURSLID}))
    if rules.has_perm(kind.permission, nobody, board):
        names.append(str(_("Bestuur")))
    return names


def who_text(kind: ReportKind, school: School) -> str:
    names = who_may_print(kind, school)
    everyone = len(Role) + 1
    if len(names) == everyone:
        return _("iedereen van de school en het bestuur")
    if len(names) == everyone - 1 and str(_("Bestuur")) not in names:
        return _("iedereen van de school")
    return ", ".join(names)


# --- Printing outside a request --------------------------------------------------


def render(kind: ReportKind, school: School, user, **options) -> bytes:
    """The PDF of `kind` for `school` as `user` would get it in the browser.

    Raises ReportNotAllowed, ReportUnavailable or PdfRenderError. `options` go
    to the kind's renderer (the progress report's version, sections, period).
    """
    with translation.override(settings.LANGUAGE_CODE):
        try:
            access = school_access(user, school.slug)
        except Http404:
            raise ReportNotAllowed(_not_allowed(kind, school, user)) from None
        if not kind.may_print(user, access):
            raise ReportNotAllowed(_not_allowed(kind, school, user))
        if kind.renderer is not None:
            try:
                pdf = kind.renderer(school, user, **options)
            except (Http404, PermissionDenied):
                raise ReportNotAllowed(_not_allowed(kind, school, user)) from None
            # The views record their own downloads; a renderer is not a view.
            audit.record(
                audit.Kind.PDF_DOWNLOADED,
                actor=user,
                school=school,
                subject=str(kind.label).lower(),
                detail=_("buiten de browser geprint"),
            )
            return pdf
        if not kind.school_scoped:
            url = reverse(kind.url_name)
        else:
            kwargs = kind.pick(access) if kind.pick else {}
            url = reverse(kind.url_name, kwargs={"school_slug": school.slug, **kwargs})
        return render_url(url, user, kind=kind, school=school)


def _not_allowed(kind, school, user) -> str:
    return _("%(user)s mag %(kind)s van %(school)s niet printen.") % {
        "user": user.email,
        "kind": str(kind.label).lower(),
        "school": school.name,
    }


def render_url(url: str, user, *, kind: ReportKind, school: School, params=None) -> bytes:
    """Run the PDF view behind `url` as `user`: the same checks, the same audit record."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        raise ReportUnavailable(url) from None
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = parts.path
    request.GET = QueryDict(parts.query or urlencode(params or {}), mutable=False)
    request.META = {"SERVER_NAME": "tso.invalid", "SERVER_PORT": "443", "REQUEST_METHOD": "GET"}
    request.user = user
    request.htmx = HtmxDetails(request)
    try:
        response = match.func(request, *match.args, **match.kwargs)
    except (Http404, PermissionDenied):
        raise ReportNotAllowed(_not_allowed(kind, school, user)) from None
    if response.status_code == 200 and response.get("Content-Type") == "application/pdf":
        return response.content
    if response.status_code in (301, 302, 403, 404):
        raise ReportNotAllowed(_not_allowed(kind, school, user))
    raise PdfRenderError(
        _("De PDF kon niet worden gemaakt (antwoord %(status)s).")
        % {"status": response.status_code}
    )
