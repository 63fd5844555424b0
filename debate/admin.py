from django.contrib import admin

from .models import (
    GivenFrame,
    Idea,
    IdeaRevision,
    InfluenceItem,
    PrioritisationRound,
    RoundCandidate,
    Value,
    ValueComment,
    ValueMerge,
    ValueRelation,
    ValueRevision,
)


class ValueCommentInline(admin.TabularInline):
    model = ValueComment
    extra = 0
    raw_id_fields = ["author"]


@admin.register(Value)
class ValueAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "author", "is_ideal", "merged_into", "version", "updated_at"]
    list_filter = ["is_ideal", "group__process"]
    search_fields = ["name", "meaning", "also_called"]
    raw_id_fields = ["group", "author", "merged_into"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [ValueCommentInline]


@admin.register(ValueRelation)
class ValueRelationAdmin(admin.ModelAdmin):
    list_display = ["from_value", "kind", "to_value", "created_at"]
    raw_id_fields = ["from_value", "to_value", "author"]


@admin.register(ValueRevision)
class ValueRevisionAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "version", "editor", "created_at"]
    raw_id_fields = ["value", "editor"]
    readonly_fields = ["data"]


@admin.register(ValueMerge)
class ValueMergeAdmin(admin.ModelAdmin):
    list_display = ["target", "actor", "created_at", "undone_at"]
    raw_id_fields = ["target", "sources", "actor", "undone_by"]


@admin.register(GivenFrame)
class GivenFrameAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "theme", "position"]
    list_filter = ["kind"]
    raw_id_fields = ["theme", "author"]


class RoundCandidateInline(admin.TabularInline):
    model = RoundCandidate
    extra = 0
    raw_id_fields = ["value", "idea"]


@admin.register(PrioritisationRound)
class PrioritisationRoundAdmin(admin.ModelAdmin):
    list_display = ["title", "process", "group", "target", "status", "opened_at", "closed_at"]
    list_filter = ["status", "target"]
    raw_id_fields = ["process", "group", "opened_by", "closed_by", "source_rounds"]
    readonly_fields = ["opened_at", "closed_at"]
    inlines = [RoundCandidateInline]


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "author", "status", "version", "updated_at"]
    list_filter = ["status", "group__process"]
    search_fields = ["title", "description"]
    raw_id_fields = ["group", "author", "values", "seminar", "status_changed_by"]
    readonly_fields = ["version", "created_at", "updated_at"]


@admin.register(IdeaRevision)
class IdeaRevisionAdmin(admin.ModelAdmin):
    list_display = ["idea", "kind", "version", "editor", "created_at"]
    raw_id_fields = ["idea", "editor"]
    readonly_fields = ["data"]


@admin.register(InfluenceItem)
class InfluenceItemAdmin(admin.ModelAdmin):
    list_display = ["activity", "group", "column", "position", "author", "version", "updated_at"]
    list_filter = ["column", "group__process"]
    search_fields = ["activity", "note"]
    raw_id_fields = ["group", "author", "updated_by"]
    readonly_fields = ["version", "created_at", "updated_at"]
