from django import template

from portal.identity import last_known

register = template.Library()


@register.simple_tag
def last_known_identity(language=None):
    """For the 500 page: the identity the last rendered page had, from the cache; no database query."""
    return last_known(language)
