from django.contrib import admin

from .models import Comment, Meeting, Proposal, Series, SignUp, Story


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "process"]
    list_select_related = ["process"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["series", "date", "start_time", "place", "capacity"]
    list_select_related = ["series"]
    raw_id_fields = ["host"]


@admin.register(SignUp)
class SignUpAdmin(admin.ModelAdmin):
    list_display = ["meeting", "membership", "status", "created_at"]
    raw_id_fields = ["meeting", "membership"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "process", "status", "created_at"]
    raw_id_fields = ["initiative", "theme", "author", "meeting", "adopted_as", "decided_by"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["initiative", "created_at"]
    raw_id_fields = ["initiative", "author", "meeting"]


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "initiative", "featured_at", "created_at"]
    raw_id_fields = ["initiative", "author", "featured_by"]
