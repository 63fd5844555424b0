from django.contrib import admin

from .models import AnonymisationRecord, RetentionPolicy


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(admin.ModelAdmin):
    list_display = ["organisation", "months", "updated_at"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation", "updated_by"]


@admin.register(AnonymisationRecord)
class AnonymisationRecordAdmin(admin.ModelAdmin):
    """The log is read, never written, here: an anonymisation goes through its service."""

    list_display = ["reference", "organisation", "reason", "created_at"]
    list_select_related = ["organisation"]
    readonly_fields = ["reference", "organisation", "reason", "actor", "summary", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
