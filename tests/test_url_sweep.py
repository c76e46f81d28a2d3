"""Walk every URL pattern: outsiders never reach a school's data."""

import io

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from actieplan.models import Suggestion
from phases.models import Attendance, Ontwikkelpunt, Werkmoment
from schools.models import Invitation, Membership
from tso.models import ReportJob

# Pages anyone may open without logging in.
PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "accept_invitation",
    "calendar_feed",  # the unguessable token in the URL is the credential
    "fresh_csrf_token",
}
# Pages about the user's own account, not about a school.
PERSONAL = {
    "home",
    "logout",
    "password_change",
    "password_change_done",
    "phase_overview",
    "trainer_overview",
    "calendar_settings",
    "calendar_revoke",
    "ontwikkelmodel_grid",
    "ontwikkelmodel_pdf",
    # The aids library and the kartrekker profile: shipped content, the same for everyone.
    "aid_library",
    "aid_detail",
    "kartrekker_profile",
}


def walk(patterns=None, prefix="", namespace=None):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield namespace, entry.name, prefix + str(entry.pattern), entry.pattern.converters


def app_patterns():
    """Every pattern of our own apps (the Django admin has its own staff check)."""
    return [(name, route, conv) for ns, name, route, conv in walk() if ns != "admin"]


def sample_kwargs(converters, school, ids):
    values = {
        "school_slug": school.slug,
        "bestuur_slug": school.bestuur.slug,
        "token": "x" * 43,
        "aid_code": "piramide",
        "uidb64": "MQ",
        **ids,
    }
    return {key: values[key] for key in converters}


@pytest.fixture
def zonnebloem_ids(zonnebloem, schoolleider, client_for):
    invitation, _ = Invitation.issue(
        school=zonnebloem, email="nieuw@zonnebloem.example", role="teamlid", invited_by=schoolleider
    )
    absent = Attendance.objects.filter(session__school=zonnebloem, present=False).first()
    voorgesprek = zonnebloem.voorgesprekken.first()
    ronde = zonnebloem.rondes.first()
    plan = zonnebloem.actieplannen.first()
    actiepunt = plan.actiepunten.filter(stappen__isnull=False).first()
    checklist_round = zonnebloem.checklist_rounds.first()
    punt = Ontwikkelpunt.objects.filter(werkmoment__session__school=zonnebloem).first()
    return {
        "membership_id": Membership.objects.filter(school=zonnebloem).first().pk,
        "invitation_id": invitation.pk,
        "action_id": zonnebloem.timeline_actions.first().pk,
        "session_id": zonnebloem.training_sessions.first().pk,
        "group_id": zonnebloem.training_groups.first().pk,
        "attendance_id": absent.pk,
        "voorgesprek_id": voorgesprek.pk,
        "prompt_id": voorgesprek.prompts.first().pk,
        "afspraak_id": voorgesprek.afspraken.first().pk,
        "field": "notes",
        "ronde_id": ronde.pk,
        "participant_id": ronde.participants.first().pk,
        "plan_id": plan.pk,
        "doel_id": plan.doelen.first().pk,
        "bijeenkomst_id": plan.bijeenkomsten.first().pk,
        "evaluatie_id": plan.evaluaties.first().pk,
        "actiepunt_id": actiepunt.pk,
        "stap_id": actiepunt.stappen.first().pk,
        "suggestion_id": Suggestion.objects.first().pk,
        "round_id": checklist_round.pk,
        "agreement_id": checklist_round.agreements.first().pk,
        "job_id": ReportJob.objects.create(bestuur=zonnebloem.bestuur, kind="voortgang").pk,
        "werkmoment_id": Werkmoment.objects.filter(session__school=zonnebloem).first().pk,
        "ontwikkelpunt_id": punt.pk,
    }


def snapshot() -> str:
    out = io.StringIO()
    call_command(
        "dumpdata",
        "schools",
        "phases",
        "ontwikkelmodel",
        "actieplan",
        exclude=["schools.auditevent", "schools.loginsession"],
        stdout=out,
    )
    return out.getvalue()


def test_every_pattern_is_public_personal_or_school_scoped(db):
    for name, route, converters in app_patterns():
        assert name, f"unnamed URL pattern {route}"
        if name in PUBLIC | PERSONAL:
            continue
        assert "school_slug" in converters or "bestuur_slug" in converters, (
            f"{name} ({route}) touches data but is not scoped to a school: "
            "route it through school_view"
        )


def test_anonymous_users_are_sent_to_login(client, zonnebloem, zonnebloem_ids):
    login_url = reverse("login")
    checked = 0
    for name, _route, converters in app_patterns():
        if name in PUBLIC or name == "logout":
            continue
        url = reverse(name, kwargs=sample_kwargs(converters, zonnebloem, zonnebloem_ids))
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (name, method.__name__, response.status_code)
            assert response["Location"].startswith(login_url), name
            checked += 1
    assert checked >= 10


def test_outsider_gets_404_on_every_school_url_and_changes_nothing(
    client_for, vlinder_kartrekker, zonnebloem, zonnebloem_ids
):
    client = client_for(vlinder_kartrekker)
    before = snapshot()
    checked = []
    for name, _route, converters in app_patterns():
        if "school_slug" not in converters and "bestuur_slug" not in converters:
            continue
        url = reverse(name, kwargs=sample_kwargs(converters, zonnebloem, zonnebloem_ids))
        for method in ("get", "post"):
            data = {"email": "x@evil.example", "role": "schoolleider", "roles": ["teamlid"]}
            response = getattr(client, method)(url, data=data if method == "post" else None)
            assert response.status_code == 404, (name, method, response.status_code)
            assert b"Zonnebloem" not in response.content, name
            checked.append(name)
    assert snapshot() == before
    assert {
        "school_dashboard",
        "member_list",
        "invite_member",
        "remove_member",
        "change_roles",
        "school_overview_pdf",
    } <= set(checked)


def test_unknown_school_is_404_like_a_forbidden_one(client_for, vlinder_kartrekker):
    response = client_for(vlinder_kartrekker).get(
        reverse("school_dashboard", args=["bestaat-niet"])
    )
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
