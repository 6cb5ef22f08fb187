"""Reading a rendered page the way a reader sees it: elements and their visible text, in document order; and
the values a browser would post from a form on it."""
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


class _FormReader(HTMLParser):
    """The name/value pairs a browser would submit from one form (hidden fields and inline rows included)."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.data, self.in_form, self.select, self.textarea = {}, False, None, None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            form_id = attrs.get("id") or ""
            self.in_form = form_id == self.form_id if self.form_id else form_id.endswith("_form")
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._add(name, attrs.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self._add(self.select, attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self._add(name, "")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            # A browser drops the newline that opens a textarea's content.
            self.data[self.textarea][-1] = self.data[self.textarea][-1].removeprefix("\n")
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data


def form_data(html, form_id=None):
    """What a browser posts from the form ``form_id`` (default: the admin's "<model>_form") as the page shows it.

    One value per name as a string, several as a list; a select with nothing chosen posts nothing, and the
    empty template rows of inlines ("__prefix__") are left out, as the admin's script leaves them.
    """
    reader = _FormReader(form_id)
    reader.feed(html if isinstance(html, str) else html.decode())
    return {
        name: values[0] if len(values) == 1 else values
        for name, values in reader.data.items()
        if values and "__prefix__" not in name
    }


def change_form_data(client, article, **overrides):
    """What the change form of ``article`` posts as ``client`` sees it, with ``overrides`` applied."""
    page = client.get(f"/admin/news/article/{article.pk}/change/")
    assert page.status_code == 200
    return {**form_data(page.content, "article_form"), **overrides}
