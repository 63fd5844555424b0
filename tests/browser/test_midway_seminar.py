"""Issue 8's "done means" in a real browser: the midway seminar of the demo process.

Three members of a group on their phones and the facilitator at a laptop run the seminar:
the facilitator starts the group-work item and the members join with the code from the
board; they add values with examples and dilemmas, comment (one comment is a
disagreement), the facilitator merges two duplicates, runs a two-stage dot vote (round 1 on
the group's values, round 2 on the top two of round 1), the group sets its ideal and turns
the top values into ideas linked to them, and the idea page shows the lineage with the
round results. A projector shows the plenary board the whole time; it follows the debate
without being reloaded. Every distinct page type passes axe once.
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from core.management.commands.load_demo import DEMO_PASSWORD, DEMO_SLUG
from debate.models import Idea, PrioritisationRound, RoundCandidate, Value, ValueComment
from processes.models import Group, Seminar
from tests.browser.demo import load_demo, membership, navigate

pytestmark = pytest.mark.browser

LANG = "da"  # the browser contexts ask for Danish (locale da-DK)
# The board and the live views poll every 3 s; a change shows within one poll and its answer.
LIVE_TIMEOUT_MS = 4_500


def t(text: str, **params) -> str:
    with translation.override(LANG):
        translated = translation.gettext(text)
    return translated % params if params else translated


def tn(singular: str, plural: str, count: int, **params) -> str:
    with translation.override(LANG):
        return translation.ngettext(singular, plural, count) % params


def add_value(page, group, name, meaning, examples, dilemmas, stream=None):
    """Add a value with the full form on the group's debate page (htmx, no reload)."""
    form = page.locator("#values-section form")
    form.locator("#id_name").fill(name)
    form.locator("#id_meaning").fill(meaning)
    form.locator("details summary").click()
    form.locator("#id_examples").fill(examples)
    form.locator("#id_dilemmas").fill(dilemmas)
    if stream is not None:
        form.locator(f"input[name=value_streams][value='{stream.pk}']").check()
    form.locator("button[type=submit]").click()
    added = page.locator("#values-section li", has_text=name).first
    expect(added).to_contain_text(t("Just added"))
    value = Value.objects.get(group=group, name=name)
    assert value.author.user.first_name in added.inner_text()
    assert value.examples == examples and value.dilemmas == dilemmas
    # The new entry takes the focus, so a screen reader hears what was added.
    expect(page.locator(f"#value-{value.pk}")).to_be_focused()
    return value


def add_live_entry(page, title, text, values=()):
    """The one short form of the phone's live view: a value, or an idea built on values."""
    form = page.locator("#entry-form form")
    if values:
        form.locator("input[name=kind][value=idea]").check()
        for value in values:
            form.locator(f"input[name=values][value='{value.pk}']").check()
    form.locator("#id_title").fill(title)
    form.locator("#id_text").fill(text)
    form.locator("button[type=submit]").click()
    expect(page.locator("#entry-form .alert-success")).to_contain_text(title)
    # The form is empty again for the next entry.
    expect(page.locator("#entry-form #id_title")).to_have_value("")


def place_dots(page, round, ballot: dict[str, int]):
    """Tap + on each candidate as often as given; the ballot updates with htmx."""
    total = round.dots_per_person
    left = total
    for name, dots in ballot.items():
        candidate = RoundCandidate.objects.get(round=round, value__name=name)
        for _ in range(dots):
            page.locator(f"#candidate-{candidate.pk} button[value=add]").click()
            left -= 1
            expect(page.locator("#dots-left")).to_have_text(
                t("%(left)s of %(total)s dots left", left=left, total=total)
            )
        expect(page.locator(f"#candidate-{candidate.pk} .qh-mydots")).to_contain_text(str(dots))
    assert left == 0
    # Every dot is used: no + button can place another one.
    add_buttons = page.locator("#ballot button[value=add]")
    for i in range(add_buttons.count()):
        expect(add_buttons.nth(i)).to_be_disabled()


