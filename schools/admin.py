from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from schools import sessions
from schools.models import (
    AuditEvent,
    Bestuur,
    BoardMembership,
    Invitation,
    Membership,
    School,
    User,
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Persoon"), {"fields": ["full_name", "background"]}),
        (_("Rechten"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Data"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
    actions = ["end_sessions"]

    @admin.action(description=_("Alle sessies beëindigen (direct uitloggen)"))
    def end_sessions(self, request, queryset):
        for user in queryset:
            sessions.end_all(user)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Bestuur)
class BestuurAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(School)
class SchoolAdmin(SimpleHistoryAdmin):
    list_display = ["name", "brin", "school_type", "bestuur"]
    list_filter = ["school_type", "bestuur"]
    search_fields = ["name", "brin"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = [
        "user",
        "school",
        "schoolleider",
        "mt_lid",
        "kartrekker",
        "werkgroeplid",
        "trainer",
        "teamlid",
    ]
    list_filter = ["school"]
    search_fields = ["user__email", "user__full_name", "school__name"]
    autocomplete_fields = ["user", "school"]


@admin.register(BoardMembership)
class BoardMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "bestuur"]
    autocomplete_fields = ["user", "bestuur"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "school", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["school"]
    exclude = ["token_hash"]
    readonly_fields = ["created_at", "accepted_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "actor_email", "school", "subject", "ip_address"]
    list_filter = ["kind", "school"]
    search_fields = ["actor_email", "subject"]
    date_hierarchy = "at"

    # The trail is evidence: nobody edits or deletes it through the admin.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
