"""The UI speaks Danish by default, and English and Norwegian bokmål on request."""

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "lang", "heading", "button"),
    [
        ("", "da", "Log ind", "Skift sprog"),
        ("en", "en", "Log in", "Change language"),
        ("nb", "nb", "Logg inn", "Bytt språk"),
    ],
)
def test_the_login_page_speaks_the_visitors_language(accept_language, lang, heading, button):
    client = Client(HTTP_ACCEPT_LANGUAGE=accept_language) if accept_language else Client()

    page = client.get(reverse("login")).content.decode()

    assert f'<html lang="{lang}">' in page
    assert heading in page
    assert button in page


@pytest.mark.django_db
def test_the_language_switcher_remembers_the_choice(facilitator, process):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(facilitator.user)

    client.post(reverse("set_language"), {"language": "nb", "next": "/"})
    page = client.get(reverse("processes:detail", args=[process.pk])).content.decode()

    assert '<html lang="nb">' in page
    assert "Timeglasset" in page
    assert "Verdibasert kvalitetsutvikling" in page


@pytest.mark.django_db
def test_phase_names_and_dates_follow_the_language(facilitator, process):
    client = Client(HTTP_ACCEPT_LANGUAGE="da")
    client.force_login(facilitator.user)

    page = client.get(reverse("processes:detail", args=[process.pk])).content.decode()

    assert "Værdidebat" in page
    assert "Overblik" in page
    # Danish long date format for the process's start (1 February 2027).
    assert "1. februar 2027" in page


# -- The catalogues are complete ----------------------------------------------------------------

# Not part of the interface, or not ours: never searched for messages.
NOT_SOURCE = {
    ".git",
    ".venv",
    "node_modules",
    "locale",
    "media",
    "staticfiles",
    "artifacts",
    "tests",
    "bench",
    "qualityhub.egg-info",
}
IGNORE_PATTERNS = [".venv/*", "node_modules/*", "tests/*", "bench/*", "staticfiles/*", "media/*"]
PO_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


@dataclass
class Entry:
    msgstr: tuple[str, ...]
    fuzzy: bool
    # The first source reference, for the failure message; line numbers are not compared.
    where: str = field(compare=False)


def read_po(path: Path) -> dict[tuple[str, str, str], Entry]:
    """{(msgctxt, msgid, msgid_plural): Entry} of a .po file's active entries; the header and
    obsolete (#~) entries are left out."""
    entries: dict[tuple[str, str, str], Entry] = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        fuzzy, where, current = False, "", None
        for line in block.splitlines():
            if line.startswith("#,"):
                fuzzy = fuzzy or "fuzzy" in line
            elif line.startswith("#:") and not where:
                where = line[2:].split()[0] if line[2:].split() else ""
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and current:
                fields[current] += "".join(PO_STRING.findall(line))
            elif " " in line:
                current, rest = line.split(" ", 1)
                fields[current] = "".join(PO_STRING.findall(rest))
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        key = (fields.get("msgctxt", ""), fields["msgid"], fields.get("msgid_plural", ""))
        strings = tuple(v for k, v in sorted(fields.items()) if k.startswith("msgstr"))
        entries[key] = Entry(strings, fuzzy, where)
    return entries


@pytest.fixture
def regenerated(tmp_path, settings):
    """makemessages run on the sources into a copy of locale/: {language: (before, after)}."""
    if not shutil.which("xgettext") or not shutil.which("msgmerge"):
        message = "makemessages needs GNU gettext (xgettext, msgmerge)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    root = Path(settings.BASE_DIR)
    work = tmp_path / "project"
    work.mkdir()
    # The sources are linked in, the catalogues copied: makemessages writes only the copy.
    for entry in root.iterdir():
        if entry.name not in NOT_SOURCE:
            (work / entry.name).symlink_to(entry)
    shutil.copytree(root / "locale", work / "locale")
    settings.LOCALE_PATHS = [work / "locale"]
    languages = [code for code, _name in settings.LANGUAGES if code != "en"]
    cwd = os.getcwd()
    os.chdir(work)
    try:
        call_command(
            "makemessages",
            locale=languages,
            symlinks=True,
            ignore_patterns=IGNORE_PATTERNS,
            verbosity=0,
        )
    finally:
        os.chdir(cwd)
    return {
        code: (
            read_po(root / "locale" / code / "LC_MESSAGES" / "django.po"),
            read_po(work / "locale" / code / "LC_MESSAGES" / "django.po"),
        )
        for code in languages
    }


def _describe(key, entry=None) -> str:
    context, msgid, _plural = key
    text = f"{msgid!r}" + (f" (context {context!r})" if context else "")
    return text + (f"  [{entry.where}]" if entry and entry.where else "")


def test_makemessages_would_change_nothing_and_everything_is_translated(regenerated):
    """Run `manage.py makemessages -l da -l nb --ignore=.venv --ignore=node_modules
    --ignore=tests --ignore=bench`, translate what this test lists, then
    `manage.py compilemessages`. The header (POT-Creation-Date) and the line references are
    not compared."""
    # {title: {key: (entry for its source reference, [languages])}}
    found: dict[str, dict] = {}
    for language, (before, after) in regenerated.items():
        for title, keys, source in [
            ("not in the catalogue: makemessages would add them", after.keys() - before, after),
            (
                "no longer in the code: makemessages would make them obsolete",
                before.keys() - after,
                before,
            ),
            (
                "changed by makemessages",
                {k for k in after.keys() & before if after[k] != before[k]},
                after,
            ),
            (
                "untranslated or fuzzy",
                {k for k, e in before.items() if k in after and (e.fuzzy or not all(e.msgstr))},
                before,
            ),
        ]:
            for key in keys:
                found.setdefault(title, {}).setdefault(key, (source[key], []))[1].append(language)
    problems = []
    for title, keys in found.items():
        problems.append(f"{len(keys)} message(s) {title}:")
        for key, (entry, languages) in sorted(keys.items()):
            problems.append(f"    {_describe(key, entry)} ({', '.join(languages)})")
    assert not problems, "The translations are not complete.\n" + "\n".join(problems)
