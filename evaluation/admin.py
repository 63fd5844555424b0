from django.contrib import admin

from .models import (
    InitiativeEvaluation,
    ProcessEvaluation,
    QualityTeam,
    QualityTeamMember,
    ReflectionMeeting,
    ReflectionQuestion,
)


@admin.register(ProcessEvaluation)
class ProcessEvaluationAdmin(admin.ModelAdmin):
    # Answers are not in the admin: an anonymous answer must not be looked up one by one.
    list_display = ["process", "status", "anonymous"]
    list_filter = ["status"]


@admin.register(InitiativeEvaluation)
class InitiativeEvaluationAdmin(admin.ModelAdmin):
    list_display = ["initiative", "users_rated", "updated_at"]


class SeatInline(admin.TabularInline):
    model = QualityTeamMember
    extra = 0
    raw_id_fields = ["membership"]


@admin.register(QualityTeam)
class QualityTeamAdmin(admin.ModelAdmin):
    list_display = ["organisation", "meets_every_weeks"]
    inlines = [SeatInline]


@admin.register(ReflectionQuestion)
class ReflectionQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "level", "team"]


@admin.register(ReflectionMeeting)
class ReflectionMeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "level", "held_on", "team"]
    list_filter = ["level"]
