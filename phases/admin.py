from django.contrib import admin
from django.db.models import Count
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
    Ontwikkelpunt,
    Phase,
    ReflectionAnswer,
    ReflectionAnswerText,
    ReflectionQuestion,
    ReflectionQuestionTemplate,
    ReflectionReminder,
    ReflectionRound,
    ReflectionTopic,
    StandardAction,
    TimelineAction,
    TopicTemplate,
    TrainingGroup,
    TrainingSession,
    Voorgesprek,
    Werkmoment,
    WerkmomentPart,
    WerkmomentPartTemplate,
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


# Werkmomenten and the team's reflection --------------------------------------
# Staff edit the content (structure, questions, topics). Team answers are read-only
# here and never show who wrote them: the author (`respondent`) and the keyed hash
# (`respondent_key`) are left out of every list, form and filter.


@admin.register(WerkmomentPartTemplate)
class WerkmomentPartTemplateAdmin(admin.ModelAdmin):
    list_display = ["order", "title", "minutes"]
    list_display_links = ["title"]


@admin.register(ReflectionQuestionTemplate)
class ReflectionQuestionTemplateAdmin(admin.ModelAdmin):
    list_display = ["text", "code", "order", "active"]
    list_filter = ["active"]


@admin.register(TopicTemplate)
class TopicTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "order", "active"]
    list_filter = ["active"]


class WerkmomentPartInline(admin.TabularInline):
    model = WerkmomentPart
    extra = 0
    fields = ["order", "title", "minutes", "description"]


class OntwikkelpuntInline(admin.TabularInline):
    model = Ontwikkelpunt
    extra = 0
    fields = ["kind", "text", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Werkmoment)
class WerkmomentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "school_name"]
    list_filter = ["session__school"]
    list_select_related = ["session__school"]
    fields = ["session", "after_session", "preparation", "notes", "chosen_topics"]
    raw_id_fields = ["session", "after_session"]
    filter_horizontal = ["chosen_topics"]
    inlines = [WerkmomentPartInline, OntwikkelpuntInline]

    @admin.display(description="school")
    def school_name(self, obj):
        return obj.session.school.name


class ReflectionQuestionInline(admin.TabularInline):
    model = ReflectionQuestion
    extra = 0
    fields = ["order", "text", "help_text"]


class ReflectionTopicInline(admin.TabularInline):
    model = ReflectionTopic
    extra = 0
    fields = ["order", "title", "description"]


@admin.register(ReflectionRound)
class ReflectionRoundAdmin(admin.ModelAdmin):
    list_display = ["__str__", "anonymous", "closes_on", "closed_at", "answer_count"]
    list_filter = ["anonymous", "werkmoment__session__school"]
    fields = ["werkmoment", "anonymous", "intro", "closes_on", "sent_at", "sent_by", "closed_at"]
    readonly_fields = ["werkmoment", "anonymous", "sent_at", "sent_by"]
    inlines = [ReflectionQuestionInline, ReflectionTopicInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("werkmoment__session")
            .annotate(n_answers=Count("answers"))
        )

    @admin.display(description="antwoorden", ordering="n_answers")
    def answer_count(self, obj):
        return obj.n_answers

    def has_add_permission(self, request):
        return False  # rounds are sent from the werkmoment page, with their copies


class ReflectionAnswerTextInline(admin.StackedInline):
    model = ReflectionAnswerText
    extra = 0
    fields = ["question", "text"]
    readonly_fields = ["question", "text"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReflectionAnswer)
class ReflectionAnswerAdmin(admin.ModelAdmin):
    """Read-only, without the author: staff may remove an answer, never see whose it is."""

    list_display = ["__str__", "round"]
    list_filter = ["round__werkmoment__session__school"]
    list_select_related = ["round__werkmoment__session"]
    fields = ["round", "topics"]
    exclude = ["respondent", "respondent_key"]
    readonly_fields = ["round", "topics"]
    inlines = [ReflectionAnswerTextInline]
    ordering = ["round", "respondent_key"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReflectionReminder)
class ReflectionReminderAdmin(admin.ModelAdmin):
    list_display = ["round", "sent_at"]
    fields = ["round", "sent_at"]
    exclude = ["respondent_key"]
    readonly_fields = ["round", "sent_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
