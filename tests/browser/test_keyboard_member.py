"""A member enters a value and a comment with the keyboard only, on a phone-sized screen.

No clicks: Tab moves through the page, typing fills the fields, Enter and Space press the
buttons. After each htmx swap the focus lands on what was just added, visibly, so a keyboard
or screen-reader user knows where they are. axe checks the pages on the way.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from core.management.commands.load_demo import DEMO_PASSWORD
from debate.models import Value, ValueComment
from processes.models import Group
from tests.browser.demo import load_demo, membership

pytestmark = pytest.mark.browser

MAX_TABS = 150


def tab_to(page, selector: str) -> None:
    """Press Tab until `selector` has the focus, as a keyboard user would."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            assert focus_is_visible(page), f"{selector} has the focus but shows no outline"
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def focus_is_visible(page) -> bool:
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                || style.boxShadow !== 'none';
        }"""
    )


def test_a_member_adds_a_value_and_a_comment_with_the_keyboard_only(page_at, axe_check):
    load_demo()
    sofie = membership("sofie")
    group = Group.objects.get(name__startswith="Gruppe 2")
    page = page_at("phone")

    # Log in.
    page.goto(reverse("login"))
    tab_to(page, "#id_username")
    page.keyboard.type(sofie.user.username)
    tab_to(page, "#id_password")
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The group's debate: the value form.
    page.goto(reverse("debate:group_debate", args=[group.process_id, group.pk]))
    axe_check(page, "group debate (keyboard)")
    tab_to(page, "#id_name")
    page.keyboard.type("Faglig stolthed")
    tab_to(page, "#id_meaning")
    page.keyboard.type("Vi er stolte af det, vi laver sammen med brugerne.")
    # The optional fields sit in a disclosure: open it with the keyboard.
    tab_to(page, "#values-section form details summary")
    page.keyboard.press("Enter")
    tab_to(page, "#id_examples")
    page.keyboard.type("Svendeprøven i Træværkstedet.")
    tab_to(page, "#values-section form button[type=submit]")
    page.keyboard.press("Enter")

    value = None
    for _ in range(50):
        value = Value.objects.filter(group=group, name="Faglig stolthed").first()
        if value:
            break
        page.wait_for_timeout(100)
    assert value is not None and value.examples == "Svendeprøven i Træværkstedet."
    # After the swap the new value has the focus, visibly.
    expect(page.locator(f"#value-{value.pk}")).to_be_focused()
    assert focus_is_visible(page)

    # Open it with Enter on its link and add a comment.
    tab_to(page, f"a[href='{value.get_absolute_url()}']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page, "value page (keyboard)")
    tab_to(page, "#comments-section #id_text")
    page.keyboard.type("Det gælder også i kantinen.")
    tab_to(page, "#comments-section button[type=submit]")
    page.keyboard.press("Enter")
    comment = page.locator("#comments-section .qh-comment-list li", has_text="kantinen")
    expect(comment).to_be_focused()
    assert ValueComment.objects.get(value=value).text == "Det gælder også i kantinen."
    axe_check(page, "value page after the comment")
