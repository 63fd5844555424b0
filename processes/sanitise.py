"""Sanitising the HTML that facilitators write (seminar summaries).

Only a small set of formatting tags survives; links may point to http, https or mailto
addresses only and always carry rel="noopener noreferrer". Text typed without any tags is
turned into paragraphs and line breaks, so a facilitator can write plain prose.
"""

import re

import nh3
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "a"}
)
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed together with their content rather than unwrapped into visible text.
REMOVED_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "noscript"})

_LOOKS_LIKE_HTML = re.compile(r"</?[a-zA-Z][^>]*>")


def sanitise_html(value: str) -> SafeString:
    """Return `value` as safe HTML: plain text gets paragraphs, HTML is cleaned by nh3."""
    value = (value or "").strip()
    if not value:
        return mark_safe("")  # noqa: S308 - empty string
    if not _LOOKS_LIKE_HTML.search(value):
        # linebreaks() escapes the text before adding <p> and <br>.
        value = linebreaks(value, autoescape=True)
    cleaned = nh3.clean(
        value,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        # Relative links would point into QualityHub itself; only absolute links are allowed.
        url_relative="deny",
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(cleaned.strip())  # noqa: S308 - cleaned by nh3 with an allow-list


_HEADING = re.compile(r"<(/?)h([2-4])>")


def summary_for_display(value: str) -> SafeString:
    """Stored summary HTML cleaned again and its headings moved one level down (h2 -> h3),
    so they sit under the page's own "Written summary" heading."""
    cleaned = sanitise_html(value)
    # Safe: the sanitiser leaves headings without attributes.
    demoted = _HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}>", cleaned)
    return mark_safe(demoted)  # noqa: S308 - only tag names of cleaned HTML changed


_BLOCK_END = re.compile(r"(</(?:p|h[2-4]|ul|ol|blockquote)>)\s*")
_LIST_ITEM = re.compile(r"\s*(<li>|</ul>|</ol>)")


def format_for_editing(value: str) -> str:
    """Stored summary HTML with line breaks between blocks, so it reads well in a textarea."""
    value = _LIST_ITEM.sub(lambda m: "\n" + m[1], value or "")
    return _BLOCK_END.sub(lambda m: m[1] + "\n\n", value).strip()
