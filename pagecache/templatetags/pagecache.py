"""``{% fragment %}``: HTML kept between renders with the tags of what it shows (pagecache.fragments).

    {% load pagecache %}
    {% fragment "site-footer" tags "menu" vary now_year %} ... {% endfragment %}

The name, then ``tags`` and the tags it shows (each a tag or a list of tags), then ``vary`` and the values its HTML depends on besides them (the
language is always one). Everything the block shows must come from those tags' data or the vary values: the
block is rendered once and served to every page that asks with the same name and values. ``live`` last: the
block lists articles, so it ends when the next scheduled one goes live.
"""
from django import template
from django.utils.safestring import mark_safe

from pagecache.fragments import memo

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, tags, vary, live=False):
        self.nodelist, self.name, self.tags, self.vary, self.live = nodelist, name, tags, vary, live

    def render(self, context):
        name = self.name.resolve(context)
        tags = []
        for tag in self.tags:  # a tag, or a list of them
            value = tag.resolve(context)
            tags.extend(value if isinstance(value, (list, tuple, set, frozenset)) else [value])
        vary = [value.resolve(context) for value in self.vary]
        html = memo(
            context.get("request"), f"fragment:{name}", tags, lambda: self.nodelist.render(context), vary=vary,
            until_go_live=self.live,
        )
        return mark_safe(html)


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    lists = {"tags": [], "vary": []}
    current = None
    live = False
    for bit in bits[2:]:
        if bit == "live":
            live, current = True, None
        elif bit in lists:
            current = lists[bit]
        elif current is None:
            raise template.TemplateSyntaxError("{% fragment name tags ... vary ... %}: 'tags' or 'vary' first")
        else:
            current.append(parser.compile_filter(bit))
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]), lists["tags"], lists["vary"], live)
