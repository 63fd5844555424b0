"""Hostile input in the influence schema is shown as text on every page and fragment, and the
page costs the same number of queries for 5 or 50 activities."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from debate.models import InfluenceItem

HTMX = {"HTTP_HX_REQUEST": "true"}
SCRIPT = '<script>alert("x")</script>'
RTL = "مشاركة المستخدمين"


def test_hostile_activity_and_note_are_escaped_everywhere(as_user, member, group):
    client = as_user(member)
    page_url = reverse("debate:influence", args=[group.process_id, group.pk])
    long_word = "x" * 200
    client.post(page_url, {"activity": SCRIPT, "column": "co", "note": f"{RTL} {SCRIPT}"})
    client.post(page_url, {"activity": long_word, "column": "self", "note": "ü" * 5000})
    item = InfluenceItem.objects.get(column="co")
    pages = [
        client.get(page_url),
        client.post(page_url, {"activity": RTL, "column": "none"}, **HTMX),
        client.post(
            reverse("debate:influence_move", args=[group.process_id, item.pk]),
            {"column": "none", "version": item.version},
            **HTMX,
        ),
        client.get(reverse("debate:influence_edit", args=[group.process_id, item.pk])),
        client.get(reverse("debate:influence_delete", args=[group.process_id, item.pk])),
        client.post(
            reverse("debate:influence_edit", args=[group.process_id, item.pk]),
            {"activity": SCRIPT + "!", "column": "co", "note": "", "version": 1},
        ),
    ]
    for response in pages:
        html = response.content.decode()
        assert response.status_code in (200, 409)
        assert SCRIPT not in html
        assert "&lt;script&gt;" in html
    page = client.get(page_url).content.decode()
    assert RTL in page and 'dir="auto"' in page
    assert long_word in page
    # The accessible names of the buttons carry the activity as text, too.
    assert "Move “&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;” up" in page


def test_an_activity_longer_than_the_field_is_refused(as_user, member, group):
    response = as_user(member).post(
        reverse("debate:influence", args=[group.process_id, group.pk]),
        {"activity": "y" * 201, "column": "co"},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not InfluenceItem.objects.exists()


def _fill(group, author, count):
    columns = list(InfluenceItem.Column.values)
    for n in range(count):
        InfluenceItem.objects.create(
            group=group,
            activity=f"Aktivitet {n}",
            column=columns[n % len(columns)],
            position=n,
            note="Note",
            author=author,
        )


def _queries(client, url, **extra) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_page_query_count_does_not_grow_with_the_activities(as_user, member, group_lead, group):
    client = as_user(member)
    url = reverse("debate:influence", args=[group.process_id, group.pk])
    _fill(group, member, 5)
    few = _queries(client, url)
    _fill(group, group_lead, 45)
    assert InfluenceItem.objects.count() == 50
    many = _queries(client, url)
    assert few == many
    assert many <= 12


def test_a_move_costs_the_same_number_of_queries_for_5_or_50_activities(as_user, member, group):
    client = as_user(member)

    def move_queries(target_group):
        item = InfluenceItem.objects.filter(group=target_group, column="none").first()
        url = reverse("debate:influence_move", args=[target_group.process_id, item.pk])
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(url, {"column": "co", "version": item.version}, **HTMX)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    _fill(group, member, 5)
    few = move_queries(group)
    _fill(group, member, 45)
    # Same shape: the moved item is again the first "no influence" item, and co has grown.
    many = move_queries(group)
    assert many <= few + 1
