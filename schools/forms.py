from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from schools.kartrekkers import checklist_items, group_by_section
from schools.models import Role, TrainerKind, UserManager


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form (fields `username` and `password`), labelled for e-mail."""

    username = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _(
            "Dit e-mailadres en wachtwoord horen niet bij elkaar. Let op: het wachtwoord "
            "is hoofdlettergevoelig."
        ),
        "inactive": _("Dit account is niet actief."),
    }

    def clean_username(self):
        return UserManager.normalize_email(self.cleaned_data["username"])


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres"), max_length=254)
    role = forms.ChoiceField(label=_("Rol"))
    trainer_kind = forms.ChoiceField(
        label=_("Soort trainer"),
        choices=[("", "—"), *TrainerKind.choices],
        required=False,
        help_text=_("Alleen voor trainers: intern (van de school) of extern."),
    )

    def __init__(self, *args, assignable_roles, **kwargs):
        super().__init__(*args, **kwargs)
        # No preselected role: handing out a leading role must be a deliberate choice.
        self.fields["role"].choices = [
            ("", _("Kies een rol")),
            *((r, Role(r).label) for r in assignable_roles),
        ]

    def clean_email(self):
        return UserManager.normalize_email(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Role.TRAINER and not cleaned.get("trainer_kind"):
            self.add_error("trainer_kind", _("Kies of de trainer intern of extern is."))
        if cleaned.get("role") != Role.TRAINER:
            cleaned["trainer_kind"] = ""
        return cleaned


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Rollen"), widget=forms.CheckboxSelectMultiple, choices=Role.choices
    )
    trainer_kind = forms.ChoiceField(
        label=_("Soort trainer"), choices=[("", "—"), *TrainerKind.choices], required=False
    )

    kartrekker_checklist = forms.ModelMultipleChoiceField(
        label=_("Kartrekkersprofiel: besproken of overwogen"),
        queryset=checklist_items(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Niet verplicht. Vink aan wat je bij het aanstellen hebt besproken of overwogen; "
            "het blijft bewaard bij deze persoon."
        ),
    )

    def __init__(self, *args, membership, assignable_roles, **kwargs):
        self.membership = membership
        self.assignable_roles = set(assignable_roles)
        kwargs.setdefault(
            "initial",
            {
                "roles": sorted(membership.roles),
                "trainer_kind": membership.trainer_kind,
                "kartrekker_checklist": [item.pk for item in membership.kartrekker_checklist.all()],
            },
        )
        super().__init__(*args, **kwargs)

    def checklist_groups(self):
        """The profile's checklist per section, with what is ticked (kept on errors)."""
        ticked = {str(value) for value in self["kartrekker_checklist"].value() or []}
        items = self.fields["kartrekker_checklist"].queryset
        return group_by_section(items, ticked)

    def clean_roles(self):
        wanted = set(self.cleaned_data["roles"])
        current = set(self.membership.roles)
        changed = wanted ^ current
        if changed - self.assignable_roles:
            labels = ", ".join(str(Role(r).label) for r in sorted(changed - self.assignable_roles))
            raise forms.ValidationError(
                _("Je mag deze rol niet toekennen of afnemen: %(roles)s."),
                params={"roles": labels},
            )
        return wanted

    def clean(self):
        cleaned = super().clean()
        roles = cleaned.get("roles") or set()
        if Role.TRAINER in roles and not cleaned.get("trainer_kind"):
            self.add_error("trainer_kind", _("Kies of de trainer intern of extern is."))
        return cleaned


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Je naam"), max_length=150)
    password1 = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Wachtwoord nog een keer"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        elif password1:
            from schools.models import User

            probe = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
