"""When PostgreSQL is unreachable the app answers 503 with a clear page, keeps what the user
typed on it, and recovers by itself once the database is back.

The outage is made by pointing the connection at a port where nothing listens: the real
PostgreSQL keeps running for the other tests.
"""

import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import GroupFactory, GroupMembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


class Outage:
    """`down()` takes the database away; `up()`, or the end of the test, brings it back.

    `connection.settings_dict` is the very dict in settings.DATABASES, so the original values
    are kept in a copy.
    """

    def __init__(self):
        self.saved = dict(connection.settings_dict)

    def down(self):
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT="1")

    def up(self):
        connection.close()
        connection.settings_dict.update(HOST=self.saved["HOST"], PORT=self.saved["PORT"])


@pytest.fixture
def outage():
    outage = Outage()
    yield outage
    outage.up()


@pytest.fixture
def browser_client(member):
    client = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)
    client.force_login(member.user)
    return client


def test_pages_answer_503_while_the_database_is_down_and_recover(browser_client, process, outage):
    url = reverse("processes:detail", args=[process.pk])
    assert browser_client.get(url).status_code in (200, 403)
    outage.down()
    response = browser_client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "QualityHub is unavailable for a moment" in response.text
    assert Client().get(reverse("healthz")).status_code == 503


def test_the_app_recovers_when_the_database_is_back(browser_client, process, member, outage):
    GroupMembershipFactory(group=GroupFactory(process=process), membership=member)
    url = reverse("debate:overview", args=[process.pk])
    outage.down()
    assert browser_client.get(url).status_code == 503
    # The database is back: the next request connects again without a restart.
    outage.up()
    assert browser_client.get(url).status_code == 200
    assert Client().get(reverse("healthz")).status_code == 200


def test_a_form_sent_during_the_outage_shows_the_typed_text_again(
    browser_client, process, member, outage
):
    group = GroupFactory(process=process)
    GroupMembershipFactory(group=group, membership=member)
    url = reverse("debate:group_debate", args=[process.pk, group.pk])
    outage.down()
    response = browser_client.post(
        url,
        {
            "name": "Ligeværdighed",
            "meaning": "Brugerne er kolleger <b>med ret</b> til at blive hørt.",
            "password": "never-shown",
        },
    )
    assert response.status_code == 503
    assert "What you typed was not saved" in response.text
    assert "Ligeværdighed" in response.text
    assert "Brugerne er kolleger &lt;b&gt;med ret&lt;/b&gt; til at blive hørt." in response.text
    assert "never-shown" not in response.text


def test_other_errors_are_a_plain_500(monkeypatch):
    from core import views

    class Broken:
        def cursor(self):
            raise RuntimeError("a bug, not an outage")

    monkeypatch.setattr(views, "connection", Broken())
    response = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False).get(
        reverse("healthz")
    )
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "Retry-After" not in response


def test_the_typed_text_is_labelled_as_the_form_labels_it(browser_client, process, member, outage):
    group = GroupFactory(process=process)
    GroupMembershipFactory(group=group, membership=member)
    url = reverse("debate:group_debate", args=[process.pk, group.pk])
    outage.down()
    response = browser_client.post(
        url, {"name": "Ligeværdighed", "meaning": "Brugerne er kolleger."}
    )
    assert response.status_code == 503
    labels = re.findall(r'<label class="form-label" for="typed-\d+">([^<]*)</label>', response.text)
    assert labels == ["Value", "What we mean by it"]


@pytest.mark.parametrize(
    ("language", "broken", "status", "heading"),
    [
        ("da", RuntimeError, 500, "Noget gik galt"),
        ("nb", RuntimeError, 500, "Noe gikk galt"),
        ("da", "redis", 503, "QualityHub er utilgængelig et øjeblik"),
        ("nb", "redis", 503, "QualityHub er utilgjengelig et øyeblikk"),
    ],
)
def test_the_error_pages_speak_the_visitors_language(
    monkeypatch, language, broken, status, heading
):
    from redis.exceptions import ConnectionError as RedisConnectionError

    from core import views

    error = RedisConnectionError if broken == "redis" else broken

    class Broken:
        def cursor(self):
            raise error("down")

    monkeypatch.setattr(views, "connection", Broken())
    client = Client(HTTP_ACCEPT_LANGUAGE=language, raise_request_exception=False)
    response = client.get(reverse("healthz"))
    assert response.status_code == status
    assert f'<html lang="{language}">' in response.text
    assert heading in response.text
