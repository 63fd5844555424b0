"""The improvement chain through HTTP: a goal and its sub-goals, trial actions planned, tried,
studied and decided (plan → do → study → act, forward only), an abandoned trial kept as
learning, stale edits refused, and user text escaped."""
# ruff: noqa: F811 - the fixtures imported from chain_world are arguments of the tests

import datetime

from implementation.models import Goal, TrialAction

from .chain_world import (  # noqa: F401 - fixtures
    cast,
    chain_goal,
    chain_initiative,
    chain_trial,
    frozen_today,
    owner,
    team_external,
    team_member,
    url,
)
from .factories import GoalFactory, TrialActionFactory

Stage = TrialAction.Stage


def _ids(initiative):
    return [initiative.process_id, initiative.pk]


# -- Goals -----------------------------------------------------------------------------------


def test_the_owner_sets_the_goal_and_sees_it_in_the_chain(as_user, owner, chain_initiative):
    client = as_user(owner)
    response = client.post(
        url("goal_add", *_ids(chain_initiative)), {"text": "Alle brugere har en MUS om året"}
    )
    goal = Goal.objects.get(initiative=chain_initiative)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#goal-{goal.pk}")
    page = client.get(chain_initiative.get_absolute_url())
    assert "Alle brugere har en MUS om året" in page.content.decode()
    assert goal.parent is None


def test_a_sub_goal_is_added_under_the_goal(as_user, team_member, chain_goal):
    initiative = chain_goal.initiative
    response = as_user(team_member).post(
        url("subgoal_add", *_ids(initiative), chain_goal.pk), {"text": "Skabelon til samtalen"}
    )
    assert response.status_code == 302
    sub = Goal.objects.get(text="Skabelon til samtalen")
    assert sub.parent == chain_goal
    page = as_user(team_member).get(initiative.get_absolute_url()).content.decode()
    assert page.index("Alle brugere har en MUS-samtale") < page.index("Skabelon til samtalen")


def test_a_sub_goal_of_a_sub_goal_is_not_found(as_user, owner, chain_goal):
    sub = GoalFactory(initiative=chain_goal.initiative, parent=chain_goal)
    response = as_user(owner).post(
        url("subgoal_add", *_ids(chain_goal.initiative), sub.pk), {"text": "Tredje niveau"}
    )
    assert response.status_code == 404
    assert not Goal.objects.filter(text="Tredje niveau").exists()


