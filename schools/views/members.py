from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schools import audit, invitations
from schools.access import school_view
from schools.forms import InviteForm, RolesForm
from schools.kartrekkers import MIN_KARTREKKERS, profile_sections
from schools.models import Invitation, Membership
from schools.rules import assignable_roles


def members_context(request, access, invite_form=None):
    members = list(
        Membership.objects.filter(school=access.school)
        .select_related("user")
        .annotate(checklist_ticked=Count("kartrekker_checklist"))
        .order_by("user__full_name", "user__email")
    )
    can_manage = request.user.has_perm("schools.manage_members", access)
    allowed = assignable_roles(access)
    profile = profile_sections() if can_manage else []
    return {
        "access": access,
        "school": access.school,
        "members": [
            {"membership": m, "can_change": can_manage and _may_change(request, access, m, allowed)}
            for m in members
        ],
        "can_manage": can_manage,
        "open_invitations": (
            Invitation.objects.usable().filter(school=access.school) if can_manage else []
        ),
        "invite_form": invite_form
        or (InviteForm(assignable_roles=allowed) if can_manage else None),
        # Appointing kartrekkers: the profile to consider, and how many there are.
        "kartrekker_count": sum(m.kartrekker for m in members),
        "min_kartrekkers": MIN_KARTREKKERS,
        "kartrekker_profile": profile,
        "checklist_total": sum(len(s.items.all()) for s in profile if s.is_checklist),
    }


def _may_change(request, access, membership, allowed) -> bool:
    return membership.user_id != request.user.id and membership.roles <= set(allowed)


@school_view("schools.view_members")
def member_list(request, access):
    return TemplateResponse(request, "schools/members.html", members_context(request, access))


@school_view("schools.manage_members")
@require_POST
def invite(request, access):
    form = InviteForm(request.POST, assignable_roles=assignable_roles(access))
    if not form.is_valid():
        context = members_context(request, access, invite_form=form)
        return TemplateResponse(request, "schools/members.html", context, status=400)
    email = form.cleaned_data["email"]
    added = invitations.invite(
        request=request,
        school=access.school,
        email=email,
        role=form.cleaned_data["role"],
        trainer_kind=form.cleaned_data["trainer_kind"],
    )
    if added:
        messages.success(
            request, _("%(email)s had al een account en is toegevoegd.") % {"email": email}
        )
    else:
        messages.success(request, _("Uitnodiging verstuurd naar %(email)s.") % {"email": email})
    return redirect("member_list", access.school.slug)


def _changeable_membership(request, access, membership_id):
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, school=access.school
    )
    return membership, _may_change(request, access, membership, assignable_roles(access))


@school_view("schools.manage_members")
def change_roles(request, access, membership_id):
    membership, allowed = _changeable_membership(request, access, membership_id)
    if not allowed:
        messages.error(request, _("Je kunt de rollen van dit lid niet wijzigen."))
        return redirect("member_list", access.school.slug)
    form = RolesForm(
        request.POST if request.method == "POST" else None,
        membership=membership,
        assignable_roles=assignable_roles(access),
    )
    if request.method == "POST" and form.is_valid():
        membership.set_roles(form.cleaned_data["roles"])
        if membership.trainer:
            membership.trainer_kind = form.cleaned_data["trainer_kind"]
        membership.save()
        membership.kartrekker_checklist.set(form.cleaned_data["kartrekker_checklist"])
        audit.record(
            audit.Kind.ROLES_CHANGED,
            request=request,
            school=access.school,
            subject=membership.user.email,
            detail=",".join(sorted(membership.roles)),
        )
        messages.success(request, _("Rollen van %(name)s opgeslagen.") % {"name": membership.user})
        return redirect("member_list", access.school.slug)
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request,
        "schools/member_roles.html",
        {"access": access, "school": access.school, "membership": membership, "form": form},
        status=status,
    )


@school_view("schools.manage_members")
def remove_member(request, access, membership_id):
    membership, allowed = _changeable_membership(request, access, membership_id)
    if not allowed:
        messages.error(request, _("Je kunt dit lid niet verwijderen."))
        return redirect("member_list", access.school.slug)
    if request.method == "POST":
        email = membership.user.email
        membership.delete()
        audit.record(
            audit.Kind.MEMBERSHIP_REMOVED, request=request, school=access.school, subject=email
        )
        messages.success(
            request,
            _("%(email)s heeft geen toegang meer tot %(school)s.")
            % {"email": email, "school": access.school},
        )
        return redirect("member_list", access.school.slug)
    return TemplateResponse(
        request,
        "schools/member_remove.html",
        {"access": access, "school": access.school, "membership": membership},
    )


@school_view("schools.manage_members")
@require_POST
def revoke_invitation(request, access, invitation_id):
    invitation = get_object_or_404(
        Invitation.objects.usable(), pk=invitation_id, school=access.school
    )
    if invitation.role not in assignable_roles(access):
        messages.error(request, _("Je kunt deze uitnodiging niet intrekken."))
    else:
        invitation.expires_at = invitation.created_at
        invitation.save(update_fields=["expires_at"])
        messages.success(
            request, _("Uitnodiging voor %(email)s ingetrokken.") % {"email": invitation.email}
        )
    return redirect("member_list", access.school.slug)
