import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from schools.models import AuditEvent, Invitation, Membership, User
from tests.factories import MembershipFactory


def invite_url(school):
    return reverse("invite_member", args=[school.slug])


def link_from_mail(message) -> str:
    return re.search(r"http://\S+/uitnodiging/\S+/", message.body).group(0)


def test_members_page_lists_people_with_roles(client_for, werkgroeplid, zonnebloem):
    response = client_for(werkgroeplid).get(reverse("member_list", args=[zonnebloem.slug]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Karim El Amrani" in content and "Kartrekker" in content
    assert "Trainer (extern)" in content
    assert "Iemand uitnodigen" not in content  # a werkgroeplid cannot invite


def test_werkgroeplid_may_not_invite(client_for, werkgroeplid, zonnebloem):
    response = client_for(werkgroeplid).post(
        invite_url(zonnebloem), {"email": "nieuw@example.org", "role": "teamlid"}
    )
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()
    assert not Invitation.objects.exists()


def test_invited_person_sets_password_once_and_lands_on_school(
    client, client_for, kartrekker, zonnebloem
):
    response = client_for(kartrekker).post(
        invite_url(zonnebloem), {"email": "Nieuw.Teamlid@Example.org", "role": "teamlid"}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nieuw.teamlid@example.org"]
    link = link_from_mail(mail.outbox[0])
    path = link.split("8000", 1)[-1] if "8000" in link else link

    page = client.get(path)
    assert page.status_code == 200 and "Welkom bij OBS De Zonnebloem" in page.content.decode()

    weak = client.post(path, {"full_name": "Nina", "password1": "kort", "password2": "kort"})
    assert weak.status_code == 400
    assert "minimaal 12 tekens" in weak.content.decode()
    assert 'value="Nina"' in weak.content.decode()  # typed name kept

    done = client.post(
        path,
        {
            "full_name": "Nina Teamlid",
            "password1": "zonnige ochtend op school",
            "password2": "zonnige ochtend op school",
        },
    )
    assert done.status_code == 302 and done["Location"] == zonnebloem.get_absolute_url()
    user = User.objects.get(email="nieuw.teamlid@example.org")
    assert Membership.objects.get(user=user, school=zonnebloem).roles == {"teamlid"}
    assert client.get(zonnebloem.get_absolute_url()).status_code == 200

    again = client.get(path)
    assert again.status_code == 404
    assert "werkt niet meer" in again.content.decode()
    kinds = set(AuditEvent.objects.values_list("kind", flat=True))
    assert {"invitation_sent", "invitation_accepted", "membership_added"} <= kinds


def test_invitation_expires_after_seven_days(client, client_for, kartrekker, zonnebloem):
    client_for(kartrekker).post(
        invite_url(zonnebloem), {"email": "laat@example.org", "role": "werkgroeplid"}
    )
    path = "/" + link_from_mail(mail.outbox[0]).split("/", 3)[3]
    Invitation.objects.update(
        created_at=timezone.now() - timedelta(days=8), expires_at=timezone.now() - timedelta(days=1)
    )
    assert client.get(path).status_code == 404
    response = client.post(
        path,
        {
            "full_name": "Laat",
            "password1": "een lang wachtwoord",
            "password2": "een lang wachtwoord",
        },
    )
    assert response.status_code == 404
    assert not User.objects.filter(email="laat@example.org").exists()


def test_reinviting_an_existing_user_adds_the_membership(
    client_for, schoolleider, trainer, zonnebloem
):
    # The trainer already has an account (at Kompas and Zonnebloem); add a role here.
    response = client_for(schoolleider).post(
        invite_url(zonnebloem), {"email": trainer.email, "role": "werkgroeplid"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=trainer, school=zonnebloem)
    assert membership.roles == {"trainer", "werkgroeplid"}
    assert not Invitation.objects.exists()
    assert "toegang" in mail.outbox[0].subject


def test_kartrekker_cannot_appoint_a_schoolleider(client_for, kartrekker, zonnebloem):
    response = client_for(kartrekker).post(
        invite_url(zonnebloem), {"email": "baas@example.org", "role": "schoolleider"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "baas@example.org" in content  # input kept
    assert "Selecteer een geldige keuze" in content
    assert not Invitation.objects.exists()


def test_trainer_invitation_needs_a_kind(client_for, schoolleider, zonnebloem):
    response = client_for(schoolleider).post(
        invite_url(zonnebloem), {"email": "t@example.org", "role": "trainer"}
    )
    assert response.status_code == 400
    assert "intern of extern" in response.content.decode()


def test_removed_member_loses_access_on_next_request(
    client_for, schoolleider, werkgroeplid, zonnebloem
):
    werkgroep_client = client_for(werkgroeplid)
    assert werkgroep_client.get(zonnebloem.get_absolute_url()).status_code == 200
    membership = Membership.objects.get(user=werkgroeplid, school=zonnebloem)
    url = reverse("remove_member", args=[zonnebloem.slug, membership.pk])
    assert client_for(schoolleider).get(url).status_code == 200  # confirmation page
    assert client_for(schoolleider).post(url).status_code == 302
    assert werkgroep_client.get(zonnebloem.get_absolute_url()).status_code == 404
    event = AuditEvent.objects.get(kind="membership_removed")
    assert event.subject == werkgroeplid.email and event.actor_email == schoolleider.email


def test_kartrekker_cannot_remove_or_demote_the_schoolleider(
    client_for, kartrekker, schoolleider, zonnebloem
):
    membership = Membership.objects.get(user=schoolleider, school=zonnebloem)
    client = client_for(kartrekker)
    client.post(reverse("remove_member", args=[zonnebloem.slug, membership.pk]))
    client.post(
        reverse("change_roles", args=[zonnebloem.slug, membership.pk]), {"roles": ["teamlid"]}
    )
    membership.refresh_from_db()
    assert membership.roles == {"schoolleider"}


def test_nobody_changes_their_own_roles(client_for, schoolleider, zonnebloem):
    own = Membership.objects.get(user=schoolleider, school=zonnebloem)
    client_for(schoolleider).post(
        reverse("change_roles", args=[zonnebloem.slug, own.pk]), {"roles": ["teamlid"]}
    )
    own.refresh_from_db()
    assert own.roles == {"schoolleider"}


def test_schoolleider_changes_roles_and_it_is_audited(
    client_for, schoolleider, werkgroeplid, zonnebloem
):
    membership = Membership.objects.get(user=werkgroeplid, school=zonnebloem)
    url = reverse("change_roles", args=[zonnebloem.slug, membership.pk])
    response = client_for(schoolleider).post(url, {"roles": ["kartrekker", "teamlid"]})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.roles == {"kartrekker", "teamlid"}
    assert AuditEvent.objects.filter(kind="roles_changed", subject=werkgroeplid.email).exists()


def test_roles_form_requires_a_role(client_for, schoolleider, werkgroeplid, zonnebloem):
    membership = Membership.objects.get(user=werkgroeplid, school=zonnebloem)
    url = reverse("change_roles", args=[zonnebloem.slug, membership.pk])
    response = client_for(schoolleider).post(url, {"roles": []})
    assert response.status_code == 400
    assert "Dit veld is verplicht" in response.content.decode()


def test_membership_of_another_school_is_404_even_for_a_schoolleider(
    client_for, schoolleider, zonnebloem, vlinder
):
    other = Membership.objects.filter(school=vlinder).first()
    url = reverse("remove_member", args=[zonnebloem.slug, other.pk])
    assert client_for(schoolleider).post(url).status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()


def test_board_member_reads_but_cannot_manage(client_for, bestuurslid, zonnebloem, kompas):
    client = client_for(bestuurslid)
    assert client.get(zonnebloem.get_absolute_url()).status_code == 200
    assert client.get(reverse("member_list", args=[kompas.slug])).status_code == 200
    assert (
        client.post(invite_url(zonnebloem), {"email": "a@b.nl", "role": "teamlid"}).status_code
        == 403
    )


@pytest.mark.parametrize("extra_members", [0, 25])
def test_members_page_query_count_does_not_grow_with_members(
    client_for, schoolleider, zonnebloem, django_assert_num_queries, extra_members
):
    MembershipFactory.create_batch(extra_members, school=zonnebloem)
    client = client_for(schoolleider)
    client.get(zonnebloem.get_absolute_url())  # warm the session
    # session, user, school access, members, invitations; the kartrekker profile
    # (sections, items) for whoever may appoint one
    with django_assert_num_queries(7):
        assert client.get(reverse("member_list", args=[zonnebloem.slug])).status_code == 200


def test_invite_form_has_no_preselected_role(client_for, schoolleider, zonnebloem):
    client = client_for(schoolleider)
    page = client.get(reverse("member_list", args=[zonnebloem.slug])).content.decode()
    assert '<option value="" selected>Kies een rol</option>' in page
    response = client.post(invite_url(zonnebloem), {"email": "iemand@example.org", "role": ""})
    assert response.status_code == 400
    assert "Dit veld is verplicht" in response.content.decode()
    assert not Invitation.objects.exists()
