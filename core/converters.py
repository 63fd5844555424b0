"""URL converters that bound what a path segment may hold before a view sees it.

Django's `str` converter takes any text up to the next slash: a NUL byte (which PostgreSQL
refuses in a query) or a megabyte of text would reach the database lookup. A token or code
in a URL is short and URL-safe, so the converter says so, and anything else is a 404.
"""


class TokenConverter:
    """A URL-safe token (`secrets.token_urlsafe`, join codes): letters, digits, - and _, at most
    64 characters, the length of the widest token column."""

    regex = "[A-Za-z0-9_-]{1,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
