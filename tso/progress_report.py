"""The voortgangsrapportage TSO: one PDF about one school over one period.

The werkgroep hands it to the team, the schoolleiding, the board and the
medezeggenschapsraad. It is composed of the apps' own report parts
(phases/report.py, ontwikkelmodel/report.py, actieplan/report.py and the
werkmoment summaries of phases/werkmomenten.py), each a fixed number of
queries, and rendered with the shared print style.

Two versions: the full report with every chosen section, and a short one
for the team (one or two pages: the phase, the top priorities, the
actieplan in numbers and the next steps).

What the reader may see decides what is in it (tso/rules.py says who prints):

- never anyone's own gespreksformulier or checklist scores: the Ontwikkelmodel
  part shows the group's agreed results of closed rondes only, the checklist
  part only the agreements of a round;
- checklist agreements only for readers who may see them
  (ontwikkelmodel/checklist.py), and only when the school chose to include
  them: the section is off until someone picks it, and board members get it
  only when the school's remembered choice includes it and the round was
  shared with the board;
- board members: no ronde under way, no werkgroep meeting, no reasoning of a
  voorgesprek and, of the werkmomenten, the counts only;
- attendance is counted, never listed per person.

An unchanged report comes from the PDF cache (tso/pdf_cache.py): the key
covers the data, the templates, the stylesheets, the reader and the day.
"""

import dataclasses
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actieplan.report import actieplan_part
from ontwikkelmodel.report import checklist_agreements, ontwikkelmodel_part
from phases.report import default_period, stand, voorgesprekken
from phases.timeline import today
from schools.access import school_access
from tso.models import ReportPreference, ReportVersion
from tso.pdf import STATIC_PREFIX, html_to_pdf
from tso.pdf_cache import TIMEOUT, cache_key, pdf_cache

PERMISSION = "tso.print_progress_report"

STAND = "stand"
ONTWIKKELMODEL = "ontwikkelmodel"
ACTIEPLAN = "actieplan"
VOORGESPREKKEN = "voorgesprekken"
CHECKLIST = "checklist"
WERKMOMENTEN = "werkmomenten"
VERVOLG = "vervolg"


@dataclass(frozen=True)
class Section:
    key: str
    title: object  # a lazy translation
    help_text: object
    in_team_version: bool
    default: bool = True


SECTIONS = [
    Section(
        STAND,
        gettext_lazy("Waar de school staat"),
        gettext_lazy("De huidige fase, de tijdlijn per fase en de teamtraining met aanwezigheid."),
        True,
    ),
    Section(
        ONTWIKKELMODEL,
        gettext_lazy("Ontwikkelmodel: profiel en prioriteiten"),
        gettext_lazy("De afgesproken groeifases, de groei door de rondes en de prioriteiten."),
        True,
    ),
    Section(
        ACTIEPLAN,
        gettext_lazy("Actieplan"),
        gettext_lazy("Doelen, actiepunten per groeilaag, wat te laat is en wat bereikt is."),
        True,
    ),
    Section(
        VOORGESPREKKEN,
        gettext_lazy("Voorgesprekken: besluiten en afspraken"),
        gettext_lazy("Per voorgesprek het besluit (go of twijfel) en wie wat wanneer doet."),
        False,
    ),
    Section(
        CHECKLIST,
        gettext_lazy("Checklist schoolleiding: afspraken"),
        gettext_lazy(
            "Alleen de afspraken die de schoolleiding samen maakte, nooit iemands eigen "
            "antwoorden. Staat standaard uit: de school kiest zelf of ze erin komen."
        ),
        False,
        default=False,
    ),
    Section(
        WERKMOMENTEN,
        gettext_lazy("Werkmomenten en de reflectie van het team"),
        gettext_lazy(
            "Per werkmoment hoeveel teamleden reflecteerden en wat het team koos; nooit wie "
            "wat antwoordde."
        ),
        False,
    ),
    Section(
        VERVOLG,
        gettext_lazy("Volgende stappen"),
        gettext_lazy(
            "De volgende evaluatie, bijeenkomst, ronde van het Ontwikkelmodel en training."
        ),
        True,
    ),
]
SECTION_KEYS = [s.key for s in SECTIONS]
TEAM_SECTIONS = {s.key for s in SECTIONS if s.in_team_version}
DEFAULT_SECTIONS = [s.key for s in SECTIONS if s.default]

