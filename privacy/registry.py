"""The record of processing: every field that may hold personal data, and why it is kept.

One `Entry` per model. Its fields are sorted into what the privacy services do with them:

- `person`: the links from a row to a person (a foreign key or many-to-many to a membership
  or an account, or a path through other rows to one). They decide which rows a person's
  download holds. On anonymisation the links stay: they then point to "Former participant N".
- `login`: fields that hold the login name (email address) a row was made with, such as a
  login record's; they link the row to the account with that login.
- `text`: free text, names, email addresses and JSON that may name someone. A person's name
  and email address are replaced in them when the person is anonymised, and the person's
  download quotes every place that names them.
- `profile`: facts about the person (year of birth, department); emptied on anonymisation.
- `identifiers`: what identifies a person without naming them (a login's IP address, a
  session); deleted by the rules in `services.anonymise` and `services.purge`.
- `files`: stored files; the PDFs that name people are made again or withdrawn.
- `not_personal`: fields that look like they might hold personal data but do not, with why.
- `omit`: fields left out of the download (secrets, and other people's data).
- `activity`: whether the dates of a person's rows count as their activity for the retention
  period (not a reminder the system sent them).

`org` is the path from the model to its organisation's id, so an anonymisation changes only
the organisation's own rows; None for what belongs to an account rather than an
organisation.

The record page (`views.record`) is generated from these entries and the models' own field
names, and `tests/privacy/test_registry.py` walks every model of every installed app: a field
that could hold personal data and is not described here fails the test, so a model added
later is described before it ships.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# -- Why, how long and who sees it ------------------------------------------------------------

# Why.
ACCOUNT = _("To let you log in, and to send you invitations, reminders and confirmations.")
MEMBERSHIP = _(
    "To show who takes part in the organisation and in which role, and to compose groups "
    "across departments, professions and seniority (the method's “small disturbances”)."
)
INVITATION = _("To let an invited person join the organisation with the link in their email.")
PLANNING = _("To plan and run the development process: themes, seminars, agendas and groups.")
DEBATE = _(
    "The value debate: what the groups mean by their values, their examples, dilemmas and "
    "ideas, and who contributed them."
)
HISTORY = _(
    "The history of a text people edit together: who changed what and when, so that no one "
    "overwrites someone else's work unseen and a group can see how its text came about."
)
ROUNDS = _(
    "Prioritisation by dot voting: each person's dots, so no one places more than the round "
    "allows, and the results."
)
CATALOGUE = _(
    "The value and idea catalogue: the group leads' review, the leader's approval and the "
    "published editions with their PDFs."
)
IMPLEMENTATION = _(
    "Carrying out the initiatives: who owns them and takes part, what was tried and measured, "
    "and the progress updates and status reports."
)
SPREADING = _(
    "Spreading the work to the whole organisation: comments, wishes to take part, proposals, "
    "café meetings with sign-ups, and good stories."
)
EVALUATION = _(
    "Evaluating the process and the initiatives, and the quality team's reflection meetings."
)
AUDIT = _("Accountability: who moved the process on, decided, approved or signed off, and why.")
DELIVERY = _("To send each reminder once, not twice.")
SECURITY = _("Security: to stop password guessing and to keep you logged in.")
PRIVACY = _(
    "Your rights over your data: downloads of your own data, anonymisations and the "
    "retention period."
)
ADMIN_LOG = _("The site administrators' own log of changes made in the administration pages.")

# How long.
WHILE_PROCESS = _(
    "As long as the organisation keeps the process. A person's name goes when they are "
    "anonymised: when they ask, when they leave, or when the organisation's retention period "
    "runs out. What they wrote stays, as the group's work, without their name."
)
WHILE_ACCOUNT = _(
    "As long as the account is used. When the person is anonymised their name and email "
    "address are replaced, the password is removed and the account is closed."
)
WHILE_MEMBER = _(
    "As long as the person is a member. On anonymisation the profile facts are emptied and "
    "the name is replaced by “Former participant”."
)
UNTIL_USED = _(
    "Until the invitation is accepted, withdrawn or expired, and then for the days set by "
    "PRIVACY_INVITATION_KEEP_DAYS; then it is deleted every night."
)
SESSION = _(
    "Until you log out or the session expires; expired sessions are deleted every night. "
    "Password reset links are not stored at all: Django signs them, and they stop working "
    "after PASSWORD_RESET_TIMEOUT or as soon as the password changes."
)
LOGIN_LOG = _("Deleted every night once older than PRIVACY_LOGIN_LOG_DAYS days.")
EXPORT = _(
    "The file is deleted every night once it is older than PRIVACY_EXPORT_VALID_DAYS days; "
    "the row saying it was made stays without a file."
)
REMINDER = _("As long as the process; it holds no text, only that a reminder went out.")
ANONYMOUS_LOG = _(
    "As long as the organisation exists. It never says who was anonymised: only a reference, "
    "the day, the reason and who did it."
)
RETENTION = _("Until the person's name goes or the warning no longer applies.")

# Who sees it.
PERSON = _("You; the site's administrators.")
FACILITATORS = _("The organisation's facilitators; the site's administrators.")
MEMBERS = _("Every member of the organisation.")
PARTICIPANTS = _(
    "The process's participants. When the process hides its authors, only the facilitator "
    "sees who wrote what."
)
PROCESS_MEMBERS = _(
    "The organisation's members who take part in the process; external representatives only "
    "what concerns them."
)
INITIATIVE_PEOPLE = _(
    "The organisation's members; external representatives only the initiatives they take part in."
)
NOBODY_ELSE = _("Only the system, to keep the rules; the site's administrators.")
ADMINISTRATORS = _("The site's administrators.")


@dataclass(frozen=True)
class Entry:
    model: str
    purpose: Promise
    retention: Promise
    visibility: Promise
    org: str | None
    person: tuple[str, ...] = ()
    login: tuple[str, ...] = ()
    text: tuple[str, ...] = ()
    profile: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    not_personal: dict[str, Promise] = field(default_factory=dict)
    omit: tuple[str, ...] = ()
    # Whether the dates of the rows linked to a person count as their activity (see
    # services.retention); not for reminders the system sent them or the privacy rows.
    activity: bool = True

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    @property
    def covered(self) -> set[str]:
        return {
            *(path.split("__")[0] for path in self.person if path != "self"),
            *self.login,
            *self.text,
            *self.profile,
            *self.identifiers,
            *self.files,
            *self.not_personal,
        }

    def person_targets(self) -> list[tuple[str, str]]:
        """(path, "user" or "membership") for each of `person`."""
        return [(path, target_of(self.model_class, path)) for path in self.person]


def target_of(model: type[models.Model], path: str) -> str:
    """Whether `path` from `model` ends at an account ("user") or a membership."""
    if path == "self":
        current = model
    else:
        current = model
        for part in path.split("__"):
            current = current._meta.get_field(part).related_model
    label = current._meta.label
    if label == settings.AUTH_USER_MODEL:
        return "user"
    if label == "organisations.Membership":
        return "membership"
    raise ValueError(f"{model._meta.label}.{path} leads to {label}, not to a person")


# -- Shared reasons for fields that are not personal ------------------------------------------

CODE = _("A code the system uses; says nothing about a person.")
CHECKSUM = _("A checksum of a file.")
TECHNICAL_ERROR = _("A technical error message from making a file.")
LANGUAGE = _("A language code.")
REFERENCE_DATA = _("The value universe's fixed texts, the same for every organisation.")


def _p(org_path: str) -> str:
    """The organisation path below a process: `_p("group__")` → group__process__organisation_id."""
    return f"{org_path}process__organisation_id"


ENTRIES: list[Entry] = [
    # -- Accounts and organisations -----------------------------------------------------------
    Entry(
        "auth.User",
        ACCOUNT,
        WHILE_ACCOUNT,
        _("The members of your organisations see your name; facilitators your email address."),
        org=None,
        person=("self",),
        text=("username", "first_name", "last_name", "email"),
        identifiers=("password",),
        omit=("password",),
    ),
    Entry(
        "organisations.Organisation",
        MEMBERSHIP,
        WHILE_PROCESS,
        MEMBERS,
        org="id",
        not_personal={"name": _("The organisation's name."), "slug": CODE},
    ),
    Entry(
        "organisations.Membership",
        MEMBERSHIP,
        WHILE_MEMBER,
        _(
            "Every member sees names, roles, departments and professional backgrounds; only "
            "you and the facilitators see your year of birth."
        ),
        org="organisation_id",
        person=("user",),
        profile=(
            "department",
            "professional_background",
            "start_year",
            "birth_year",
            "is_external",
        ),
    ),
    Entry(
        "organisations.Invitation",
        INVITATION,
        UNTIL_USED,
        FACILITATORS,
        org="organisation_id",
        person=("invited_by",),
        text=("email", "first_name", "last_name", "department", "professional_background"),
        not_personal={
            "token": CODE,
            "email_error": _("The mail server's answer."),
            "email_status": _("Whether the invitation's email went out."),
            "email_sent_at": _("When the invitation's email went out."),
            "email_attempts": _("How often sending the email was tried."),
        },
        # An invitation someone sent holds the invitee's data, not the sender's.
        omit=(
            "token",
            "email",
            "first_name",
            "last_name",
            "department",
            "professional_background",
            "start_year",
        ),
    ),
    # -- Development processes ----------------------------------------------------------------
    Entry(
        "processes.ValueStream",
        PLANNING,
        WHILE_PROCESS,
        MEMBERS,
        org=None,
        not_personal={
            name: REFERENCE_DATA
            for name in (
                "name_da",
                "name_en",
                "name_nb",
                "description_da",
                "description_en",
                "description_nb",
            )
        },
    ),
    Entry(
        "processes.Process",
        PLANNING,
        WHILE_PROCESS,
        MEMBERS,
        org="organisation_id",
        person=("created_by", "participants"),
        text=("title", "purpose"),
    ),
    Entry(
        "processes.PhaseChange",
        AUDIT,
        WHILE_PROCESS,
        FACILITATORS,
        org=_p(""),
        person=("actor",),
        text=("override_reason", "unmet_requirements"),
    ),
    Entry(
        "processes.Theme",
        PLANNING,
        WHILE_PROCESS,
        PROCESS_MEMBERS,
        org=_p(""),
        text=("title", "description", "challenges"),
    ),
    Entry(
        "processes.FrameworkDocument",
        PLANNING,
        WHILE_PROCESS,
        PROCESS_MEMBERS,
        org=_p("theme__"),
        text=("title",),
        files=("file",),
        not_personal={"url": _("A link to a law, a policy or a contract.")},
    ),
    Entry(
        "processes.Seminar",
        PLANNING,
        WHILE_PROCESS,
        PROCESS_MEMBERS,
        org=_p(""),
        person=("summary_updated_by",),
        text=("title", "place", "summary"),
    ),
    Entry(
        "processes.AgendaItem",
        PLANNING,
        WHILE_PROCESS,
        PROCESS_MEMBERS,
        org=_p("seminar__"),
        person=("responsible",),
        text=("title", "notes"),
    ),
    Entry(
        "processes.Group",
        PLANNING,
        WHILE_PROCESS,
        PROCESS_MEMBERS,
        org=_p(""),
        person=("lead", "members"),
        text=("name",),
    ),
    Entry(
        "processes.GroupMembership",
        PLANNING,
        WHILE_PROCESS,
        PROCESS_MEMBERS,
        org=_p(""),
        person=("membership",),
    ),
    Entry(
        "processes.GroupMeeting",
        PLANNING,
        WHILE_PROCESS,
        PROCESS_MEMBERS,
        org=_p("group__"),
        text=("place", "notes"),
    ),
    # -- The value debate ---------------------------------------------------------------------
    Entry(
        "debate.Value",
        DEBATE,
        WHILE_PROCESS,
        PARTICIPANTS,
        org=_p("group__"),
        person=("author",),
        text=("name", "meaning", "examples", "dilemmas", "gap", "also_called"),
    ),
    Entry(
        "debate.ValueComment",
        DEBATE,
        WHILE_PROCESS,
        PARTICIPANTS,
        org=_p("value__group__"),
        person=("author",),
        text=("text",),
    ),
    Entry(
        "debate.ValueRelation",
        DEBATE,
        WHILE_PROCESS,
        PARTICIPANTS,
        org=_p("from_value__group__"),
        person=("author",),
    ),
    Entry(
        "debate.ValueRevision",
        HISTORY,
        WHILE_PROCESS,
        PARTICIPANTS,
        org=_p("value__group__"),
        person=("editor",),
        text=("data",),
    ),
    Entry(
        "debate.ValueMerge",
        HISTORY,
        WHILE_PROCESS,
        PARTICIPANTS,
        org=_p("target__group__"),
        person=("actor", "undone_by"),
        text=("undo_data",),
    ),
    Entry(
        "debate.GivenFrame",
        DEBATE,
        WHILE_PROCESS,
        PARTICIPANTS,
        org=_p("theme__"),
        person=("author",),
        text=("text", "reason"),
    ),
    Entry(
        "debate.Idea",
        DEBATE,
        WHILE_PROCESS,
        PARTICIPANTS,
        org=_p("group__"),
        person=("author", "status_changed_by"),
        text=(
            "title",
            "description",
            "improves_core_task",
            "spread_plan",
            "involved",
            "first_step",
            "rejection_reason",
        ),
    ),
    Entry(
        "debate.IdeaRevision",
        HISTORY,
        WHILE_PROCESS,
        PARTICIPANTS,
        org=_p("idea__group__"),
        person=("editor",),
        text=("data",),
    ),
    Entry(
        "debate.InfluenceItem",
        DEBATE,
        WHILE_PROCESS,
        PARTICIPANTS,
        org=_p("group__"),
        person=("author", "updated_by"),
        text=("activity", "note"),
    ),
    Entry(
        "debate.InfluenceItemRevision",
        HISTORY,
        WHILE_PROCESS,
        PARTICIPANTS,
        org=_p("group__"),
        person=("editor",),
        text=("data",),
    ),
    Entry(
        "debate.PrioritisationRound",
        ROUNDS,
        WHILE_PROCESS,
        PARTICIPANTS,
        org=_p(""),
        person=("opened_by", "closed_by"),
        text=("title",),
    ),
    Entry(
        "debate.RoundBallot",
        ROUNDS,
        WHILE_PROCESS,
        _("You see your own dots; everyone sees the results once the round closes."),
        org=_p("round__"),
        person=("voter",),
    ),
    Entry(
        "debate.Dot",
        ROUNDS,
        WHILE_PROCESS,
        _("You see your own dots; everyone sees the results once the round closes."),
        org=_p("round__"),
        person=("voter",),
    ),
    Entry(
        "live.SeminarLiveState",
        PLANNING,
        WHILE_PROCESS,
        PROCESS_MEMBERS,
        org=_p("seminar__"),
        person=("updated_by",),
        not_personal={"join_code": CODE},
    ),
    Entry(
        "live.LiveStamp",
        PLANNING,
        WHILE_PROCESS,
        NOBODY_ELSE,
        org=None,
        not_personal={"key": CODE},
    ),
    # -- The catalogue ------------------------------------------------------------------------
    Entry(
        "catalog.Edition",
        CATALOGUE,
        WHILE_PROCESS,
        MEMBERS,
        org=_p(""),
        person=("created_by", "submitted_by", "approved_by"),
        text=(
            "title",
            "foreword",
            "introduction",
            "snapshot",
            "readiness_override_reason",
            "early_start_reason",
            "approval_note",
        ),
        # The frozen snapshot lists the other participants too; the places that name you
        # are quoted in the download's "mentions".
        omit=("snapshot",),
    ),
    Entry(
        "catalog.GroupReview",
        CATALOGUE,
        WHILE_PROCESS,
        PROCESS_MEMBERS,
        org=_p("edition__"),
        person=("reviewer",),
        text=("comment",),
    ),
    Entry(
        "catalog.RenderJob",
        CATALOGUE,
        WHILE_PROCESS,
        MEMBERS,
        org=_p("edition__"),
        files=("file",),
        not_personal={"error": TECHNICAL_ERROR, "checksum": CHECKSUM},
    ),
    # -- Implementation -----------------------------------------------------------------------
    Entry(
        "implementation.Implementation",
        IMPLEMENTATION,
        WHILE_PROCESS,
        MEMBERS,
        org=_p(""),
        person=("started_by",),
    ),
    Entry(
        "implementation.Initiative",
        IMPLEMENTATION,
        WHILE_PROCESS,
        INITIATIVE_PEOPLE,
        org=_p(""),
        person=("owner", "team", "frame_signed_off_by", "created_by"),
        text=(
            "title",
            "description",
            "origin_reason",
            "lineage",
            "users_involvement",
            "frame_note",
        ),
    ),
    Entry(
        "implementation.InitiativeRevision",
        HISTORY,
        WHILE_PROCESS,
        INITIATIVE_PEOPLE,
        org=_p("initiative__"),
        person=("editor",),
        text=("data",),
    ),
    Entry(
        "implementation.StatusChange",
        AUDIT,
        WHILE_PROCESS,
        INITIATIVE_PEOPLE,
        org=_p("initiative__"),
        person=("actor",),
        text=("reason",),
    ),
    Entry(
        "implementation.Goal",
        IMPLEMENTATION,
        WHILE_PROCESS,
        INITIATIVE_PEOPLE,
        org=_p("initiative__"),
        text=("text",),
    ),
    Entry(
        "implementation.TrialAction",
        IMPLEMENTATION,
        WHILE_PROCESS,
        INITIATIVE_PEOPLE,
        org=_p("initiative__"),
        person=("created_by",),
        text=("title", "plan", "expectation", "do_notes", "study", "learning"),
    ),
    Entry(
        "implementation.Indicator",
        IMPLEMENTATION,
        WHILE_PROCESS,
        INITIATIVE_PEOPLE,
        org=_p("initiative__"),
        text=("name", "baseline_method"),
    ),
    Entry(
        "implementation.Measurement",
        IMPLEMENTATION,
        WHILE_PROCESS,
        INITIATIVE_PEOPLE,
        org=_p("indicator__initiative__"),
        person=("entered_by",),
        text=("note", "evidence"),
    ),
    Entry(
        "implementation.ProgressUpdate",
        IMPLEMENTATION,
        WHILE_PROCESS,
        INITIATIVE_PEOPLE,
        org=_p("initiative__"),
        person=("author",),
        text=("text",),
    ),
    Entry(
        "implementation.UpdateReminder",
        DELIVERY,
        REMINDER,
        NOBODY_ELSE,
        org=_p("initiative__"),
        person=("recipient",),
        activity=False,
    ),
    Entry(
        "implementation.StatusReport",
        IMPLEMENTATION,
        _(
            "As long as the process. A report that names someone who is anonymised is "
            "withdrawn (its PDF deleted); a new one can be made at once."
        ),
        _("The organisation's members (external representatives do not see the reports)."),
        org=_p(""),
        person=("requested_by",),
        text=("audience",),
        files=("file",),
        not_personal={"error": TECHNICAL_ERROR, "checksum": CHECKSUM},
    ),
    # -- Spreading ----------------------------------------------------------------------------
    Entry(
        "spreading.Series",
        SPREADING,
        WHILE_PROCESS,
        MEMBERS,
        org=_p(""),
        person=("created_by",),
        text=("title", "description", "agenda", "questions"),
    ),
    Entry(
        "spreading.Meeting",
        SPREADING,
        WHILE_PROCESS,
        MEMBERS,
        org=_p("series__"),
        person=("host",),
        text=("place",),
    ),
    Entry(
        "spreading.SignUp",
        SPREADING,
        WHILE_PROCESS,
        _("You, the meeting's host and the facilitators."),
        org=_p("meeting__series__"),
        person=("membership",),
    ),
    Entry(
        "spreading.MeetingReminder",
        DELIVERY,
        REMINDER,
        NOBODY_ELSE,
        org=_p("meeting__series__"),
        person=("membership",),
        activity=False,
    ),
    Entry(
        "spreading.Comment",
        SPREADING,
        WHILE_PROCESS,
        MEMBERS,
        org=_p("initiative__"),
        person=("author",),
        text=("text",),
    ),
    Entry(
        "spreading.Volunteer",
        SPREADING,
        WHILE_PROCESS,
        _("You, the initiative's owner and team."),
        org=_p("initiative__"),
        person=("membership",),
    ),
    Entry(
        "spreading.Proposal",
        SPREADING,
        WHILE_PROCESS,
        MEMBERS,
        org=_p(""),
        person=("author", "decided_by"),
        text=("title", "description", "decision_reason"),
    ),
    Entry(
        "spreading.Story",
        SPREADING,
        WHILE_PROCESS,
        MEMBERS,
        org=_p("initiative__"),
        person=("author", "featured_by"),
        text=("title", "text", "image_alt"),
        files=("image",),
        not_personal={"image_type": CODE},
    ),
    # -- Evaluation ---------------------------------------------------------------------------
    Entry(
        "evaluation.ProcessEvaluation",
        EVALUATION,
        WHILE_PROCESS,
        PROCESS_MEMBERS,
        org=_p(""),
        person=("created_by",),
        text=("intro",),
        not_personal={"language": LANGUAGE},
    ),
    Entry(
        "evaluation.Question",
        EVALUATION,
        WHILE_PROCESS,
        PROCESS_MEMBERS,
        org=_p("evaluation__"),
        text=("text", "help_text"),
    ),
    Entry(
        "evaluation.Respondent",
        EVALUATION,
        WHILE_PROCESS,
        _(
            "The facilitators see who has answered (for the response rate and the reminders), "
            "never what."
        ),
        org=_p("evaluation__"),
        person=("membership",),
    ),
    Entry(
        "evaluation.Response",
        EVALUATION,
        WHILE_PROCESS,
        _(
            "Anonymous answers are linked to no one. Only in an evaluation the facilitator "
            "made named before it opened does an answer say whose it is."
        ),
        org=_p("evaluation__"),
        person=("membership",),
    ),
    Entry(
        "evaluation.Answer",
        EVALUATION,
        WHILE_PROCESS,
        _(
            "The facilitators, and the participants once five or more have answered; never "
            "who answered what."
        ),
        org=_p("response__evaluation__"),
        # Only answers of a named evaluation lead to a person.
        person=("response__membership",),
        text=("text",),
    ),
    Entry(
        "evaluation.EvaluationReminder",
        DELIVERY,
        REMINDER,
        FACILITATORS,
        org=_p("evaluation__"),
        person=("requested_by",),
    ),
    Entry(
        "evaluation.InitiativeEvaluation",
        EVALUATION,
        WHILE_PROCESS,
        INITIATIVE_PEOPLE,
        org=_p("initiative__"),
        text=("background_and_goals", "practice", "results_and_effects", "users_rating_note"),
    ),
    Entry(
        "evaluation.InitiativeEvaluationRevision",
        HISTORY,
        WHILE_PROCESS,
        INITIATIVE_PEOPLE,
        org=_p("evaluation__initiative__"),
        person=("editor",),
        text=("data",),
    ),
    Entry(
        "evaluation.QualityTeam",
        EVALUATION,
        WHILE_PROCESS,
        MEMBERS,
        org="organisation_id",
        person=("created_by",),
        text=("purpose",),
        not_personal={"language": LANGUAGE},
    ),
    Entry(
        "evaluation.QualityTeamMember",
        EVALUATION,
        WHILE_MEMBER,
        MEMBERS,
        org="team__organisation_id",
        person=("membership",),
        profile=("profession",),
    ),
    Entry(
        "evaluation.ReflectionCadence",
        EVALUATION,
        WHILE_PROCESS,
        MEMBERS,
        org="team__organisation_id",
        text=("participants",),
    ),
    Entry(
        "evaluation.ReflectionQuestion",
        EVALUATION,
        WHILE_PROCESS,
        MEMBERS,
        org="team__organisation_id",
        text=("text",),
    ),
    Entry(
        "evaluation.ReflectionMeeting",
        EVALUATION,
        WHILE_PROCESS,
        MEMBERS,
        org="team__organisation_id",
        person=("created_by",),
        text=("title", "notes"),
    ),
    # -- The next cycle -----------------------------------------------------------------------
    Entry(
        "cycles.CycleLink",
        PLANNING,
        WHILE_PROCESS,
        MEMBERS,
        org=_p(""),
        person=("started_by",),
    ),
    # -- Personal data itself -----------------------------------------------------------------
    Entry(
        "privacy.DataExport",
        PRIVACY,
        EXPORT,
        PERSON,
        org=None,
        person=("user",),
        files=("file",),
        not_personal={"error": TECHNICAL_ERROR},
    ),
    Entry(
        "privacy.AnonymisationRecord",
        PRIVACY,
        ANONYMOUS_LOG,
        FACILITATORS,
        org="organisation_id",
        person=("actor",),
        not_personal={
            "reference": CODE,
            "summary": _("Counts of what was changed, never what or whose."),
        },
    ),
    Entry(
        "privacy.Pseudonym",
        PRIVACY,
        ANONYMOUS_LOG,
        MEMBERS,
        org="organisation_id",
        person=("user",),
        activity=False,
    ),
    Entry(
        "privacy.RetentionPolicy",
        PRIVACY,
        WHILE_PROCESS,
        FACILITATORS,
        org="organisation_id",
        person=("updated_by",),
    ),
    Entry(
        "privacy.RetentionNotice",
        PRIVACY,
        RETENTION,
        FACILITATORS,
        org="membership__organisation_id",
        person=("membership",),
        activity=False,
    ),
    Entry(
        "privacy.EditionNote",
        CATALOGUE,
        WHILE_PROCESS,
        MEMBERS,
        org=_p("edition__"),
        not_personal={"reference": CODE},
    ),
    # -- Django and the login protection ------------------------------------------------------
    Entry(
        "admin.LogEntry",
        ADMIN_LOG,
        WHILE_ACCOUNT,
        ADMINISTRATORS,
        org=None,
        person=("user",),
        text=("object_repr", "change_message"),
        not_personal={"object_id": _("The id of the changed row.")},
    ),
    Entry(
        "sessions.Session",
        SECURITY,
        SESSION,
        NOBODY_ELSE,
        org=None,
        identifiers=("session_data",),
        not_personal={"session_key": CODE},
        omit=("session_key", "session_data"),
    ),
    *(
        Entry(
            f"axes.{name}",
            SECURITY,
            LOGIN_LOG,
            ADMINISTRATORS,
            org=None,
            login=("username",),
            identifiers=("ip_address", "user_agent", *extra),
            not_personal={
                "http_accept": _("What the browser accepts."),
                "path_info": _("The address of the login page."),
            },
            omit=extra,
        )
        for name, extra in (
            ("AccessAttempt", ("get_data", "post_data")),
            ("AccessLog", ("session_hash",)),
            ("AccessFailureLog", ()),
        )
    ),
    Entry(
        "auth.Group",
        ADMIN_LOG,
        WHILE_ACCOUNT,
        ADMINISTRATORS,
        org=None,
        not_personal={"name": _("A permission group's name.")},
    ),
    Entry(
        "auth.Permission",
        ADMIN_LOG,
        WHILE_ACCOUNT,
        ADMINISTRATORS,
        org=None,
        not_personal={"name": CODE, "codename": CODE},
    ),
    Entry(
        "contenttypes.ContentType",
        ADMIN_LOG,
        WHILE_ACCOUNT,
        ADMINISTRATORS,
        org=None,
        not_personal={"app_label": CODE, "model": CODE},
    ),
]


@cache
def by_label() -> dict[str, Entry]:
    return {entry.model.lower(): entry for entry in ENTRIES}


def entry_for(model: type[models.Model]) -> Entry | None:
    return by_label().get(model._meta.label_lower)


def entries() -> list[Entry]:
    """The entries of the installed models (an app may be left out of INSTALLED_APPS)."""
    installed = {m._meta.label_lower for m in apps.get_models()}
    return [e for e in ENTRIES if e.model.lower() in installed]


# -- Which fields could hold personal data (what the test and the record page check) ---------

NAME_HINTS = ("name", "email", "birth", "phone", "address")


def is_person_relation(model_field: models.Field) -> bool:
    related = getattr(model_field, "related_model", None)
    if related is None or related == "self":
        return False
    return related._meta.label in (settings.AUTH_USER_MODEL, "organisations.Membership")


def candidate_fields(model: type[models.Model]) -> list[str]:
    """The model's own fields that could hold personal data: links to a person, email
    addresses, free text (not a choice), JSON, files, IP addresses and anything named like a
    name or a birth date."""
    found = []
    for model_field in model._meta.get_fields():
        if model_field.auto_created and not model_field.concrete:
            continue  # a reverse relation: described on the model it belongs to
        if not (model_field.concrete or model_field.many_to_many):
            continue
        if model_field.primary_key and not model_field.is_relation:
            continue
        name = model_field.name
        if model_field.is_relation:
            if is_person_relation(model_field):
                found.append(name)
            continue
        textual = isinstance(
            model_field,
            models.CharField
            | models.TextField
            | models.JSONField
            | models.FileField
            | models.GenericIPAddressField,
        )
        if textual and not model_field.choices or any(hint in name for hint in NAME_HINTS):
            found.append(name)
    return found


def uncovered(model: type[models.Model]) -> list[str]:
    """The model's fields that could hold personal data and that no entry describes."""
    entry = entry_for(model)
    covered = entry.covered if entry else set()
    return [name for name in candidate_fields(model) if name not in covered]
