from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ontwikkelmodel.models import (
    Accent,
    ChecklistParticipant,
    ChecklistQuestion,
    ChecklistRound,
    ChecklistRoundStatement,
    ChecklistVersion,
    Descriptor,
    Groeilaag,
    IndividualAnswer,
    JointAnswer,
    KnowledgeElement,
    ModelVersion,
    ModuleLink,
    Participant,
    Ronde,
    Statement,
)


@admin.register(ModelVersion)
class ModelVersionAdmin(admin.ModelAdmin):
    list_display = ["name", "is_current"]


@admin.register(Groeilaag)
class GroeilaagAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "version"]
    list_filter = ["version"]


class DescriptorInline(admin.StackedInline):
    model = Descriptor
    extra = 0
    max_num = 4


@admin.register(Accent)
class AccentAdmin(admin.ModelAdmin):
    list_display = ["name", "groeilaag", "order", "code"]
    list_filter = ["groeilaag__version", "groeilaag"]
    list_select_related = ["groeilaag"]
    inlines = [DescriptorInline]


@admin.register(KnowledgeElement)
class KnowledgeElementAdmin(admin.ModelAdmin):
    list_display = ["order", "name", "version"]
    list_filter = ["version"]


@admin.register(ModuleLink)
class ModuleLinkAdmin(admin.ModelAdmin):
    list_display = ["module", "title", "version"]
    list_filter = ["version"]
    filter_horizontal = ["groeilagen"]


# Rondes: the pages are the way to work; the admin is for repairs.


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    fields = ["user", "name", "role_label", "submitted_at", "saved_at"]
    readonly_fields = ["saved_at"]
    raw_id_fields = ["user"]


@admin.register(Ronde)
class RondeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "school", "step", "deadline", "created_at"]
    list_filter = ["step", "school"]
    list_select_related = ["school"]
    search_fields = ["title", "school__name"]
    readonly_fields = ["created_at", "joint_version", "joint_saved_by", "joint_saved_at"]
    raw_id_fields = ["created_by"]
    inlines = [ParticipantInline]


@admin.register(IndividualAnswer)
class IndividualAnswerAdmin(admin.ModelAdmin):
    list_display = ["participant", "accent", "groeifase", "priority"]
    list_filter = ["participant__ronde__school", "participant__ronde"]
    list_select_related = ["participant", "accent"]
    raw_id_fields = ["participant"]


@admin.register(JointAnswer)
class JointAnswerAdmin(SimpleHistoryAdmin):
    list_display = ["ronde", "accent", "groeifase", "priority"]
    list_filter = ["ronde__school", "ronde"]
    list_select_related = ["ronde", "accent"]
    raw_id_fields = ["ronde"]


# Leader checklist (Bijlage 6): the statements are data the beheerder maintains.
# Editing, reordering or retiring a statement changes new rounds only: a round copies
# its statements when it opens (ChecklistRoundStatement).


@admin.register(ChecklistVersion)
class ChecklistVersionAdmin(admin.ModelAdmin):
    list_display = ["name", "is_current"]
    list_editable = ["is_current"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["order", "text", "accent_code", "source", "is_active", "version"]
    list_display_links = ["text"]
    list_editable = ["order", "is_active"]
    list_filter = ["version", "accent_code", "is_active", "source"]
    list_select_related = ["version"]
    search_fields = ["text", "code"]
    ordering = ["version", "order", "pk"]


@admin.register(ChecklistQuestion)
class ChecklistQuestionAdmin(admin.ModelAdmin):
    list_display = ["order", "text", "step", "version"]
    list_display_links = ["text"]
    list_editable = ["order"]
    list_filter = ["version", "step"]
    list_select_related = ["version"]


class ChecklistParticipantInline(admin.TabularInline):
    model = ChecklistParticipant
    extra = 0
    fields = ["user", "name", "submitted_at", "shares_own_answers", "pair"]
    raw_id_fields = ["user"]


class ChecklistRoundStatementInline(admin.TabularInline):
    model = ChecklistRoundStatement
    extra = 0
    fields = ["order", "accent_code", "text"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ChecklistRound)
class ChecklistRoundAdmin(SimpleHistoryAdmin):
    """For repairs. Individual answers are not shown here: they belong to the participant."""

    list_display = ["title", "school", "created_at", "closed_at", "share_team_result_with_board"]
    list_filter = ["school", "share_team_result_with_board"]
    list_select_related = ["school"]
    search_fields = ["title", "school__name"]
    readonly_fields = ["created_at", "version"]
    raw_id_fields = ["opened_by"]
    inlines = [ChecklistParticipantInline, ChecklistRoundStatementInline]
