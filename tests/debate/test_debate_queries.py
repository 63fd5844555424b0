"""The group's debate page costs the same number of queries for 5 or 50 values."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import ValueCommentFactory, ValueFactory


def _fill(group, count):
    for _ in range(count):
        value = ValueFactory(group=group)
        ValueCommentFactory(value=value, is_disagreement=True)
        ValueCommentFactory(value=value, kind="example")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_group_page_query_count_does_not_grow_with_the_values(
    as_user, member, group, frame_condition
):
    client = as_user(member)
    url = reverse("debate:group_debate", args=[group.process_id, group.pk])
    _fill(group, 5)
    few = _queries(client, url)
    _fill(group, 45)
    many = _queries(client, url)
    assert few == many
    assert many <= 15


def test_the_value_page_query_count_does_not_grow_with_the_comments(as_user, member, value):
    client = as_user(member)
    for _ in range(3):
        ValueCommentFactory(value=value)
    few = _queries(client, value.get_absolute_url())
    for _ in range(30):
        ValueCommentFactory(value=value)
    assert _queries(client, value.get_absolute_url()) == few
