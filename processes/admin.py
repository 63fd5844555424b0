from django.contrib import admin

from .models import (
    AgendaItem,
    FrameworkDocument,
    Group,
    GroupMeeting,
    GroupMembership,
    PhaseChange,
    Process,
    Seminar,
    Theme,
    ValueStream,
)


@admin.register(ValueStream)
class ValueStreamAdmin(admin.ModelAdmin):
    list_display = ["number", "name_da", "name_en", "name_nb"]
    ordering = ["number"]


class PhaseChangeInline(admin.TabularInline):
    model = PhaseChange
    extra = 0
    fields = ["created_at", "from_phase", "to_phase", "actor", "override_reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "phase", "start_date", "end_date", "created_at"]
    list_filter = ["phase", "organisation"]
    search_fields = ["title", "organisation__name"]
    date_hierarchy = "start_date"
    raw_id_fields = ["organisation", "created_by"]
    filter_horizontal = ["participants"]
    readonly_fields = ["created_at"]
    inlines = [PhaseChangeInline]


@admin.register(PhaseChange)
class PhaseChangeAdmin(admin.ModelAdmin):
    # The audit trail is read-only: a change is made through the process page only.
    list_display = ["process", "from_phase", "to_phase", "actor", "was_override", "created_at"]
    list_filter = ["to_phase"]
    list_select_related = ["process", "actor"]
    search_fields = ["process__title", "override_reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(boolean=True, description="override")
    def was_override(self, obj):
        return obj.was_override


class FrameworkDocumentInline(admin.TabularInline):
    model = FrameworkDocument
    extra = 0


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["title", "process", "position"]
    list_filter = ["process__organisation"]
    list_select_related = ["process"]
    search_fields = ["title", "process__title"]
    raw_id_fields = ["process"]
    filter_horizontal = ["value_streams"]
    inlines = [FrameworkDocumentInline]


@admin.register(FrameworkDocument)
class FrameworkDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "theme", "url", "created_at"]
    list_select_related = ["theme"]
    search_fields = ["title", "theme__title"]
    raw_id_fields = ["theme"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "title", "duration_minutes", "format", "responsible"]
    raw_id_fields = ["responsible"]


@admin.register(Seminar)
class SeminarAdmin(admin.ModelAdmin):
    list_display = ["__str__", "process", "kind", "date", "start_time", "end_time", "place"]
    list_filter = ["kind"]
    list_select_related = ["process"]
    search_fields = ["title", "process__title", "place"]
    date_hierarchy = "date"
    raw_id_fields = ["process", "summary_updated_by"]
    inlines = [AgendaItemInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["title", "seminar", "position", "duration_minutes", "format"]
    list_filter = ["format"]
    list_select_related = ["seminar"]
    search_fields = ["title", "seminar__title"]
    raw_id_fields = ["seminar", "responsible"]


class GroupMembershipInline(admin.TabularInline):
    model = GroupMembership
    extra = 0
    fields = ["membership"]
    raw_id_fields = ["membership"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "process", "theme", "lead", "max_size"]
    list_select_related = ["process", "theme", "lead__user"]
    search_fields = ["name", "process__title"]
    raw_id_fields = ["process", "theme", "lead"]
    inlines = [GroupMembershipInline]


@admin.register(GroupMembership)
class GroupMembershipAdmin(admin.ModelAdmin):
    list_display = ["membership", "group", "process"]
    list_select_related = ["membership__user", "group", "process"]
    raw_id_fields = ["group", "membership"]
    readonly_fields = ["process"]


@admin.register(GroupMeeting)
class GroupMeetingAdmin(admin.ModelAdmin):
    list_display = ["group", "date", "place"]
    list_select_related = ["group"]
    date_hierarchy = "date"
    raw_id_fields = ["group"]
