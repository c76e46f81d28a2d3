"""The shipped statements and questions, versioning of a round's set, import and admin."""

import json
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import escape

from ontwikkelmodel.checklist import eligible_members, open_round, round_statements
from ontwikkelmodel.models import (
    CHECKLIST_ACCENTS,
    ChecklistQuestion,
    ChecklistVersion,
    QuestionStep,
    Statement,
    StatementSource,
)
from tests.ontwikkelmodel.checklist_support import closed_round, url, user
from tests.test_content_in_own_words import HANDBOOK, RUN, runs, words

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "fixtures" / "05_checklist.json"


def fixture_rows(model):
    return [
        r["fields"] for r in json.loads(FIXTURE.read_text(encoding="utf-8")) if r["model"] == model
    ]


def test_fixture_has_one_current_version_with_statements_per_accent():
    versions = fixture_rows("ontwikkelmodel.checklistversion")
    assert versions == [
        {"name": "Checklist leidinggevenden 2023, eigen bewoording", "is_current": True}
    ]
    statements = fixture_rows("ontwikkelmodel.statement")
    per_accent = Counter(s["accent_code"] for s in statements)
    assert set(per_accent) == set(CHECKLIST_ACCENTS)
    assert all(4 <= n <= 6 for n in per_accent.values())
    sources = Counter(s["source"] for s in statements)
    assert sources[StatementSource.HANDBOOK_EXAMPLE] == 3  # the handbook's three examples
    assert sources[StatementSource.STARTER_SET] >= 14
    assert set(sources) <= {StatementSource.HANDBOOK_EXAMPLE, StatementSource.STARTER_SET}
    assert len({s["code"] for s in statements}) == len(statements)
    assert sorted(s["order"] for s in statements) == list(range(1, len(statements) + 1))
    assert all(s["is_active"] and 20 <= len(s["text"]) <= 600 for s in statements)


def test_fixture_has_six_pair_questions_and_four_joint_ones():
    questions = fixture_rows("ontwikkelmodel.checklistquestion")
    steps = Counter(q["step"] for q in questions)
    assert steps == {QuestionStep.PAIRS: 6, QuestionStep.TOGETHER: 4}
    for step in steps:
        assert sorted(q["order"] for q in questions if q["step"] == step) == list(
            range(1, steps[step] + 1)
        )
    last = max(
        (q for q in questions if q["step"] == QuestionStep.TOGETHER), key=lambda q: q["order"]
    )
    assert "Richting geven" in last["text"]  # ends with the priority within the groeilaag


@pytest.mark.skipif(not HANDBOOK.exists(), reason="handbook not available")
def test_checklist_texts_are_in_our_own_words_even_short_ones():
    """Stricter than the shared check: every text, however short, is ours."""
    handbook = runs(words(HANDBOOK.read_text(encoding="utf-8")))
    copied = []
    for model in ("ontwikkelmodel.statement", "ontwikkelmodel.checklistquestion"):
        for row in fixture_rows(model):
            overlap = runs(words(row["text"])) & handbook
            if overlap:
                copied.append((row["code"], " ".join(min(overlap))))
    assert copied == []
    assert RUN == 8


def test_fixture_loads(demo):
    version = ChecklistVersion.objects.current()
    assert version.name == "Checklist leidinggevenden 2023, eigen bewoording"
    assert version.statements.count() == len(fixture_rows("ontwikkelmodel.statement"))
    assert version.questions.count() == 10


# --- A round keeps its statements --------------------------------------------------------


def _new_round(zonnebloem, title):
    return open_round(
        zonnebloem,
        title=title,
        members=list(eligible_members(zonnebloem)),
        opened_by=user("schoolleider@zonnebloem.example"),
    )


def test_retired_statement_stays_in_old_rounds_and_is_not_asked_in_new_ones(
    client_for, zonnebloem, kartrekker
):
    old = closed_round(zonnebloem)
    retired = round_statements(old)[0]
    Statement.objects.filter(pk=retired.statement_id).update(is_active=False)

    assert retired.statement_id in [s.statement_id for s in round_statements(old)]
    team = client_for(kartrekker).get(url("checklist_team", old)).content.decode()
    assert escape(retired.text) in team

    new = _new_round(zonnebloem, "Na het schrappen")
    asked = [s.statement_id for s in round_statements(new)]
    assert retired.statement_id not in asked
    assert len(asked) == len(round_statements(old)) - 1
    form = (
        client_for(user("mt1@zonnebloem.example")).get(url("checklist_fill", new)).content.decode()
    )
    assert escape(retired.text) not in form


