"""The shipped aids and kartrekker profile: complete, in our own words, links as facts."""

import json
from pathlib import Path

import pytest

from aids.links import is_valid_page, is_web_address
from aids.models import Aid
from tests.test_content_in_own_words import FACT_FIELDS, HANDBOOK, MIN_TEXT, runs, words

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
OURS = ["00_hulpmiddelen.json", "00_kartrekkerprofiel.json"]


def rows(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.mark.skipif(not HANDBOOK.exists(), reason="handbook not available")
def test_descriptions_are_in_our_own_words():
    handbook = runs(words(HANDBOOK.read_text(encoding="utf-8")))
    checked = 0
    for name in OURS:
        for row in rows(name):
            for field, value in row["fields"].items():
                if (row["model"], field) in FACT_FIELDS or not isinstance(value, str):
                    continue
                if len(value) >= MIN_TEXT:
                    checked += 1
                    assert not runs(words(value)) & handbook, (name, field, value[:60])
    assert checked > 50


def test_every_link_is_a_web_address_and_every_page_exists():
    for row in rows("00_hulpmiddelen.json"):
        fields = row["fields"]
        if row["model"] == "aids.aiditem" and fields["url"]:
            assert is_web_address(fields["url"]), fields
            assert "?" not in fields["url"] or "docs.google.com" in fields["url"], fields["url"]
        if row["model"] == "aids.aid" and fields["page_url_name"]:
            assert is_valid_page(fields["page_url_name"]), fields["code"]


def test_every_aid_has_a_page_or_content(demo):
    for aid in Aid.objects.prefetch_related("sections__items"):
        sections = list(aid.sections.all())
        assert aid.page_url_name or sections, aid.code
        for section in sections:
            assert section.items.all(), (aid.code, section.title)


def test_the_handbooks_aids_are_all_there(demo):
    bijlagen = set(Aid.objects.exclude(bijlage="").values_list("bijlage", flat=True))
    assert {f"Bijlage {n}" for n in range(1, 13)} <= bijlagen
    assert Aid.objects.filter(code="kenniselementen", kind="kennis").exists()
    verdieping = Aid.objects.get(code="verdieping")
    assert [s.title for s in verdieping.sections.all()] == [
        "Trauma",
        "Gehechtheid",
        "Executieve functies",
        "Zelfregulatie en emotieregulatie",
        "Ontwikkelingsleeftijd",
        "Veerkracht en mindset",
        "Yoga en mindfulness",
    ]