def open_round(page, group, title, dots, source=None, top_n=None):
    page.locator("#id_title").fill(title)
    page.locator("#id_group").select_option(str(group.pk))
    page.locator("#id_dots_per_person").fill(str(dots))
    if source is not None:
        # Came from "Open a round with the top of this one": the source is already chosen.
        expect(page.locator(f"input[name=source_rounds][value='{source.pk}']")).to_be_checked()
        page.locator("#id_top_n").fill(str(top_n))
    navigate(page, page.locator("main form button[type=submit]"))
    round = PrioritisationRound.objects.get(process=group.process, title=title)
    assert page.url.endswith(round.get_absolute_url())
    return round


def close_round(page, round):
    page.goto(round.get_absolute_url())
    expect(page.locator("main")).to_contain_text(
        tn(
            "So far %(n)s person has placed dots.",
            "So far %(n)s people have placed dots.",
            3,
            n=3,
        )
    )
    close = reverse("debate:round_close", args=[round.process_id, round.pk])
    navigate(page, page.locator(f"form[action='{close}'] button[type=submit]"))
    round.refresh_from_db()
    assert round.status == PrioritisationRound.Status.CLOSED


def result_rows(page) -> list[tuple[str, str, str]]:
    """(rank, name, dots) of each row of the results table, as shown."""
    rows = page.locator("table.qh-results tbody tr")
    return [
        (
            rows.nth(i).locator("td").nth(0).inner_text().strip(),
            rows.nth(i).locator("th a").inner_text().strip(),
            rows.nth(i).locator("td").nth(1).inner_text().strip(),
        )
        for i in range(rows.count())
    ]


