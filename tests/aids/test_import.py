"""`manage.py import_aids`: the library and the kartrekker profile from a JSON file."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from aids.models import Aid, AidItem
from schools.models import KartrekkerProfileItem


def write(tmp_path, rows):
    path = tmp_path / "aids.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


NEW_AID = [
    {
        "model": "aids.aid",
        "fields": {
            "code": "werkvormen",
            "bijlage": "",
            "title": "Werkvormen",
            "kind": "overig",
            "summary": "Een paar werkvormen.",
        },
    },
    {"model": "aids.aidsection", "fields": {"aid": ["werkvormen"], "order": 1, "title": "Start"}},
    {
        "model": "aids.aiditem",
        "fields": {
            "section": ["werkvormen", 1],
            "order": 1,
            "title": "Een site",
            "url": "https://example.org/werkvormen",
        },
    },
    {
        "model": "aids.aid",
        "fields": {
            "code": "screening",
            "title": "Screening (bijgewerkt)",
            "kind": "screening",
            "summary": "Nieuwe samenvatting.",
        },
    },
]


def test_import_adds_new_aids_and_updates_by_code(demo, tmp_path):
    before = Aid.objects.count()
    out = StringIO()
    call_command("import_aids", str(write(tmp_path, NEW_AID)), stdout=out)
    assert "4 rows imported" in out.getvalue()
    assert Aid.objects.count() == before + 1
    assert AidItem.objects.get(section__aid__code="werkvormen").url.endswith("/werkvormen")
    assert Aid.objects.get(code="screening").title == "Screening (bijgewerkt)"
    # The sections of an updated aid stay.
    assert Aid.objects.get(code="screening").sections.count() == 5


def test_dry_run_checks_and_changes_nothing(demo, tmp_path):
    before = Aid.objects.count()
    out = StringIO()
    call_command("import_aids", str(write(tmp_path, NEW_AID)), "--dry-run", stdout=out)
    assert "4 rows checked" in out.getvalue()
    assert Aid.objects.count() == before
    assert Aid.objects.get(code="screening").title == "Screeningsinstrumenten per onderwerp"


def test_the_shipped_fixtures_import_cleanly(demo):
    out = StringIO()
    call_command("import_aids", "fixtures/00_hulpmiddelen.json", "--dry-run", stdout=out)
    call_command("import_aids", "fixtures/00_kartrekkerprofiel.json", "--dry-run", stdout=out)
    assert out.getvalue().count("rows checked") == 2


def test_import_updates_the_kartrekker_profile(demo, tmp_path):
    rows = [
        {
            "model": "schools.kartrekkerprofileitem",
            "fields": {"section": ["functie-eisen"], "order": 1, "text": "Nieuwe eis."},
        }
    ]
    call_command("import_aids", str(write(tmp_path, rows)), stdout=StringIO())
    assert KartrekkerProfileItem.objects.get_by_natural_key("functie-eisen", 1).text == (
        "Nieuwe eis."
    )


@pytest.mark.parametrize(
    "rows, message",
    [
        ([{"model": "schools.user", "fields": {"email": "x@y.z"}}], "Only aids content"),
        ([{"model": "aids.aid", "pk": 1, "fields": {"code": "x"}}], "leave out 'pk'"),
        ({"not": "a list"}, "Expected a JSON list"),
        (
            [
                {
                    "model": "aids.aiditem",
                    "fields": {"section": ["screening", 1], "order": 9, "url": "javascript:x()"},
                }
            ],
            "not an http",
        ),
        (
            [
                {
                    "model": "aids.aid",
                    "fields": {
                        "code": "x",
                        "title": "X",
                        "kind": "overig",
                        "summary": "s",
                        "page_url_name": "bestaat_niet",
                    },
                }
            ],
            "no page named",
        ),
    ],
)
def test_import_refuses_other_data_and_bad_links(demo, tmp_path, rows, message):
    before = Aid.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("import_aids", str(write(tmp_path, rows)))
    assert Aid.objects.count() == before


def test_unreadable_file(tmp_path):
    path = tmp_path / "kapot.json"
    path.write_text("{niet json", encoding="utf-8")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_aids", str(path))
