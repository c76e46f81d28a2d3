from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from actieplan.models import (
    Actieplan,
    Actiepunt,
    Bijeenkomst,
    Doel,
    Evaluatie,
    EvaluatieItem,
    Stap,
    Suggestion,
    Update,
)


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["title", "section", "driving_activity", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["section", "is_active", "driving_activity"]
    search_fields = ["title", "explanation", "code"]
    ordering = ["section", "order", "pk"]
    prepopulated_fields = {"code": ["title"]}
    fieldsets = [
        (None, {"fields": ["section", "title", "code", "driving_activity"]}),
        (_("Inhoud"), {"fields": ["explanation", "steps"]}),
        (_("Tonen"), {"fields": ["order", "is_active"]}),
    ]


class DoelInline(admin.TabularInline):
    model = Doel
    extra = 0
    fields = ["horizon", "text", "priority", "order", "achieved_at", "origin_label"]
    readonly_fields = ["origin_label"]


@admin.register(Actieplan)
class ActieplanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "school", "starts_on", "ends_on", "approved_at"]
    list_filter = ["period_kind", "school"]
    search_fields = ["title", "school__name"]
    date_hierarchy = "starts_on"
    raw_id_fields = ["school", "approved_by", "previous"]
    inlines = [DoelInline]


class StapInline(admin.TabularInline):
    model = Stap
    extra = 0
    fields = ["order", "text", "done_at", "done_by"]
    raw_id_fields = ["done_by"]


class UpdateInline(admin.TabularInline):
    model = Update
    extra = 0
    fields = ["created_at", "author_name", "text"]
    readonly_fields = ["created_at"]


@admin.register(Actiepunt)
class ActiepuntAdmin(SimpleHistoryAdmin):
    list_display = ["title", "actieplan", "section", "status", "due_date", "deleted_at"]
    list_filter = ["section", "status", "actieplan__school"]
    search_fields = ["title", "actieplan__title", "actieplan__school__name"]
    raw_id_fields = [
        "actieplan",
        "responsible",
        "carried_from",
        "timeline_action",
        "deleted_by",
        "updated_by",
    ]
    readonly_fields = ["version", "updated_at", "origin_label"]
    inlines = [StapInline, UpdateInline]
    history_list_display = ["status", "due_date"]


@admin.register(Bijeenkomst)
class BijeenkomstAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "actieplan", "location"]
    list_filter = ["actieplan__school"]
    date_hierarchy = "date"
    raw_id_fields = ["actieplan", "voorzitter", "tijdbewaker", "notulist"]


class EvaluatieItemInline(admin.TabularInline):
    model = EvaluatieItem
    extra = 0
    raw_id_fields = ["actiepunt"]


@admin.register(Evaluatie)
class EvaluatieAdmin(admin.ModelAdmin):
    list_display = ["__str__", "actieplan", "date", "recorded_by"]
    list_filter = ["actieplan__school"]
    date_hierarchy = "date"
    raw_id_fields = ["actieplan", "recorded_by"]
    inlines = [EvaluatieItemInline]
