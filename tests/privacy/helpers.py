from django.utils import translation
from django.utils.translation import gettext


def pseudonym(number: int, language: str = "da") -> str:
    """ "Former participant N" as an organisation in Denmark (or `language`) names it."""
    with translation.override(language):
        return gettext("Former participant %(number)d") % {"number": number}
