from django.contrib import admin

from ontwikkelmodel.models import (
    Accent,
    Descriptor,
    Groeilaag,
    KnowledgeElement,
    ModelVersion,
    ModuleLink,
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
