"""`manage.py tso_report`: one school's report, or one per school of a board, as one user."""

from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from pypdf import PdfReader

from schools.models import AuditEvent
from tso.management.commands.tso_report import Command

VLINDER_PEOPLE = ["Vera Bakker", "Koen Visser", "vlinder.example"]
KOMPAS_PEOPLE = ["Peter Kok", "Fatima Yilmaz", "Yvonne Maas"]


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def run(*args, **options) -> str:
    out = StringIO()
    call_command("tso_report", *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def test_help_lists_the_kinds_and_the_default_user():
    text = Command().create_parser("manage.py", "tso_report").format_help()

    for kind in (
        "voortgang",
        "actieplan",
        "schooloverzicht",
        "tijdlijn",
        "jaarplanning",
        "profiel",
    ):
        assert kind in text
    assert "--as" in text and "first board member" in text


def test_prints_a_school_report_as_the_boards_first_member_by_default(
    zonnebloem, bestuurslid, tmp_path
):
    out = tmp_path / "overzicht.pdf"

    output = run(school=zonnebloem.slug, kind="schooloverzicht", out=str(out))

    assert f"als {bestuurslid.email}" in output
    text = text_of(out.read_bytes())
    assert "OBS De Zonnebloem" in text and "Schooloverzicht" in text
    for other in VLINDER_PEOPLE + KOMPAS_PEOPLE:
        assert other not in text
    event = AuditEvent.objects.get(kind="pdf_downloaded", school=zonnebloem)
    assert (event.actor, event.subject) == (bestuurslid, "schooloverzicht")


def test_the_pdf_holds_what_the_chosen_user_gets_in_the_browser(
    zonnebloem, kartrekker, bestuurslid, client_for, tmp_path
):
    plan = zonnebloem.actieplannen.get()
    url = reverse("actieplan_pdf", args=[zonnebloem.slug, plan.pk])
    as_board = tmp_path / "bestuur.pdf"
    as_kartrekker = tmp_path / "kartrekker.pdf"

    run(school=zonnebloem.slug, kind="actieplan", out=str(as_board))
    run(
        school=zonnebloem.slug, kind="actieplan", out=str(as_kartrekker), **{"as": kartrekker.email}
    )

    board_text = text_of(as_board.read_bytes())
    assert board_text == text_of(client_for(bestuurslid).get(url).content)
    assert text_of(as_kartrekker.read_bytes()) == text_of(client_for(kartrekker).get(url).content)
    # The board's copy is the progress version: no people, no meetings.
    assert "Voortgang actieplan" in board_text
    assert "Huidige bijeenkomst" not in board_text
    assert "Huidige bijeenkomst" in text_of(as_kartrekker.read_bytes())


def test_progress_report_full_and_team_version(zonnebloem, kartrekker, tmp_path):
    full = tmp_path / "vol.pdf"
    team = tmp_path / "team.pdf"

    run(school=zonnebloem.slug, kind="voortgang", out=str(full), **{"as": kartrekker.email})
    run(
        school=zonnebloem.slug,
        kind="voortgang",
        out=str(team),
        versie="team",
        **{"as": kartrekker.email},
    )

    full_pages = PdfReader(full).pages
    team_pages = PdfReader(team).pages
    assert "VOORTGANGSRAPPORTAGE" in full_pages[0].extract_text()
    assert "OBS De Zonnebloem" in full_pages[0].extract_text()
    assert len(team_pages) < len(full_pages)
    subjects = set(
        AuditEvent.objects.filter(kind="pdf_downloaded", actor=kartrekker).values_list(
            "subject", flat=True
        )
    )
    assert subjects == {"voortgangsrapportage"}


def test_a_board_prints_every_school_into_one_folder(bestuurslid, tmp_path):
    folder = tmp_path / "rapporten"

    output = run(bestuur="stichting-voorbeeld", kind="voortgang", out=str(folder))

    files = sorted(p.name for p in folder.iterdir())
    assert files == ["voortgang-obs-de-zonnebloem.pdf", "voortgang-so-het-kompas.pdf"]
    assert output.count(f"als {bestuurslid.email}") == 2
    zonnebloem = text_of((folder / "voortgang-obs-de-zonnebloem.pdf").read_bytes())
    kompas = text_of((folder / "voortgang-so-het-kompas.pdf").read_bytes())
    assert "OBS De Zonnebloem" in zonnebloem
    assert "SO Het Kompas" in kompas
    for name in KOMPAS_PEOPLE:
        assert name not in zonnebloem
    assert "Karim El Amrani" not in kompas
    assert not list(folder.glob(".*"))  # no temporary files left behind


def test_a_school_that_cannot_be_printed_is_reported_and_the_others_are_kept(demo, tmp_path):
    folder = tmp_path / "plannen"

    with pytest.raises(CommandError, match="SO Het Kompas heeft nog geen actieplan"):
        run(bestuur="stichting-voorbeeld", kind="actieplan", out=str(folder))

    assert [p.name for p in folder.iterdir()] == ["actieplan-obs-de-zonnebloem.pdf"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"school": "bestaat-niet"}, "Onbekende school: 'bestaat-niet'"),
        ({"bestuur": "bestaat-niet"}, "Onbekend bestuur: 'bestaat-niet'"),
        (
            {"school": "obs-de-zonnebloem", "kind": "weetikveel"},
            "Onbekend soort rapport: 'weetikveel'. Kies uit: voortgang,",
        ),
        (
            {"school": "obs-de-zonnebloem", "kind": "notulen"},
            "Onbekend soort rapport: 'notulen'",
        ),
        ({"school": "obs-de-zonnebloem", "as": "niemand@example.org"}, "Onbekende gebruiker"),
        (
            {"school": "obs-de-zonnebloem", "as": "kartrekker@vlinder.example"},
            "kartrekker@vlinder.example mag voortgangsrapportage van OBS De Zonnebloem niet",
        ),
        (
            {"school": "obs-de-zonnebloem", "as": "teamlid@zonnebloem.example"},
            "mag voortgangsrapportage van OBS De Zonnebloem niet printen",
        ),
        ({"school": "sbo-de-vlinder"}, "Stichting Anders heeft geen bestuursleden; kies met --as"),
        (
            {"school": "obs-de-zonnebloem", "kind": "tijdlijn", "versie": "team"},
            "horen alleen bij --kind voortgang",
        ),
        ({"school": "obs-de-zonnebloem", "van": "24-11-2026"}, "Geen geldige datum"),
    ],
)
def test_clear_errors_in_dutch(demo, tmp_path, options, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(".", r"\.")):
        run(out=str(tmp_path / "x.pdf"), **options)
    assert not (tmp_path / "x.pdf").exists()


def test_school_or_board_is_required(db):
    with pytest.raises(CommandError, match="Geef --school <slug> of --bestuur <slug> op"):
        run(kind="voortgang")


def test_out_may_be_a_folder_for_one_school(zonnebloem, kartrekker, tmp_path):
    run(school=zonnebloem.slug, kind="tijdlijn", out=str(tmp_path), **{"as": kartrekker.email})

    assert (tmp_path / "tijdlijn-obs-de-zonnebloem.pdf").read_bytes().startswith(b"%PDF-")
