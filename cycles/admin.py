from django.contrib import admin

from .models import CycleLink


@admin.register(CycleLink)
class CycleLinkAdmin(admin.ModelAdmin):
    """Read-only: a link is made by starting the next cycle, never by hand."""

    list_display = ["previous", "process", "started_by", "started_at"]
    list_select_related = ["previous", "process", "started_by__user"]
    readonly_fields = ["previous", "process", "started_by", "started_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
