from django.contrib import admin

from organisations.models import Invitation, Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "department", "professional_background", "start_year", "is_external"]
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "country", "created_at"]
    list_filter = ["country"]
    search_fields = ["name", "slug"]
    readonly_fields = ["created_at"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "department", "is_external", "created_at"]
    list_filter = ["role", "is_external", "organisation"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["email"]
    list_select_related = ["organisation"]
    # The token is the secret in the link: never shown, never edited here.
    exclude = ["token"]
    readonly_fields = ["invited_by", "created_at", "accepted_at"]
    autocomplete_fields = ["organisation"]