def test_three_members_and_the_facilitator_run_the_midway_seminar(
    page_at, login, axe_check, screenshot
):
    load_demo()
    group = Group.objects.select_related("process", "theme").get(
        process__organisation__slug=DEMO_SLUG, name__startswith="Gruppe 2"
    )
    process = group.process
    seminar = Seminar.objects.get(process=process, kind=Seminar.Kind.MIDWAY)
    stream = group.theme.value_streams.order_by("number").first()
    facilitator, leader = membership("facilitator"), membership("leader")
    sofie, camilla, yasmin = membership("sofie"), membership("camilla"), membership("yasmin")

    # The facilitator starts the group work from the live controls.
    desk = page_at("desktop")
    login(desk, facilitator, DEMO_PASSWORD)
    desk.goto(reverse("live:seminar_control", args=[process.pk, seminar.pk]))
    axe_check(desk, "live controls")
    item_title = "Gruppearbejde: værdier, eksempler og dilemmaer"
    navigate(desk, desk.locator("tr", has_text=item_title).locator("button[type=submit]"))
    join_code = desk.locator(".qh-control-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{6}", join_code)

    # The projector shows the plenary board, and is never reloaded from here on.
    projector = page_at("desktop")
    login(projector, leader, DEMO_PASSWORD)
    projector.goto(reverse("live:board", args=[process.pk, seminar.pk]))
    projector.evaluate("window.__marker = 'not reloaded'")
    expect(projector.locator(".qh-board-item")).to_contain_text(item_title)
    expect(projector.locator(".qh-board-code")).to_contain_text(join_code)
    board_group = projector.locator(".qh-board-group", has_text=group.name)
    expect(board_group).to_contain_text(t("Nothing yet."))
    axe_check(projector, "plenary board")

    # Three members join on their phones: one types the code as read off the screen, two
    # scan the QR code (its short link).
    phones = {}
    for person in (sofie, camilla, yasmin):
        phone = page_at("phone")
        login(phone, person, DEMO_PASSWORD)
        phones[person.pk] = phone
    live_url = reverse("live:live_group", args=[process.pk, seminar.pk, group.pk])
    sofie_phone, camilla_phone, yasmin_phone = (phones[m.pk] for m in (sofie, camilla, yasmin))
    sofie_phone.goto(reverse("live:join"))
    axe_check(sofie_phone, "join")
    sofie_phone.locator("#id_code").fill(f"{join_code[:3].lower()} {join_code[3:].lower()}")
    navigate(sofie_phone, sofie_phone.locator("main form button[type=submit]"))
    for phone in (camilla_phone, yasmin_phone):
        phone.goto(reverse("join_short", args=[join_code]))
    for phone in phones.values():
        assert phone.url.endswith(live_url)
        expect(phone.locator(".qh-live-item")).to_contain_text(item_title)
    axe_check(sofie_phone, "live group view")

    # Values with examples and dilemmas, on the group's debate page.
    debate_url = reverse("debate:group_debate", args=[process.pk, group.pk])
    for phone in phones.values():
        phone.goto(debate_url)
    equality = add_value(
        sofie_phone,
        group,
        "Ligeværdighed",
        "Brugerne er kolleger med ret til at blive hørt, ikke modtagere af omsorg.",
        "Brugerne er med, når vi taler med kunderne om en ordre.",
        "Ligeværdighed mod omsorg: vi skal også beskytte dem, der ikke kan sige fra.",
        stream,
    )
    # The board shows the new value by itself, within a poll.
    expect(board_group).to_contain_text("Ligeværdighed", timeout=LIVE_TIMEOUT_MS)
    assert projector.evaluate("window.__marker") == "not reloaded"
    axe_check(sofie_phone, "group debate")

    duplicate = add_value(
        camilla_phone,
        group,
        "Ligeværd",
        "At vi møder hinanden som ligemænd, personale og brugere.",
        "Vi spiser frokost ved de samme borde.",
        "Ligeværd mod faglig autoritet: nogle gange ved vi bedre.",
    )
    meaningful = add_value(
        yasmin_phone,
        group,
        "Meningsfuldt arbejde",
        "Rigtige produkter til rigtige kunder, ikke kun aktiviteter.",
        "Bænkene til parken blev solgt på fem uger.",
        "Produktionstempo mod tid til den enkelte bruger.",
    )
    # Two more in the phone's short live form.
    for phone in (sofie_phone, yasmin_phone):
        phone.goto(live_url)
    add_live_entry(sofie_phone, "Tryghed", "At dagen har en fast ramme, man kan regne med.")
    add_live_entry(yasmin_phone, "Selvbestemmelse", "Brugerne vælger selv deres opgaver.")
    # The live list shows both, whoever added them.
    for name in ("Tryghed", "Selvbestemmelse"):
        expect(yasmin_phone.locator("#live")).to_contain_text(name, timeout=LIVE_TIMEOUT_MS)

    # Comments: Camilla disagrees with Yasmin's value; Yasmin adds an example to Camilla's.
    camilla_phone.goto(meaningful.get_absolute_url())
    comments = camilla_phone.locator("#comments-section")
    comments.locator("input[name=kind][value=comment]").check()
    comments.locator("#id_text").fill("Tempoet må aldrig gå forud for den enkelte brugers dag.")
    comments.locator("#id_is_disagreement").check()
    comments.locator("button[type=submit]").click()
    disagreement = comments.locator("li.qh-disagreement")
    expect(disagreement).to_contain_text(t("Disagreement"))
    expect(disagreement).to_be_focused()
    assert ValueComment.objects.get(value=meaningful).is_disagreement
    axe_check(camilla_phone, "value page")

    yasmin_phone.goto(duplicate.get_absolute_url())
    comments = yasmin_phone.locator("#comments-section")
    comments.locator("input[name=kind][value=example]").check()
    comments.locator("#id_text").fill("Brugerrådet sidder med ved personalemødet.")
    comments.locator("button[type=submit]").click()
    expect(comments.locator(".qh-comment-list")).to_contain_text("Brugerrådet sidder med")

    # The facilitator merges the duplicate into "Ligeværdighed".
    desk.goto(debate_url)
    navigate(
        desk, desk.locator(f"a[href='{reverse('debate:merge', args=[process.pk, group.pk])}']")
    )
    axe_check(desk, "merge: choose")
    desk.locator(f"input[name=target][value='{equality.pk}']").check()
    desk.locator(f"input[name=sources][value='{duplicate.pk}']").check()
    navigate(desk, desk.locator("main form button[type=submit]"))
    expect(desk.locator("main .alert")).to_contain_text("Ligeværd")
    axe_check(desk, "merge: confirm")
    navigate(desk, desk.locator("main form button[type=submit]"))
    assert desk.url.endswith(equality.get_absolute_url())
    main = desk.locator("main")
    expect(main).to_contain_text(t("Also called:"))
    expect(main).to_contain_text("Vi spiser frokost ved de samme borde.")
    expect(main.locator(".qh-comment-list")).to_contain_text("Brugerrådet sidder med")
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == equality.pk

    # Round 1: the group's values, three dots each.
    desk.goto(reverse("debate:round_list", args=[process.pk]))
    axe_check(desk, "rounds")
    navigate(
        desk, desk.locator(f"main a[href='{reverse('debate:round_create', args=[process.pk])}']")
    )
    axe_check(desk, "open a round")
    round1 = open_round(desk, group, "Runde 1: vores vigtigste værdier", dots=3)
    assert sorted(c.name for c in round1.candidates.all()) == [
        "Ligeværdighed",
        "Meningsfuldt arbejde",
        "Selvbestemmelse",
        "Tryghed",
    ]

    # Yasmin's live view offers the round without a reload; the others go via the debate.
    yasmin_phone.goto(live_url)
    yasmin_phone.evaluate("window.__marker = 'live view'")
    round_link = yasmin_phone.locator(f"#live a[href='{round1.get_absolute_url()}']")
    expect(round_link).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    assert yasmin_phone.evaluate("window.__marker") == "live view"
    navigate(yasmin_phone, round_link)
    for phone in (sofie_phone, camilla_phone):
        phone.goto(debate_url)
        navigate(phone, phone.locator(f".qh-round-alert a[href='{round1.get_absolute_url()}']"))

    place_dots(sofie_phone, round1, {"Ligeværdighed": 2, "Tryghed": 1})
    axe_check(sofie_phone, "ballot")
    screenshot(sofie_phone, "midway-ballot")
    place_dots(camilla_phone, round1, {"Ligeværdighed": 1, "Meningsfuldt arbejde": 2})
    place_dots(
        yasmin_phone,
        round1,
        {"Ligeværdighed": 1, "Meningsfuldt arbejde": 1, "Selvbestemmelse": 1},
    )

    close_round(desk, round1)
    assert result_rows(desk) == [
        ("1", "Ligeværdighed", "4"),
        ("2", "Meningsfuldt arbejde", "3"),
        ("3", "Tryghed", "1"),
        ("3", "Selvbestemmelse", "1"),
    ]
    axe_check(desk, "results")
    screenshot(desk, "midway-results-round-1")

    # Round 2: the top two of round 1, one dot each.
    navigate(desk, desk.locator(f"main a[href$='?source={round1.pk}']"))
    round2 = open_round(desk, group, "Runde 2: de to vigtigste", dots=1, source=round1, top_n=2)
    assert sorted(c.name for c in round2.candidates.all()) == [
        "Ligeværdighed",
        "Meningsfuldt arbejde",
    ]
    expect(desk.locator("main")).to_contain_text(
        tn(
            "The candidates are the top %(top)s of:",
            "The candidates are the top %(top)s of each of:",
            1,
            top=2,
        )
    )
    for phone, choice in (
        (sofie_phone, "Ligeværdighed"),
        (camilla_phone, "Ligeværdighed"),
        (yasmin_phone, "Meningsfuldt arbejde"),
    ):
        phone.goto(round2.get_absolute_url())
        place_dots(phone, round2, {choice: 1})
    close_round(desk, round2)
    assert result_rows(desk) == [
        ("1", "Ligeværdighed", "2"),
        ("2", "Meningsfuldt arbejde", "1"),
    ]
    screenshot(desk, "midway-results-round-2")

    # The group sets the winner as its ideal, from the results on a phone.
    sofie_phone.goto(round2.get_absolute_url())
    winner = RoundCandidate.objects.get(round=round2, value=equality)
    navigate(sofie_phone, sofie_phone.locator(f"#candidate-{winner.pk} button[type=submit]"))
    expect(sofie_phone.locator(f"#candidate-{winner.pk}")).to_contain_text(t("Ideal"))
    equality.refresh_from_db()
    assert equality.is_ideal
    screenshot(sofie_phone, "midway-results")

    # The top values become ideas: one with the full form, one in the live view.
    sofie_phone.goto(reverse("debate:idea_list", args=[process.pk, group.pk]))
    form = sofie_phone.locator("#ideas-section form")
    idea_title = "MUS-samtaler for brugerne"
    form.locator("#id_title").fill(idea_title)
    form.locator("#id_description").fill(
        "Udviklingssamtaler for brugerne om kompetencer, at holde færdigheder ved lige og løn."
    )
    form.locator(f"input[name=values][value='{equality.pk}']").check()
    form.locator("#id_improves_core_task").fill("Brugerne bliver hørt om deres egen udvikling.")
    form.locator("#id_spread_plan").fill("Prøves i Træværkstedet, derefter i alle afdelinger.")
    form.locator("details summary").click()
    form.locator("input[name=involved][value=users]").check()
    form.locator("input[name=involved][value=staff]").check()
    form.locator("input[name=users_role][value=co_creating]").check()
    form.locator("#id_first_step").fill("Sofie og Henrik skriver en samtaleguide.")
    form.locator("#id_seminar").select_option(str(seminar.pk))
    form.locator("button[name=propose][value='1']").click()
    expect(sofie_phone.locator("#ideas-section li", has_text=idea_title)).to_contain_text(
        t("Just added")
    )
    idea = Idea.objects.get(group=group, title=idea_title)
    assert list(idea.values.all()) == [equality]
    assert idea.status == Idea.Status.PROPOSED
    expect(sofie_phone.locator(f"#idea-{idea.pk}")).to_be_focused()
    axe_check(sofie_phone, "ideas")

    yasmin_phone.goto(live_url)
    add_live_entry(
        yasmin_phone,
        "Kundemøder med brugerne i front",
        "Brugerne præsenterer selv produkterne for kunderne.",
        values=[meaningful],
    )
    assert list(Idea.objects.get(title="Kundemøder med brugerne i front").values.all()) == [
        meaningful
    ]

    # The idea's page shows where it came from: its value and the rounds that carried it.
    sofie_phone.goto(idea.get_absolute_url())
    lineage = sofie_phone.locator("section[aria-labelledby=lineage-heading]")
    expect(lineage).to_contain_text("Ligeværdighed")
    expect(lineage).to_contain_text(seminar.display_title)
    dots_line = ("no. %(rank)s of %(of)s, %(dots)s dot", "no. %(rank)s of %(of)s, %(dots)s dots")
    for round, rank, of, dots in ((round1, 1, 4, 4), (round2, 1, 2, 2)):
        placing = lineage.locator(
            ".qh-placings > li", has=sofie_phone.locator(f"a[href='{round.get_absolute_url()}']")
        )
        expect(placing).to_contain_text(round.title)
        expect(placing).to_contain_text(tn(*dots_line, dots, rank=rank, of=of, dots=dots))
    axe_check(sofie_phone, "idea page")
    screenshot(sofie_phone, "midway-idea-lineage")
    # ... and the value's page shows the idea built on it.
    sofie_phone.goto(equality.get_absolute_url())
    expect(sofie_phone.locator("main")).to_contain_text(idea_title)

    # The board has followed everything without a reload: results and the newest ideas.
    expect(projector.locator(".qh-board-round", has_text=round2.title)).to_contain_text(
        "Ligeværdighed", timeout=LIVE_TIMEOUT_MS
    )
    # Ties share a rank, as on the results page.
    board_round1 = projector.locator(".qh-board-round", has_text=round1.title)
    ranks = board_round1.locator("ol > li").evaluate_all("items => items.map(li => li.value)")
    assert ranks == [1, 2, 3, 3]
    expect(board_group).to_contain_text(idea_title, timeout=LIVE_TIMEOUT_MS)
    expect(board_group).to_contain_text("Kundemøder med brugerne i front")
    # The merged duplicate has gone from the board's list.
    assert (
        "Ligeværd" not in board_group.locator(".qh-board-entries li .qh-usertext").all_inner_texts()
    )
    assert projector.evaluate("window.__marker") == "not reloaded"
    screenshot(projector, "midway-board")