def test_an_empty_goal_is_refused_with_a_message(as_user, owner, chain_initiative):
    response = as_user(owner).post(url("goal_add", *_ids(chain_initiative)), {"text": "   "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Goal.objects.exists()


def test_the_goal_is_edited(as_user, owner, chain_goal):
    client = as_user(owner)
    edit = url("goal_edit", *_ids(chain_goal.initiative), chain_goal.pk)
    seen = client.get(edit).context["form"].initial["seen"]
    response = client.post(edit, {"text": "Ny formulering", "seen": seen})
    assert response.status_code == 302
    chain_goal.refresh_from_db()
    assert chain_goal.text == "Ny formulering"


def test_an_edit_on_top_of_someone_elses_is_refused_with_both_versions(
    as_user, owner, team_member, chain_goal
):
    edit = url("goal_edit", *_ids(chain_goal.initiative), chain_goal.pk)
    seen = as_user(owner).get(edit).context["form"].initial["seen"]
    as_user(team_member).post(edit, {"text": "Kollegaens tekst", "seen": seen})
    response = as_user(owner).post(edit, {"text": "Min tekst", "seen": seen})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved a change while you were writing" in page
    assert "Kollegaens tekst" in page and "Min tekst" in page
    chain_goal.refresh_from_db()
    assert chain_goal.text == "Kollegaens tekst"
    # Saving again, now on top of the colleague's version, keeps the owner's text.
    again = response.context["form"].data["seen"]
    assert as_user(owner).post(edit, {"text": "Min tekst", "seen": again}).status_code == 302
    chain_goal.refresh_from_db()
    assert chain_goal.text == "Min tekst"


# -- Trial actions: the whole cycle ----------------------------------------------------------


def test_a_trial_goes_plan_do_study_act(as_user, owner, chain_goal):
    client = as_user(owner)
    initiative = chain_goal.initiative
    ids = _ids(initiative)
    response = client.post(
        url("trial_add", *ids),
        {
            "title": "Samtaler i værkstedet",
            "expectation": "Flere brugere siger deres mening",
            "plan": "To samtaler om ugen",
            "goal": chain_goal.pk,
        },
    )
    trial = TrialAction.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("trial", *ids, trial.pk)
    assert (trial.stage, trial.goal, trial.created_by) == (Stage.PLAN, chain_goal, owner)

    response = client.post(
        url("trial_do", *ids, trial.pk),
        {"started_on": "2027-03-01", "ended_on": "2027-04-26", "do_notes": "Det gik fint"},
    )
    assert response.status_code == 302
    trial.refresh_from_db()
    assert (trial.stage, trial.started_on) == (Stage.DO, datetime.date(2027, 3, 1))

    client.post(url("trial_study", *ids, trial.pk), {"study": "Halvdelen deltog"})
    trial.refresh_from_db()
    assert (trial.stage, trial.study) == (Stage.STUDY, "Halvdelen deltog")

    client.post(
        url("trial_act", *ids, trial.pk),
        {"decision": "adopt", "learning": "Korte samtaler virker", "decided_on": "2027-05-03"},
    )
    trial.refresh_from_db()
    assert (trial.stage, trial.decision) == (Stage.ACT, "adopt")
    assert trial.decided_on == datetime.date(2027, 5, 3)

    page = client.get(url("trial", *ids, trial.pk)).content.decode()
    for text in ("Flere brugere siger deres mening", "Det gik fint", "Halvdelen deltog"):
        assert text in page
    assert "Korte samtaler virker" in page


def test_an_abandoned_trial_stays_visible_as_learning(as_user, owner, member, chain_initiative):
    trial = TrialActionFactory(
        initiative=chain_initiative,
        title="Fælles morgenmøde",
        stage=Stage.STUDY,
        started_on=datetime.date(2027, 2, 1),
        do_notes="Prøvet i fire uger",
        study="Ingen kom",
    )
    response = as_user(owner).post(
        url("trial_act", *_ids(chain_initiative), trial.pk),
        {"decision": "abandon", "learning": "Morgenen passer ikke", "decided_on": "2027-03-01"},
    )
    assert response.status_code == 302
    page = as_user(member).get(chain_initiative.get_absolute_url()).content.decode()
    assert "Fælles morgenmøde" in page
    assert "Abandoned — what we learned:" in page
    assert "Morgenen passer ikke" in page
    detail = as_user(member).get(url("trial", *_ids(chain_initiative), trial.pk))
    assert "Abandoned — what we learned:" in detail.content.decode()


def test_a_trial_cannot_go_back_a_stage(as_user, owner, chain_initiative):
    trial = TrialActionFactory(
        initiative=chain_initiative,
        stage=Stage.STUDY,
        started_on=datetime.date(2027, 2, 1),
        do_notes="Første version",
        study="Noget skete",
    )
    response = as_user(owner).post(
        url("trial_do", *_ids(chain_initiative), trial.pk),
        {"started_on": "2027-02-01", "do_notes": "Omskrevet"},
    )
    assert response.status_code == 200
    assert "This trial has already reached “Study”" in response.content.decode()
    trial.refresh_from_db()
    assert (trial.stage, trial.do_notes) == (Stage.STUDY, "Første version")


def test_a_trial_cannot_skip_a_stage(as_user, owner, chain_trial):
    response = as_user(owner).post(
        url("trial_study", *_ids(chain_trial.initiative), chain_trial.pk),
        {"study": "Sprang over"},
    )
    assert response.status_code == 200
    assert "Record “Do” first" in response.content.decode()
    chain_trial.refresh_from_db()
    assert (chain_trial.stage, chain_trial.study) == (Stage.PLAN, "")


def test_a_closed_stage_page_explains_instead_of_showing_a_form(as_user, owner, chain_initiative):
    trial = TrialActionFactory(initiative=chain_initiative, stage=Stage.DO)
    response = as_user(owner).get(url("trial_plan", *_ids(chain_initiative), trial.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "A trial moves forward only" in page
    assert 'name="expectation"' not in page


def test_the_plan_is_changed_while_still_planned(as_user, owner, chain_trial):
    client = as_user(owner)
    plan_url = url("trial_plan", *_ids(chain_trial.initiative), chain_trial.pk)
    seen = client.get(plan_url).context["form"].initial["seen"]
    response = client.post(
        plan_url, {"title": "Nyt navn", "expectation": "Mere ro", "plan": "", "seen": seen}
    )
    assert response.status_code == 302
    chain_trial.refresh_from_db()
    assert (chain_trial.title, chain_trial.expectation) == ("Nyt navn", "Mere ro")


def test_the_current_stage_can_be_corrected(as_user, owner, chain_initiative):
    trial = TrialActionFactory(
        initiative=chain_initiative,
        stage=Stage.DO,
        started_on=datetime.date(2027, 2, 1),
        do_notes="Stavefejl",
    )
    client = as_user(owner)
    do_url = url("trial_do", *_ids(chain_initiative), trial.pk)
    seen = client.get(do_url).context["form"].initial["seen"]
    response = client.post(
        do_url, {"started_on": "2027-02-01", "do_notes": "Rettet tekst", "seen": seen}
    )
    assert response.status_code == 302
    trial.refresh_from_db()
    assert (trial.stage, trial.do_notes) == (Stage.DO, "Rettet tekst")


BAD_STAGE_INPUT = [
    ("trial_add", {"title": "", "expectation": "Noget"}, "This field is required."),
    ("trial_add", {"title": "Forsøg", "expectation": ""}, "This field is required."),
    ("trial_do", {"started_on": "", "do_notes": "Fint"}, "This field is required."),
    ("trial_do", {"started_on": "2027-13-40", "do_notes": "Fint"}, "Enter a valid date."),
    (
        "trial_do",
        {"started_on": "2027-07-01", "do_notes": "Fint"},
        "1 July 2027 is in the future: today is 1 June 2027.",
    ),
    (
        "trial_do",
        {"started_on": "2027-03-01", "ended_on": "2027-02-01", "do_notes": "Fint"},
        "The trial cannot end before it began (1 March 2027).",
    ),
    ("trial_do", {"started_on": "2027-03-01", "do_notes": "  "}, "This field is required."),
]


def test_bad_input_gives_a_message_and_saves_nothing(as_user, owner, chain_trial):
    client = as_user(owner)
    ids = _ids(chain_trial.initiative)
    for name, data, message in BAD_STAGE_INPUT:
        args = ids if name == "trial_add" else [*ids, chain_trial.pk]
        response = client.post(url(name, *args), data)
        assert response.status_code == 200, (name, data)
        assert message in response.content.decode(), (name, data)
    assert TrialAction.objects.count() == 1
    chain_trial.refresh_from_db()
    assert (chain_trial.stage, chain_trial.do_notes, chain_trial.started_on) == (
        Stage.PLAN,
        "",
        None,
    )


def test_a_decision_needs_a_choice_and_what_was_learned(as_user, owner, chain_initiative):
    trial = TrialActionFactory(initiative=chain_initiative, stage=Stage.STUDY, study="Noget")
    act_url = url("trial_act", *_ids(chain_initiative), trial.pk)
    for data in (
        {"decision": "", "learning": "Noget", "decided_on": "2027-05-01"},
        {"decision": "delete", "learning": "Noget", "decided_on": "2027-05-01"},
        {"decision": "abandon", "learning": "", "decided_on": "2027-05-01"},
        {"decision": "adopt", "learning": "Noget", "decided_on": "2027-01-15"},
        {"decision": "adopt", "learning": "Noget", "decided_on": "2027-06-02"},
    ):
        response = as_user(owner).post(act_url, data)
        assert response.status_code == 200
        assert 'class="alert alert-error"' in response.content.decode()
    trial.refresh_from_db()
    assert (trial.stage, trial.decision) == (Stage.STUDY, "")


def test_a_trial_can_only_serve_a_goal_of_its_own_initiative(
    as_user, owner, chain_initiative, process
):
    from .factories import InitiativeFactory

    GoalFactory(initiative=chain_initiative)
    foreign_goal = GoalFactory(initiative=InitiativeFactory(process=process))
    response = as_user(owner).post(
        url("trial_add", *_ids(chain_initiative)),
        {"title": "Forsøg", "expectation": "Noget", "goal": foreign_goal.pk},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not TrialAction.objects.exists()


# -- Reading the chain -----------------------------------------------------------------------


def test_the_chain_shows_goal_sub_goals_and_trials_with_their_stage(as_user, member, chain_goal):
    initiative = chain_goal.initiative
    sub = GoalFactory(initiative=initiative, parent=chain_goal, text="Delmål om skabelonen")
    TrialActionFactory(initiative=initiative, goal=sub, title="Skabelon prøvet", stage=Stage.DO)
    TrialActionFactory(initiative=initiative, goal=None, title="Løst forsøg")
    page = as_user(member).get(initiative.get_absolute_url()).content.decode()
    assert page.index("Delmål om skabelonen") < page.index("Skabelon prøvet")
    assert "Løst forsøg" in page
    assert "Trial actions not tied to a sub-goal" in page
    assert 'class="step-indicator qh-pdsa"' in page
    assert "the trial is here" in page
    # A reader gets no editing links.
    assert url("goal_add", *_ids(initiative)) not in page
    assert url("trial_add", *_ids(initiative)) not in page


def test_editors_see_the_links_to_add_to_the_chain(as_user, team_member, chain_goal):
    initiative = chain_goal.initiative
    page = as_user(team_member).get(initiative.get_absolute_url()).content.decode()
    assert url("subgoal_add", *_ids(initiative), chain_goal.pk) in page
    assert url("trial_add", *_ids(initiative)) in page


def test_a_trial_title_with_markup_is_escaped(as_user, owner, chain_initiative):
    trial = TrialActionFactory(
        initiative=chain_initiative,
        title="<script>alert(1)</script>",
        started_on=datetime.date(2027, 2, 1),
    )
    trial_url = url("trial", *_ids(chain_initiative), trial.pk)
    for page_url in (chain_initiative.get_absolute_url(), trial_url):
        page = as_user(owner).get(page_url).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
