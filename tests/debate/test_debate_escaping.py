"""Whatever people type is shown as text, on every page and fragment of the debate."""

import pytest
from django.urls import reverse

from debate import services
from debate.models import GivenFrame, ValueRelation

from .factories import ValueFactory

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
LONG_WORD = "x" * 5000
ARABIC = "العدالة والمساواة"
HEBREW = "שוויון וכבוד"
EMOJI = "🤝 Fællesskab 👩🏽‍🦽"
HOSTILE = f"{SCRIPT} {ATTRIBUTE} {ARABIC} {HEBREW} {EMOJI}"
HTMX = {"HTTP_HX_REQUEST": "true"}


def assert_safe(html: str) -> None:
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.fixture
def hostile(facilitator, leader, member, group, theme, process):
    group.name = f"Gruppe {SCRIPT}"
    group.save()
    theme.title = f"Tema {ATTRIBUTE}"
    theme.description = HOSTILE
    theme.save()
    value = services.add_value(
        actor=member,
        group=group,
        name=f"{SCRIPT} {ARABIC}",
        meaning=f"{HOSTILE} {LONG_WORD}",
        examples=HOSTILE,
        dilemmas=HOSTILE,
        gap=HOSTILE,
    )
    source = ValueFactory(group=group, name=f"{ATTRIBUTE} {HEBREW}", examples=HOSTILE)
    services.merge_values(actor=facilitator, target=value, sources=[source])
    other = ValueFactory(group=group, name=f"{SCRIPT} {EMOJI}")
    services.relate_values(
        actor=member, from_value=value, to_value=other, kind=ValueRelation.Kind.TENSION
    )
    services.add_comment(actor=member, value=value, text=HOSTILE, is_disagreement=True)
    condition = services.add_frame_condition(
        actor=leader, theme=theme, text=HOSTILE, reason=HOSTILE, kind=GivenFrame.Kind.LAW
    )
    member.user.first_name = SCRIPT
    member.user.save()
    value.refresh_from_db()
    return {"value": value, "other": other, "condition": condition}


def test_every_page_escapes_hostile_input(as_user, facilitator, hostile, group, theme, process):
    client = as_user(facilitator)
    value, condition = hostile["value"], hostile["condition"]
    pages = [
        reverse("debate:overview", args=[process.pk]),
        reverse("debate:group_debate", args=[process.pk, group.pk]),
        reverse("debate:value_detail", args=[process.pk, value.pk]),
        reverse("debate:value_detail", args=[process.pk, hostile["other"].pk]),
        reverse("debate:value_edit", args=[process.pk, value.pk]),
        reverse("debate:merge", args=[process.pk, group.pk]),
        reverse("debate:given_frame", args=[process.pk, theme.pk]),
        reverse("debate:given_frame_edit", args=[process.pk, theme.pk, condition.pk]),
        reverse("debate:given_frame_delete", args=[process.pk, theme.pk, condition.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_safe(response.content.decode())


def test_long_words_and_right_to_left_text_are_kept_and_marked_for_direction(
    as_user, member, hostile
):
    html = as_user(member).get(hostile["value"].get_absolute_url()).content.decode()
    assert LONG_WORD in html
    assert ARABIC in html and HEBREW in html and EMOJI in html
    assert 'class="qh-usertext" dir="auto"' in html


def test_fragments_escape_hostile_input(as_user, member, hostile, group, process):
    client = as_user(member)
    value = hostile["value"]
    added = client.post(
        reverse("debate:group_debate", args=[process.pk, group.pk]),
        {"name": SCRIPT, "meaning": HOSTILE},
        **HTMX,
    ).content.decode()
    assert_safe(added)
    refused = client.post(
        reverse("debate:group_debate", args=[process.pk, group.pk]),
        {"name": "", "meaning": HOSTILE},
        **HTMX,
    ).content.decode()
    assert "<script>alert" not in refused and "<img src=x" not in refused
    comments = client.post(
        reverse("debate:value_comment", args=[process.pk, value.pk]),
        {"kind": "comment", "text": HOSTILE},
        **HTMX,
    ).content.decode()
    assert_safe(comments)


def test_the_conflict_page_escapes_both_versions(as_user, member, hostile, process):
    value = hostile["value"]
    response = as_user(member).post(
        reverse("debate:value_edit", args=[process.pk, value.pk]),
        {"name": SCRIPT, "meaning": ATTRIBUTE, "version": value.version - 1},
    )
    assert response.status_code == 409
    assert_safe(response.content.decode())


def test_the_merge_confirmation_escapes_names(as_user, facilitator, hostile, group, process):
    response = as_user(facilitator).post(
        reverse("debate:merge", args=[process.pk, group.pk]),
        {"target": hostile["value"].pk, "sources": [hostile["other"].pk]},
    )
    assert "Merge the values" in response.content.decode()
    assert_safe(response.content.decode())
