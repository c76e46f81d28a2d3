"""Staff edit the library here: an aid with its sections; a section with its items."""

from django.contrib import admin

from aids.models import Aid, AidItem, AidSection


class AidSectionInline(admin.StackedInline):
    model = AidSection
    extra = 0
    fields = ["order", "title", "intro"]
    show_change_link = True  # the items of a section are edited on the section's page


@admin.register(Aid)
class AidAdmin(admin.ModelAdmin):
    list_display = ["title", "bijlage", "kind", "page_url_name", "order", "active"]
    list_filter = ["kind", "active"]
    list_editable = ["order", "active"]
    search_fields = ["title", "code", "summary"]
    inlines = [AidSectionInline]


class AidItemInline(admin.TabularInline):
    model = AidItem
    extra = 1
    fields = ["order", "title", "text", "source", "url"]


@admin.register(AidSection)
class AidSectionAdmin(admin.ModelAdmin):
    list_display = ["title", "aid", "order"]
    list_filter = ["aid"]
    list_select_related = ["aid"]
    search_fields = ["title", "items__title"]
    inlines = [AidItemInline]
