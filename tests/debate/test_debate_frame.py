"""The given frame: the leader states what is fixed for a theme, and why."""

from django.urls import reverse

from debate.models import GivenFrame


def test_the_leader_adds_a_condition_with_its_reason(as_user, leader, theme):
    url = reverse("debate:given_frame", args=[theme.process_id, theme.pk])
    response = as_user(leader).post(
        url, {"kind": "budget", "text": "Budgettet for 2027 er vedtaget.", "reason": "Byrådet."}
    )
    condition = GivenFrame.objects.get()
    assert response.status_code == 302
    assert condition.author == leader and condition.kind == GivenFrame.Kind.BUDGET
    assert "Budgettet for 2027 er vedtaget." in as_user(leader).get(url).content.decode()


def test_a_condition_without_text_is_refused_with_a_message(as_user, leader, theme):
    url = reverse("debate:given_frame", args=[theme.process_id, theme.pk])
    response = as_user(leader).post(url, {"kind": "law", "text": "", "reason": "x"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not GivenFrame.objects.exists()


def test_the_leader_edits_and_removes_a_condition(as_user, leader, frame_condition):
    theme = frame_condition.theme
    client = as_user(leader)
    edit = reverse("debate:given_frame_edit", args=[theme.process_id, theme.pk, frame_condition.pk])
    client.post(edit, {"kind": "decision", "text": "Åbningstiden er besluttet.", "reason": ""})
    frame_condition.refresh_from_db()
    assert frame_condition.text == "Åbningstiden er besluttet."
    delete = reverse(
        "debate:given_frame_delete", args=[theme.process_id, theme.pk, frame_condition.pk]
    )
    assert "Remove this condition" in client.get(delete).content.decode()
    client.post(delete)
    assert not GivenFrame.objects.exists()


def test_members_read_the_frame_without_edit_links(as_user, member, frame_condition):
    theme = frame_condition.theme
    html = (
        as_user(member)
        .get(reverse("debate:given_frame", args=[theme.process_id, theme.pk]))
        .content.decode()
    )
    assert "Serviceloven § 103" in html
    assert "Add the condition" not in html
    assert "/edit/" not in html


def test_a_condition_of_another_theme_is_not_found_through_this_theme(
    as_user, leader, frame_condition, process
):
    from tests.factories import ThemeFactory

    other_theme = ThemeFactory(process=process)
    url = reverse("debate:given_frame_edit", args=[process.pk, other_theme.pk, frame_condition.pk])
    assert as_user(leader).get(url).status_code == 404