TEMPLATE = "tso/pdf/voortgang.html"
# Every template the report is made of, for the cache key.
TEMPLATES = (
    TEMPLATE,
    "tso/pdf/base.html",
    "tso/pdf/voortgang_cover.html",
    "tso/pdf/voortgang_team.html",
    "tso/pdf/voortgang_stand.html",
    "tso/pdf/voortgang_ontwikkelmodel.html",
    "tso/pdf/voortgang_actieplan.html",
    "tso/pdf/voortgang_voorgesprekken.html",
    "tso/pdf/voortgang_checklist.html",
    "tso/pdf/voortgang_werkmomenten.html",
    "tso/pdf/voortgang_vervolg.html",
    "ontwikkelmodel/charts/heatmap.html",
    "ontwikkelmodel/charts/radar.html",
    "ontwikkelmodel/charts/trend.html",
    "ontwikkelmodel/charts/mini.html",
)
# The charts and the profile's layout come from the profile report's style.
STYLESHEETS = ("css/pdf-rondes.css", "css/pdf-voortgang.css")


# --- What a reader may choose -------------------------------------------------------


def may_see_reflection(access, user) -> bool:
    """The team's topics and ontwikkelpunten of a werkmoment (counts are for everyone)."""
    return access.is_member and user.has_perm("phases.view_reflection_results", access)


def available_sections(access, user) -> list[Section]:
    """The sections this reader may put in the report."""
    hidden = set()
    if not user.has_perm("ontwikkelmodel.view_checklists", access):
        hidden.add(CHECKLIST)
    elif not access.is_member and CHECKLIST not in remembered(access.school).sections:
        # Board members get the agreements only when the school chose to include them.
        hidden.add(CHECKLIST)
    return [s for s in SECTIONS if s.key not in hidden]


def remembered(school) -> ReportPreference:
    """The school's last choice, or the defaults (unsaved)."""
    preference = ReportPreference.objects.filter(school=school).first()
    return preference or ReportPreference(
        school=school, sections=list(DEFAULT_SECTIONS), version=ReportVersion.FULL
    )


def remember(school, user, *, sections: list[str], version: str) -> None:
    """Save the choice for the school (members only: the school's choice is its own)."""
    ReportPreference.objects.update_or_create(
        school=school, defaults={"sections": sections, "version": version, "updated_by": user}
    )


def chosen_sections(access, user, wanted) -> list[str]:
    """The wanted sections (None: the school's remembered choice) this reader may have,
    in the report's order."""
    if wanted is None:
        wanted = remembered(access.school).sections
    allowed = {s.key for s in available_sections(access, user)}
    return [key for key in SECTION_KEYS if key in wanted and key in allowed]


# --- The data -------------------------------------------------------------------------


def period_label(start: date, end: date) -> str:
    first, last = default_period(start)
    if (start, end) == (first, last):
        return _("schooljaar %(first)s-%(last)s") % {"first": first.year, "last": last.year}
    return _("%(start)s tot en met %(end)s") % {
        "start": _day(start),
        "end": _day(end),
    }


def _day(day: date) -> str:
    return date_format(day, "j F Y")


def printed_by(access, user) -> str:
    """The reader's name with their roles at the school (or on the board)."""
    name = user.get_full_name() or user.email
    if access.membership is not None:
        roles = ", ".join(access.membership.role_labels()).lower()
        return f"{name} ({roles})" if roles else name
    return _("%(name)s (bestuur %(board)s)") % {"name": name, "board": access.school.bestuur.name}


def report_data(
    access, user, *, version: str, sections: list[str], start: date, end: date, day: date
) -> dict:
    """Everything the report shows, for this reader, in a fixed number of queries."""
    school = access.school
    team = version == ReportVersion.TEAM
    if team:
        sections = [key for key in sections if key in TEAM_SECTIONS]
    wanted = set(sections)
    members = access.is_member
    data = {
        "school": school,
        "board_name": school.bestuur.name,
        "version": version,
        "team": team,
        "sections": sections,
        "section_titles": [(s.key, str(s.title)) for s in SECTIONS if s.key in wanted],
        "start": start,
        "end": end,
        "period": period_label(start, end),
        "today": day,
        "printed_at": day,
        "printed_by": printed_by(access, user),
        "for_board": not members,
    }
    if wanted & {STAND, VERVOLG}:
        data["stand"] = stand(school, start, end, day)
    if wanted & {ONTWIKKELMODEL, VERVOLG}:
        data["ontwikkelmodel"] = ontwikkelmodel_part(
            school, start, end, with_open=members, with_charts=not team and ONTWIKKELMODEL in wanted
        )
    if wanted & {ACTIEPLAN, VERVOLG}:
        data["actieplan"] = actieplan_part(school, start, end, day, members=members)
    if wanted & {VOORGESPREKKEN, VERVOLG}:
        data["voorgesprekken"] = voorgesprekken(
            school, start, end, full=user.has_perm("phases.view_voorgesprek", access)
        )
    if CHECKLIST in wanted:
        data["checklist"] = checklist_agreements(access, user, start, end)
    if team and VERVOLG in wanted:
        data["next_steps"] = next_steps(data, day)
    if WERKMOMENTEN in wanted:
        from phases.werkmomenten import report_summaries

        data["werkmomenten"] = report_summaries(school, start, end)
        data["with_reflection"] = may_see_reflection(access, user)
    return data


