"""The catalogue of example actions: in our own words, copied into a plan in one click."""

import json
from collections import Counter

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from actieplan.models import Actiepunt, Section, Suggestion
from actieplan.periods import current_plan
from schools.models import User

FIXTURE = settings.BASE_DIR / "fixtures" / "04_actieplan_voorbeelden.json"


def url(name, plan, *args):
    return reverse(name, args=[plan.school.slug, plan.pk, *args])


@pytest.fixture
def plan(zonnebloem):
    return current_plan(zonnebloem, timezone.localdate())


@pytest.fixture
def suggestion(demo):
    return Suggestion.objects.get(code="rustplekken")


def test_fixture_has_four_to_six_examples_per_section():
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert {row["model"] for row in rows} == {"actieplan.suggestion"}
    assert all("pk" not in row for row in rows)  # natural keys: the code
    per_section = Counter(row["fields"]["section"] for row in rows)
    assert set(per_section) == set(Section.values)
    assert all(4 <= n <= 6 for n in per_section.values()), per_section
    codes = [row["fields"]["code"] for row in rows]
    assert len(codes) == len(set(codes))
    for row in rows:
        fields = row["fields"]
        assert fields["title"] and fields["explanation"] and fields["steps"], fields["code"]
        assert fields["driving_activity"], fields["code"]


def test_list_shows_the_examples_per_section(client_for, werkgroeplid, plan):
    response = client_for(werkgroeplid).get(url("suggestion_list", plan))
    content = response.content.decode()
    assert response.status_code == 200
    for label in Section.labels:
        assert str(label) in content
    assert "Rustplekken inrichten in de school" in content
    assert content.count("Toevoegen aan plan") == Suggestion.objects.filter(is_active=True).count()


def test_inactive_examples_are_hidden_and_cannot_be_copied(
    client_for, kartrekker, plan, suggestion
):
    suggestion.is_active = False
    suggestion.save()
    client = client_for(kartrekker)
    assert suggestion.title not in client.get(url("suggestion_list", plan)).content.decode()
    response = client.post(url("suggestion_copy", plan, suggestion.pk))
    assert response.status_code == 404


def test_copy_in_one_click_with_steps_and_driving_activity(
    client_for, kartrekker, plan, suggestion
):
    response = client_for(kartrekker).post(url("suggestion_copy", plan, suggestion.pk))
    actiepunt = Actiepunt.objects.get(actieplan=plan, title=suggestion.title)
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("actieplan_detail", args=[plan.school.slug, plan.pk]) + f"#actiepunt-{actiepunt.pk}"
    )
    assert actiepunt.section == Section.REGULATIE_BEVORDEREN == suggestion.section
    assert actiepunt.driving_activity == suggestion.driving_activity
    assert [s.text for s in actiepunt.stappen.order_by("order")] == suggestion.step_list
    assert actiepunt.origin == suggestion
    assert actiepunt.origin_label == f"Voorbeeldactie: {suggestion.title}"
    assert actiepunt.status == "gepland"
    assert actiepunt.history.get().history_user == kartrekker


def test_htmx_swaps_the_button_and_a_second_click_adds_nothing(
    client_for, kartrekker, plan, suggestion
):
    client = client_for(kartrekker)
    copy = url("suggestion_copy", plan, suggestion.pk)
    response = client.post(copy, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Toegevoegd" in content and "<html" not in content
    assert "bekijk in het plan" in content
    client.post(copy, headers={"HX-Request": "true"})
    client.post(copy)
    link = {
        "origin_type": ContentType.objects.get_for_model(Suggestion),
        "origin_id": suggestion.pk,
    }
    assert Actiepunt.objects.filter(actieplan=plan, **link).count() == 1
    page = client.get(url("suggestion_list", plan)).content.decode()
    assert page.count("Toevoegen aan plan") == Suggestion.objects.filter(is_active=True).count() - 1


def test_readers_see_the_catalogue_but_cannot_copy(client_for, plan, suggestion):
    teamlid = User.objects.get(email="anouk.peters@zonnebloem.example")
    client = client_for(teamlid)
    page = client.get(url("suggestion_list", plan)).content.decode()
    assert suggestion.title in page and "Toevoegen aan plan" not in page
    assert client.post(url("suggestion_copy", plan, suggestion.pk)).status_code == 403
    assert client.get(url("suggestion_copy", plan, suggestion.pk)).status_code == 403


def test_copy_needs_post(client_for, kartrekker, plan, suggestion):
    response = client_for(kartrekker).get(url("suggestion_copy", plan, suggestion.pk))
    assert response.status_code == 405


def test_import_updates_by_code_and_adds_new(demo, tmp_path, suggestion):
    rows = [
        {
            "model": "actieplan.suggestion",
            "fields": {
                "code": "rustplekken",
                "section": "regulatie_bevorderen",
                "title": "Rustplekken in elke groep",
                "explanation": "Bijgewerkt.",
                "steps": "Een\nTwee",
                "driving_activity": ["organisatie-inrichting"],
                "order": 2,
                "is_active": True,
            },
        },
        {
            "model": "actieplan.suggestion",
            "fields": {
                "code": "nieuw-voorbeeld",
                "section": "kennisontwikkeling",
                "title": "Een nieuw voorbeeld",
                "steps": "",
                "order": 9,
            },
        },
    ]
    path = tmp_path / "voorbeelden.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    before = Suggestion.objects.count()
    call_command("import_voorbeelden", str(path), "--dry-run", verbosity=0)
    assert Suggestion.objects.count() == before
    call_command("import_voorbeelden", str(path), verbosity=0)
    suggestion.refresh_from_db()
    assert suggestion.title == "Rustplekken in elke groep"
    assert suggestion.step_list == ["Een", "Twee"]
    assert Suggestion.objects.count() == before + 1


def test_import_refuses_other_models(demo, tmp_path):
    path = tmp_path / "fout.json"
    path.write_text(json.dumps([{"model": "schools.user", "fields": {}}]), encoding="utf-8")
    with pytest.raises(CommandError, match="voorbeeldacties"):
        call_command("import_voorbeelden", str(path), verbosity=0)


def test_shipped_fixture_loads_again_without_duplicates(demo):
    before = Suggestion.objects.count()
    call_command("import_voorbeelden", str(FIXTURE), verbosity=0)
    assert Suggestion.objects.count() == before == len(json.loads(FIXTURE.read_text()))


def test_admin_edits_and_orders_examples(client_for, demo, suggestion):
    admin_user = User.objects.create_superuser("beheer@example.org", "een-lang-wachtwoord")
    client = client_for(admin_user)
    changelist = client.get(reverse("admin:actieplan_suggestion_changelist"))
    assert changelist.status_code == 200
    assert 'name="form-0-order"' in changelist.content.decode()  # orderable in the list
    assert (
        client.get(reverse("admin:actieplan_suggestion_change", args=[suggestion.pk])).status_code
        == 200
    )
    actiepunt = Actiepunt.objects.first()
    for name in ("admin:actieplan_actiepunt_change", "admin:actieplan_actiepunt_history"):
        assert client.get(reverse(name, args=[actiepunt.pk])).status_code == 200
