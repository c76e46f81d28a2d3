import json
from io import BytesIO, StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError
from django.urls import reverse
from pypdf import PdfReader

from ontwikkelmodel.models import (
    Accent,
    Descriptor,
    Groeilaag,
    KnowledgeElement,
    ModelVersion,
    ModuleLink,
)
from tests.factories import UserFactory

VERSION = "TSO-handboek 2023, eigen bewoording"
GROEILAAG_NAMES = [
    "Kennisontwikkeling",
    "Richting geven",
    "Relaties bouwen",
    "Regulatie bevorderen",
]


@pytest.fixture
def content(db):
    call_command("load_content", verbosity=0)


@pytest.fixture
def user_client(db, client_for):
    return client_for(UserFactory())


def counts():
    return [
        model.objects.count()
        for model in (ModelVersion, Groeilaag, Accent, Descriptor, KnowledgeElement, ModuleLink)
    ]


def test_fixture_holds_the_whole_model(content):
    version = ModelVersion.objects.current()
    assert version.name == VERSION
    assert counts() == [1, 4, 15, 60, 11, 4]
    assert list(version.groeilagen.values_list("code", "name")) == [
        ("1", "Kennisontwikkeling"),
        ("2", "Richting geven"),
        ("3A", "Relaties bouwen"),
        ("3B", "Regulatie bevorderen"),
    ]
    per_laag = {g.code: g.accents.count() for g in version.groeilagen.all()}
    assert per_laag == {"1": 3, "2": 4, "3A": 4, "3B": 4}
    for accent in Accent.objects.all():
        fases = sorted(accent.descriptors.values_list("groeifase", flat=True))
        assert fases == [1, 2, 3, 4], accent.name
        assert all(d.text.strip() for d in accent.descriptors.all())
    assert all(g.definition.startswith("Hoe ") for g in version.groeilagen.all())
    links = {
        link.module: [g.code for g in link.groeilagen.all()] for link in ModuleLink.objects.all()
    }
    assert links == {1: ["1"], 2: ["1"], 3: ["3A", "3B"], 4: ["2", "3A", "3B"]}


def test_groeifase_outside_one_to_four_is_refused_by_the_database(content):
    accent = Accent.objects.first()
    Descriptor.objects.filter(accent=accent, groeifase=4).delete()
    with pytest.raises(IntegrityError):
        Descriptor.objects.create(accent=accent, groeifase=5, text="x")


def test_load_content_twice_does_not_duplicate(content):
    before = counts()
    call_command("load_content", verbosity=0)
    call_command("load_content", "--refresh", verbosity=0)
    assert counts() == before


def write(tmp_path, rows):
    path = tmp_path / "model.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


def descriptor_row(text):
    return {
        "model": "ontwikkelmodel.descriptor",
        "fields": {"accent": [VERSION, "inrichting"], "groeifase": 2, "text": text},
    }


def inrichting_2():
    return Descriptor.objects.get_by_natural_key(VERSION, "inrichting", 2).text


def test_import_updates_rows_by_natural_key(content, tmp_path):
    path = write(tmp_path, [descriptor_row("Officiële tekst.")])
    out = StringIO()
    call_command("import_ontwikkelmodel", str(path), stdout=out)
    assert "1 rows imported" in out.getvalue()
    assert inrichting_2() == "Officiële tekst."
    assert counts() == [1, 4, 15, 60, 11, 4]


def test_import_adds_a_new_version_beside_the_old_one(content, tmp_path):
    rows = json.loads(
        (settings.BASE_DIR / "fixtures/03_ontwikkelmodel.json")
        .read_text(encoding="utf-8")
        .replace(VERSION, "Officieel 2024")
    )
    rows[0]["fields"]["is_current"] = False
    call_command("import_ontwikkelmodel", str(write(tmp_path, rows)), stdout=StringIO())
    assert counts() == [2, 8, 30, 120, 22, 8]
    assert ModelVersion.objects.current().name == VERSION


def test_import_dry_run_changes_nothing(content, tmp_path):
    before = inrichting_2()
    out = StringIO()
    call_command(
        "import_ontwikkelmodel",
        str(write(tmp_path, [descriptor_row("Nieuw")])),
        "--dry-run",
        stdout=out,
    )
    assert "1 rows checked" in out.getvalue()
    assert inrichting_2() == before


@pytest.mark.parametrize(
    "rows, message",
    [
        ([{"model": "phases.phase", "fields": {"number": 9}}], "Only Ontwikkelmodel content"),
        ([dict(descriptor_row("x"), pk=1)], "leave out 'pk'"),
        ({"model": "ontwikkelmodel.accent"}, "JSON list"),
    ],
)
def test_import_refuses_other_content(content, tmp_path, rows, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_ontwikkelmodel", str(write(tmp_path, rows)))


def test_import_refuses_unreadable_file(content, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_ontwikkelmodel", str(path))


def test_grid_shows_the_model(content, user_client):
    response = user_client.get(reverse("ontwikkelmodel_grid"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in GROEILAAG_NAMES:
        assert name in html
    for accent in Accent.objects.all():
        assert accent.name in html
    assert "Groeifase 4" in html
    assert Descriptor.objects.get_by_natural_key(VERSION, "faciliteiten", 3).text in html
    assert "Window of tolerance" in html
    assert "Module 3: Relaties en regulatie" in html
    assert reverse("ontwikkelmodel_pdf") in html


def test_grid_without_content_says_so(user_client):
    ModelVersion.objects.update(is_current=False)  # the shared test data has one

    response = user_client.get(reverse("ontwikkelmodel_grid"))
    assert response.status_code == 200
    assert "nog niet geladen" in response.content.decode()


def test_grid_query_count_does_not_grow_with_the_model(
    content, user_client, django_assert_num_queries
):
    url = reverse("ontwikkelmodel_grid")
    user_client.get(url)  # warm the session
    # (10 = 9 before the aids library + the accents' aids)
    with django_assert_num_queries(10):
        user_client.get(url)
    groeilaag = Groeilaag.objects.get_by_natural_key(VERSION, "3B")
    for n in range(10):
        accent = Accent.objects.create(
            groeilaag=groeilaag, code=f"extra-{n}", name=f"Extra {n}", order=10 + n
        )
        Descriptor.objects.bulk_create(
            Descriptor(accent=accent, groeifase=fase, text="t") for fase in (1, 2, 3, 4)
        )
    with django_assert_num_queries(10):
        response = user_client.get(url)
    assert "Extra 9" in response.content.decode()


def test_anonymous_visitors_are_sent_to_login(client, content):
    for name in ("ontwikkelmodel_grid", "ontwikkelmodel_pdf"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_every_persona_can_read_the_grid(demo, bestuurslid, trainer, client_for):
    for user in (bestuurslid, trainer):
        assert client_for(user).get(reverse("ontwikkelmodel_grid")).status_code == 200


def test_pdf_shows_the_grid(content, user_client):
    response = user_client.get(reverse("ontwikkelmodel_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    squashed = "".join(text.split())
    for name in GROEILAAG_NAMES:
        assert "".join(name.split()) in squashed
    assert "Groeifase4" in squashed
    assert "pagina1van" in squashed
    assert "OntwikkelmodelTSO" in squashed
    first = reader.pages[0].mediabox
    assert first.width > first.height  # landscape


def test_pdf_failure_shows_a_friendly_page(content, user_client, settings):
    settings.PDF_RENDER_TIMEOUT = 0
    response = user_client.get(reverse("ontwikkelmodel_pdf"))
    assert response.status_code == 503
    assert "De PDF kon niet worden gemaakt." in response.content.decode()
