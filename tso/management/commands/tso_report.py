"""Print a school's report, or one report for every school of a board, from the command line.

    python manage.py tso_report --school obs-de-zonnebloem --kind voortgang --out voortgang.pdf
    python manage.py tso_report --school obs-de-zonnebloem --kind actieplan \\
        --as kartrekker@zonnebloem.example --out actieplan.pdf
    python manage.py tso_report --bestuur stichting-voorbeeld --kind voortgang --out rapporten/

Every PDF is printed as one user and holds only what that user may see: the
command runs the same code as the browser (tso/report_kinds.py). Without
--as it prints as the first board member of the school's board (the one who
joined first): the view the board and the medezeggenschapsraad get, with
agreed results, decisions and progress but without the school's notes. Pass
--as with a kartrekker or schoolleider for the werkgroep's full version.
"""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from schools.models import Bestuur, BoardMembership, School, User
from tso.pdf import PdfRenderError
from tso.report_jobs import file_name, print_schools, write_atomically
from tso.report_kinds import ReportNotAllowed, ReportUnavailable, batch_kinds, get_kind, render


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Geen geldige datum: {value!r} (gebruik JJJJ-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Print a report of one school (--school) or of every school of a board (--bestuur, "
        "one file per school in the --out folder). --kind is one of: voortgang, actieplan "
        "(the current plan), schooloverzicht, tijdlijn, jaarplanning, profiel. The PDFs hold "
        "only what the printing user may see: --as <e-mail>, or by default the first board "
        "member of the school's board (the board's view, without the school's notes)."
    )

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--school", metavar="SLUG", help="The school, e.g. obs-de-zonnebloem.")
        where.add_argument(
            "--bestuur", metavar="SLUG", help="The board: all its schools, one PDF per school."
        )
        parser.add_argument(
            "--kind",
            default="voortgang",
            help="Kind of report (default: voortgang), one of: "
            + ", ".join(kind.key for kind in batch_kinds())
            + ".",
        )
        parser.add_argument(
            "--out",
            metavar="PATH",
            help="With --school the PDF file (or a folder); with --bestuur the folder.",
        )
        parser.add_argument(
            "--as",
            dest="as_email",
            metavar="E-MAIL",
            help="Print as this user (default: the board's first board member).",
        )
        parser.add_argument(
            "--versie",
            choices=["full", "team"],
            default="full",
            help="Progress report: full (default) or team (the short version).",
        )
        parser.add_argument(
            "--onderdelen",
            metavar="A,B,...",
            help="Progress report: only these sections (default: the school's last choice).",
        )
        parser.add_argument(
            "--van", metavar="JJJJ-MM-DD", help="Progress report: start of the period."
        )
        parser.add_argument(
            "--tot", metavar="JJJJ-MM-DD", help="Progress report: end of the period."
        )

    def handle(self, *args, **options):
        if not options["school"] and not options["bestuur"]:
            raise CommandError("Geef --school <slug> of --bestuur <slug> op.")
        kind = get_kind(options["kind"])
        if kind is None or not kind.batch:
            choices = ", ".join(k.key for k in batch_kinds())
            raise CommandError(f"Onbekend soort rapport: {options['kind']!r}. Kies uit: {choices}.")
        render_options = self._render_options(kind, options)
        if options["school"]:
            school = School.objects.select_related("bestuur").filter(slug=options["school"]).first()
            if school is None:
                raise CommandError(f"Onbekende school: {options['school']!r}.")
            user = self._user(options["as_email"], school.bestuur)
            out = Path(options["out"] or file_name(kind, school))
            if out.is_dir():
                out = out / file_name(kind, school)
            try:
                pdf = render(kind, school, user, **render_options)
            except (ReportNotAllowed, ReportUnavailable) as error:
                raise CommandError(str(error)) from None
            except PdfRenderError as error:
                raise CommandError(f"De PDF kon niet worden gemaakt: {error}") from None
            write_atomically(out, pdf)
            self.stdout.write(f"{out} ({len(pdf) // 1024} kB) als {user.email}")
            return
        bestuur = Bestuur.objects.filter(slug=options["bestuur"]).first()
        if bestuur is None:
            raise CommandError(f"Onbekend bestuur: {options['bestuur']!r}.")
        user = self._user(options["as_email"], bestuur)
        folder = Path(options["out"] or f"rapporten-{slugify(bestuur.name)}")
        if folder.exists() and not folder.is_dir():
            raise CommandError(f"{folder} is een bestand; geef bij --bestuur een map op.")
        folder.mkdir(parents=True, exist_ok=True)
        results = print_schools(
            kind, bestuur.schools.order_by("name", "pk"), user, folder, options=render_options
        )
        for result in results:
            if result.path:
                self.stdout.write(f"{result.path} als {user.email}")
        failed = [f"{r.school.name}: {r.error}" for r in results if r.error]
        if failed:
            raise CommandError("Niet gelukt voor " + "; ".join(failed))
        if not results:
            self.stdout.write(f"{bestuur.name} heeft geen scholen.")

    def _user(self, email, bestuur) -> User:
        if email:
            user = User.objects.filter(email__iexact=email, is_active=True).first()
            if user is None:
                raise CommandError(f"Onbekende gebruiker: {email!r}.")
            return user
        first = (
            BoardMembership.objects.filter(bestuur=bestuur, user__is_active=True)
            .select_related("user")
            .order_by("created_at", "pk")
            .first()
        )
        if first is None:
            raise CommandError(
                f"{bestuur.name} heeft geen bestuursleden; kies met --as wie er print."
            )
        return first.user

    def _render_options(self, kind, options) -> dict:
        progress = {"version": options["versie"]}
        if options["onderdelen"]:
            progress["sections"] = [s.strip() for s in options["onderdelen"].split(",") if s]
        if options["van"]:
            progress["start"] = _date(options["van"])
        if options["tot"]:
            progress["end"] = _date(options["tot"])
        if kind.renderer is not None:
            return progress
        if options["onderdelen"] or options["van"] or options["tot"] or options["versie"] != "full":
            raise CommandError(
                "--versie, --onderdelen, --van en --tot horen alleen bij --kind voortgang."
            )
        return {}
