from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from phases.models import (
    AgendaPart,
    AgendaPrompt,
    AgendaTheme,
    Attendance,
    CalendarFeed,
    DrivingActivity,
    FacilitatedHours,
    Implementation,
    Phase,
    StandardAction,
    TimelineAction,
    TrainingGroup,
    TrainingSession,
    Voorgesprek,
)


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "duration"]


@admin.register(DrivingActivity)
class DrivingActivityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(StandardAction)
class StandardActionAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "phase",
        "timing",
        "start_offset_months",
        "end_offset_months",
        "recurrence",
    ]
    list_filter = ["phase", "recurrence", "driving_activities"]
    filter_horizontal = ["driving_activities"]
    search_fields = ["title", "goal"]


@admin.register(Implementation)
class ImplementationAdmin(SimpleHistoryAdmin):
    list_display = ["school", "t0", "phase_override"]


@admin.register(TimelineAction)
class TimelineActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "school", "phase", "planned_start", "planned_end", "status"]
    list_filter = ["school", "phase", "status"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0


@admin.register(TrainingSession)
class TrainingSessionAdmin(SimpleHistoryAdmin):
    list_display = ["display_title", "school", "date", "start_time", "end_time"]
    list_filter = ["school", "kind"]
    inlines = [AttendanceInline]


@admin.register(TrainingGroup)
class TrainingGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "participant_count"]


admin.site.register(FacilitatedHours)
admin.site.register(CalendarFeed)


class AgendaPromptInline(admin.TabularInline):
    model = AgendaPrompt
    extra = 0
    fields = ["order", "code", "text", "help_text", "answer_kind"]


@admin.register(AgendaPart)
class AgendaPartAdmin(admin.ModelAdmin):
    list_display = ["number", "title"]


@admin.register(AgendaTheme)
class AgendaThemeAdmin(admin.ModelAdmin):
    list_display = ["title", "part", "kind", "order"]
    list_filter = ["part"]
    inlines = [AgendaPromptInline]


@admin.register(Voorgesprek)
class VoorgesprekAdmin(admin.ModelAdmin):
    list_display = ["school", "kind", "date", "decision"]
    list_filter = ["kind", "decision", "school"]
    exclude = ["field_state"]