def test_reworded_or_reordered_statement_does_not_change_an_open_round(client_for, kompas):
    from tests.ontwikkelmodel.checklist_support import open_round as kompas_round

    checklist_round = kompas_round(kompas)
    before = [(s.statement_id, s.text, s.order) for s in round_statements(checklist_round)]
    statement = Statement.objects.get(pk=before[0][0])
    statement.text = "Een heel andere formulering"
    statement.order = 99
    statement.save()

    assert [(s.statement_id, s.text, s.order) for s in round_statements(checklist_round)] == before
    page = client_for(user("mt@kompas.example")).get(url("checklist_fill", checklist_round))
    assert escape(before[0][1]) in page.content.decode()
    assert "Een heel andere formulering" not in page.content.decode()


def test_a_new_version_is_used_by_new_rounds_only(zonnebloem):
    old = closed_round(zonnebloem)
    version = ChecklistVersion.objects.create(name="Officiële lijst", is_current=True)
    Statement.objects.create(
        version=version, code="o1", accent_code="faciliteiten", text="Officiële stelling", order=1
    )
    new = _new_round(zonnebloem, "Met de officiële lijst")
    assert new.version == version
    assert [s.text for s in round_statements(new)] == ["Officiële stelling"]
    assert old.version != version
    assert len(round_statements(old)) == 20


# --- Import ---------------------------------------------------------------------------------


def test_import_command_adds_a_version_and_makes_it_current(demo, tmp_path):
    path = tmp_path / "officieel.json"
    path.write_text(
        json.dumps(
            [
                {
                    "model": "ontwikkelmodel.checklistversion",
                    "fields": {"name": "Officiële checklist 2024", "is_current": True},
                },
                {
                    "model": "ontwikkelmodel.statement",
                    "fields": {
                        "version": ["Officiële checklist 2024"],
                        "code": "a1",
                        "accent_code": "leidinggevenden",
                        "order": 1,
                        "text": "Ik ben bereikbaar voor collega's die vastlopen.",
                        "source": "officieel",
                    },
                },
                {
                    "model": "ontwikkelmodel.checklistquestion",
                    "fields": {
                        "version": ["Officiële checklist 2024"],
                        "code": "q1",
                        "step": "gezamenlijk",
                        "order": 1,
                        "text": "Wat spreken we af?",
                    },
                },
            ]
        ),
        encoding="utf-8",
    )
    call_command("import_checklist", str(path), "--dry-run", verbosity=0)
    assert not ChecklistVersion.objects.filter(name="Officiële checklist 2024").exists()
    call_command("import_checklist", str(path), verbosity=0)
    current = ChecklistVersion.objects.current()
    assert current.name == "Officiële checklist 2024"
    assert ChecklistVersion.objects.filter(is_current=True).count() == 1
    assert current.statements.get().source == StatementSource.OFFICIAL
    assert ChecklistQuestion.objects.filter(version=current).count() == 1
    # Importing the same file again updates rather than duplicates.
    call_command("import_checklist", str(path), verbosity=0)
    assert current.statements.count() == 1


def test_import_command_refuses_other_content(demo, tmp_path):
    path = tmp_path / "fout.json"
    path.write_text(
        json.dumps([{"model": "ontwikkelmodel.checklistanswer", "fields": {"score": 3}}]),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="Only checklist content"):
        call_command("import_checklist", str(path), verbosity=0)


def test_shipped_fixture_imports_cleanly(demo):
    call_command("import_checklist", str(FIXTURE), verbosity=0)
    assert ChecklistVersion.objects.current().statements.count() == 20


# --- Admin -----------------------------------------------------------------------------------


def test_admin_edits_reorders_and_retires_statements(client, demo):
    from schools.models import User

    admin = User.objects.filter(is_superuser=True).first()
    client.force_login(admin)
    changelist = reverse("admin:ontwikkelmodel_statement_changelist")
    response = client.get(changelist)
    assert response.status_code == 200
    statements = list(ChecklistVersion.objects.current().statements.order_by("order"))
    data = {
        "form-TOTAL_FORMS": str(len(statements)),
        "form-INITIAL_FORMS": str(len(statements)),
        "_save": "Opslaan",
    }
    for index, statement in enumerate(statements):
        data[f"form-{index}-id"] = str(statement.pk)
        data[f"form-{index}-order"] = str(len(statements) - index)
        if index:
            data[f"form-{index}-is_active"] = "on"
    response = client.post(changelist, data)
    assert response.status_code == 302
    statements[0].refresh_from_db()
    assert statements[0].is_active is False
    assert statements[0].order == len(statements)
    for name in ("checklistversion", "checklistquestion", "checklistround"):
        assert client.get(reverse(f"admin:ontwikkelmodel_{name}_changelist")).status_code == 200
