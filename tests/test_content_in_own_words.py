"""The shipped content paraphrases the handbook: names and numbers yes, its sentences no."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HANDBOOK = ROOT.parent / "shared" / "handbook" / "handboek-tso.txt"
# Eight words in a row is a copied sentence, not a shared name or a common phrase.
RUN = 8
MIN_TEXT = 40
# Facts, not prose: the name of a book, questionnaire or website in the aids
# library, and web addresses, are quoted exactly as they are.
FACT_FIELDS = {("aids.aiditem", "title"), ("aids.aiditem", "url")}


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def runs(tokens: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + RUN]) for i in range(len(tokens) - RUN + 1)}


@pytest.mark.skipif(not HANDBOOK.exists(), reason=f"handbook not found at {HANDBOOK}")
def test_no_shipped_text_copies_a_handbook_sentence():
    handbook_runs = runs(words(HANDBOOK.read_text(encoding="utf-8")))
    copied = []
    for fixture in sorted((ROOT / "fixtures").glob("*.json")):
        for row in json.loads(fixture.read_text(encoding="utf-8")):
            for field, value in row["fields"].items():
                if (row["model"], field) in FACT_FIELDS:
                    continue
                if isinstance(value, str) and len(value) >= MIN_TEXT:
                    overlap = runs(words(value)) & handbook_runs
                    if overlap:
                        copied.append((fixture.name, row["model"], field, " ".join(min(overlap))))
    assert copied == []
