"""The public pages and logging in, in a real browser at phone and desktop width."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser

WIDTHS = ["phone", "desktop"]


def html_lang(page) -> str:
    return page.evaluate("() => document.documentElement.lang")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("url_name", ["login", "accessibility"])
def test_the_public_page_passes_axe_without_csp_violations(
    page_at, axe_check, screenshot, url_name, width
):
    page = page_at(width)
    response = page.goto(reverse(url_name))

    assert response.status == 200
    assert page.locator("h1").count() == 1
    axe_check(page)
    screenshot(page, url_name)


def test_the_language_switcher_changes_the_page_language(page_at):
    page = page_at("phone")
    page.goto(reverse("login"))
    assert html_lang(page) == "da"

    for code in ["en", "nb"]:
        page.locator("#language-select").select_option(code)
        with page.expect_navigation():
            page.locator("form.qh-language button[type=submit]").click()

        assert html_lang(page) == code
        assert page.url.endswith(reverse("login"))
        assert page.locator("#language-select").input_value() == code


def test_a_wrong_password_shows_the_error_summary_and_moves_focus_to_it(
    page_at, login, axe_check, screenshot, facilitator
):
    page = page_at("phone")
    response = login(page, facilitator, password="not-the-password")

    assert response.status == 200
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.url.endswith(reverse("login"))
    assert summary.evaluate("el => el === document.activeElement")
    axe_check(page, "login error")
    screenshot(page, "login-error")


@pytest.mark.parametrize("width", WIDTHS)
def test_logging_in_lands_on_the_dashboard_which_passes_axe(
    page_at, login, axe_check, screenshot, facilitator, width
):
    page = page_at(width)
    response = login(page, facilitator)

    assert response.status == 200, f"{response.url} answered {response.status}"
    assert page.url.endswith(reverse("home"))
    assert page.locator("h1").count() == 1
    assert page.locator(f"form[action='{reverse('logout')}']").count() >= 1
    axe_check(page, "dashboard")
    screenshot(page, "dashboard")