@dataclass
class NextStep:
    day: date
    text: str
    month_only: bool = False


def next_steps(data: dict, day: date, shown: int = 5) -> list[NextStep]:
    """What comes next, soonest first: training, meeting, evaluation, ronde, follow-up talk."""
    steps = []
    training = data["stand"].training
    if training.next_session:
        steps.append(NextStep(training.next_session.day, training.next_session.title))
    plan = data["actieplan"]
    if plan.next_meeting:
        steps.append(NextStep(plan.next_meeting.day, _("bijeenkomst van de werkgroep")))
    if plan.next_evaluation and plan.next_evaluation >= day:
        steps.append(NextStep(plan.next_evaluation, _("evaluatie van het actieplan")))
    ronde = data["ontwikkelmodel"].open_ronde
    if ronde is not None:
        if ronde.deadline >= day:
            text = _("eigen inschatting klaar voor “%(title)s”") % {"title": ronde.title}
            steps.append(NextStep(ronde.deadline, text))
        if ronde.joint_date and ronde.joint_date >= day:
            text = _("gezamenlijk gesprek over “%(title)s”") % {"title": ronde.title}
            steps.append(NextStep(ronde.joint_date, text))
    elif data["stand"].next_yearly_ronde:
        yearly = data["stand"].next_yearly_ronde
        text = _("jaarlijks gesprek met het Ontwikkelmodel")
        steps.append(NextStep(yearly.planned_end, text, month_only=True))
    for voorgesprek in data["voorgesprekken"][:1]:  # the latest decision counts
        talk = voorgesprek.next_meeting
        if voorgesprek.decision == "twijfel" and talk and talk >= day:
            steps.append(NextStep(talk, _("vervolggesprek na twijfel")))
    return sorted(steps, key=lambda step: step.day)[:shown]


# --- The PDF --------------------------------------------------------------------------


def render_progress_report(
    school, user, *, version="full", sections=None, start=None, end=None
) -> bytes:
    """The progress report as `user` may see it, outside any request.

    Raises Http404 when the user may not see the school, PermissionDenied when
    they may not print the report, tso.pdf.PdfRenderError when rendering fails
    (nothing is cached then). `sections` None means the school's remembered
    choice; `start`/`end` None mean the current school year (one of them alone:
    the school year it lies in).
    """
    access = school_access(user, school.slug)
    if not user.has_perm(PERMISSION, access):
        raise PermissionDenied
    return progress_pdf(access, user, version=version, sections=sections, start=start, end=end)[0]


def progress_pdf(
    access, user, *, version="full", sections=None, start=None, end=None
) -> tuple[bytes, bool]:
    """The PDF and whether it came from the cache. The caller checked the permission."""
    if version not in ReportVersion.values:
        raise ValueError(f"Unknown version {version!r}")
    with translation.override(settings.LANGUAGE_CODE):
        day = today()
        # A missing end (or start) completes the school year of the other; none: this one.
        first, last = default_period(start or end or day)
        start, end = start or first, end or last
        data = report_data(
            access,
            user,
            version=version,
            sections=chosen_sections(access, user, sections),
            start=start,
            end=end,
            day=day,
        )
        cache = pdf_cache()
        key = cache_key(
            scope=f"school-{access.school.pk}",
            templates=TEMPLATES,
            stylesheets=STYLESHEETS,
            data={"reader": user.pk, **plain(data)},
        )
        pdf = cache.get(key)
        if pdf is not None:
            return pdf, True
        context = {
            **data,
            "stylesheets": [STATIC_PREFIX + name for name in STYLESHEETS],
        }
        pdf = html_to_pdf(render_to_string(TEMPLATE, context))
        cache.set(key, pdf, TIMEOUT)
        return pdf, False


# Chart geometry is computed from the profile, which the key covers; the werkmoment
# instance's printed values are in its summary's own fields.
DERIVED = {"heatmap", "radars", "trends", "mini", "werkmoment"}


def plain(value):
    """`value` with dataclasses as dicts, for tso.pdf_cache.fingerprint."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in DERIVED
        }
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k not in DERIVED}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value
