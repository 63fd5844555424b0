"""Issue 15's process evaluation in a real browser, on the demo.

The facilitator opens the demo's closed evaluation again; Sofie, a member who has not
answered yet, finds it from the process page on her phone and answers (a scale, yes or no, a
written answer); the page thanks her and will not take a second answer; the facilitator sees
the results on a desktop: the response rate, a chart with its table for each question and the
written answers. axe checks every page on the way.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from core.management.commands.load_demo import DEMO_PASSWORD, DEMO_SLUG
from evaluation.models import ProcessEvaluation, Question, Respondent
from tests.browser.demo import load_demo, membership, navigate

pytestmark = pytest.mark.browser


def test_a_member_answers_on_a_phone_and_the_facilitator_sees_the_results(
    page_at, login, axe_check, screenshot
):
    load_demo()
    evaluation = ProcessEvaluation.objects.get(process__organisation__slug=DEMO_SLUG)
    process = evaluation.process
    sofie = membership("sofie")
    assert not Respondent.objects.filter(evaluation=evaluation, membership=sofie).exists()

    # The facilitator opens the evaluation again.
    desk = page_at("desktop")
    login(desk, membership("facilitator"), DEMO_PASSWORD)
    desk.goto(reverse("evaluation:process", args=[process.pk]))
    axe_check(desk, "evaluation home (facilitator, closed)")
    navigate(
        desk, desk.locator(f"form[action='{reverse('evaluation:open', args=[process.pk])}'] button")
    )
    evaluation.refresh_from_db()
    assert evaluation.status == ProcessEvaluation.Status.OPEN
    axe_check(desk, "evaluation home (facilitator, open)")
    screenshot(desk, "evaluation-home-facilitator")

    # Sofie finds it from the process page on her phone.
    phone = page_at("phone")
    login(phone, sofie, DEMO_PASSWORD)
    phone.goto(reverse("processes:detail", args=[process.pk]))
    # The process page's panel links to the evaluation (so does the menu).
    panel = reverse("evaluation:process", args=[process.pk])
    navigate(phone, phone.locator(f"main a.qh-summary__link[href='{panel}']"))
    axe_check(phone, "evaluation home (member)")
    navigate(
        phone, phone.locator(f"main a[href='{reverse('evaluation:answer', args=[process.pk])}']")
    )
    axe_check(phone, "answer form (member)")
    screenshot(phone, "evaluation-answer")

    questions = list(evaluation.questions.order_by("position", "pk"))
    scale = [q for q in questions if q.kind == Question.Kind.SCALE]
    yes_no = [q for q in questions if q.kind == Question.Kind.YES_NO]
    text = [q for q in questions if q.kind == Question.Kind.TEXT]
    for n, question in enumerate(scale):
        phone.locator(f"#id_q{question.pk}_{n % 5}").check()
    phone.locator(f"#id_q{yes_no[0].pk}_0").check()
    phone.locator(f"#id_q{text[0].pk}").fill("Blandingen af værksteder i grupperne.")
    navigate(phone, phone.locator("main form button[type=submit]"))
    expect(phone.locator(".alert-success").first).to_be_visible()
    assert Respondent.objects.filter(evaluation=evaluation, membership=sofie).exists()
    axe_check(phone, "evaluation home after answering")
    screenshot(phone, "evaluation-answered")

    # A second visit to the form does not take another answer.
    phone.goto(reverse("evaluation:answer", args=[process.pk]))
    expect(phone.locator("main form button[type=submit]")).to_have_count(0)
    assert Respondent.objects.filter(evaluation=evaluation).count() == 9

    # The facilitator sees the results.
    desk.goto(reverse("evaluation:results", args=[process.pk]))
    axe_check(desk, "results (facilitator)")
    charts = desk.locator("main svg[role=img]")
    expect(charts).to_have_count(len(scale) + len(yes_no))
    expect(desk.locator("main")).to_contain_text("Blandingen af værksteder i grupperne.")
    expect(desk.locator(".qh-figures").first).to_contain_text("9")
    screenshot(desk, "evaluation-results")

    # And on a phone the charts fit the screen.
    phone_desk = page_at("phone")
    login(phone_desk, membership("facilitator"), DEMO_PASSWORD)
    phone_desk.goto(reverse("evaluation:results", args=[process.pk]))
    width = phone_desk.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the results page scrolls sideways on a phone ({width}px)"
    axe_check(phone_desk, "results (phone)")
