"""Reading a rendered page the way a reader sees it: elements and their visible text, in document order."""
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag, attrs):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parts = []

    @property
    def text(self):
        return "".join(self.parts).strip()

    def __repr__(self):
        return f"<{self.tag} {self.attrs} {self.text[:40]!r}>"


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.open = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs)
        self.elements.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index].tag == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        if any(element.tag in {"script", "style"} for element in self.open):
            return
        for element in self.open:
            element.parts.append(data)


def elements(html, tag=None, **attrs):
    """Every element (optionally only ``tag`` with matching attributes; class_ matches one CSS class)."""
    collector = _Collector()
    collector.feed(html if isinstance(html, str) else html.decode())
    found = []
    for element in collector.elements:
        if tag and element.tag != tag:
            continue
        wanted_class = attrs.get("class_")
        if wanted_class and wanted_class not in element.attrs.get("class", "").split():
            continue
        # A bare attribute (<a download>) has the value None; a missing one never matches.
        if any(key not in element.attrs or element.attrs[key] != value for key, value in attrs.items() if key != "class_"):
            continue
        found.append(element)
    return found


def texts(html, tag=None, **attrs):
    return [element.text for element in elements(html, tag, **attrs)]


def reading_order(html):
    """The page's text blocks as a reader meets them: headings, paragraphs, captions, list items, time."""
    blocks = {"h1", "h2", "h3", "p", "figcaption", "li", "time", "a"}
    return [element.text for element in elements(html) if element.tag in blocks and element.text]
