import pytest


@pytest.fixture(autouse=True)
def english(settings):
    """Assert on the English msgids, whatever the translations later say."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://qualityhub.example"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Accounts are created in most tests; the real hasher is deliberately slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
