from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from schools import invitations
from schools.access import accessible_schools
from schools.forms import AcceptInvitationForm
from schools.models import Invitation, User


@login_required
def home(request):
    schools = list(accessible_schools(request.user).order_by("name"))
    if len(schools) == 1:
        return redirect(schools[0])
    return TemplateResponse(request, "schools/home.html", {"schools": schools})


def accept_invitation(request, token):
    invitation = Invitation.find_usable(token)
    if invitation is None:
        return TemplateResponse(request, "schools/invitation_invalid.html", status=404)
    existing_account = User.objects.filter(email=invitation.email).exists()
    form = (
        None
        if existing_account
        else AcceptInvitationForm(
            request.POST if request.method == "POST" else None, email=invitation.email
        )
    )
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            user = invitations.accept(
                request=request,
                invitation=invitation,
                full_name=form.cleaned_data["full_name"] if form else "",
                password=form.cleaned_data["password1"] if form else None,
            )
        except Invitation.DoesNotExist:
            return TemplateResponse(request, "schools/invitation_invalid.html", status=404)
        if existing_account:
            messages.success(
                request,
                _("Je hebt nu toegang tot %(school)s. Log in met je bestaande wachtwoord.")
                % {"school": invitation.school},
            )
            return redirect("login")
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welkom bij %(school)s.") % {"school": invitation.school})
        return redirect(invitation.school)
    return TemplateResponse(
        request,
        "schools/invitation_accept.html",
        {"invitation": invitation, "form": form, "existing_account": existing_account},
        status=400 if request.method == "POST" else 200,
    )
