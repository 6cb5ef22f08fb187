"""The rich-text editor (django-prose-editor) for article bodies in admin, in each language's tab.

The editor offers only what news/sanitize.py keeps: paragraphs, h2-h4 (the page title is the h1), bold and
italic, lists, links, quotes, tables and images with captions (figure/img/figcaption). Whatever it (or a
pasted HTML source) sends is still cleaned on save; the editor is a convenience, not the safety net.

It speaks the admin's language: its dialogs ask Django's JavaScript catalog (the jsi18n script that admin
change forms load) and our LocalizedMenu extension names its menu buttons the same way. The Vietnamese is in
locale/vi/LC_MESSAGES/djangojs.po (our extension's strings) and locale_overrides/vi/LC_MESSAGES/djangojs.po
(the editor's own).

Choosers (static/news/admin/prose-editor-choosers.js, the "Choosers" extension): "Ảnh từ thư viện" inserts a
library picture (search, thumbnails, upload in the same dialog) and "Liên kết nội bộ" links the selection to an
article, a document or an organization, picked from news/admin/choosers.py's answers. What they insert carries
a reference (data-image, data-link) that news/internal_links.py turns into the current address when shown. The
same module replaces the editor's Image and Link with versions that keep those attributes.
"""
from django.urls import reverse
from django_prose_editor.widgets import AdminProseEditorWidget
from js_asset import Media

EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    # Links open in the same tab: the sanitizer drops target=, and adds rel= itself to links to other sites.
    "Link": {"enableTarget": False},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "Figure": True,
    "Caption": True,
    "Image": True,
    # Staff paste text from the old portal and Word; the HTML view lets them fix what pasting got wrong.
    "HTML": True,
    "History": True,
    # Menu buttons named in the admin's language (the editor's own names are English): our extension,
    # static/news/admin/prose-editor-labels.js, registered in settings.DJANGO_PROSE_EDITOR_EXTENSIONS.
    "LocalizedMenu": True,
}


def chooser_config(language):
    """The Choosers extension's options: where to ask, and the language of the tab it edits (captions, alt)."""
    return {
        "images": reverse("admin:chooser_images"),
        "upload": reverse("admin:chooser_image_upload"),
        "links": reverse("admin:chooser_links"),
        "language": language,
    }


class ChoosersEditorWidget(AdminProseEditorWidget):
    """The editor with the choosers' dialog styles (their script is loaded by the editor, see above)."""

    @property
    def media(self):
        return super().media + Media(css={"all": ["news/admin/prose-editor-choosers.css"]})


def rich_text_widget(language="vi", choosers=False):
    """The editor for one field; ``choosers``: with the picture and internal-link choosers (article bodies, which
    news/internal_links.py shows with their targets' current addresses)."""
    # The "configurable" preset is the one that reads the "extensions" config (the default one ignores it).
    extensions = {**EDITOR_EXTENSIONS, "Choosers": chooser_config(language)} if choosers else EDITOR_EXTENSIONS
    widget_class = ChoosersEditorWidget if choosers else AdminProseEditorWidget
    return widget_class(config={"extensions": extensions}, preset="configurable")


class RichTextAdminMixin:
    """Edit ``rich_text_fields`` (and their _vi/_en translations) with the editor.

    Put it before TabbedTranslationAdmin in the bases: modeltranslation copies the widget of the original
    field (``body``) to ``body_vi``/``body_en`` and adds its tab classes to it, so the editor lands in each tab.
    """

    rich_text_fields = ("body",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        original = getattr(db_field, "translated_field", db_field)
        if original.name not in self.rich_text_fields:
            return super().formfield_for_dbfield(db_field, request, **kwargs)
        choosers = self.model._meta.label == "news.Article"
        kwargs["widget"] = rich_text_widget(choosers=choosers)
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        language = getattr(db_field, "language", None)  # body_en's is "en"
        if choosers and language and formfield is not None:
            # modeltranslation gives body_vi/body_en a copy of body's widget (sharing its config): give each copy
            # a config of its own that names its tab's language.
            config = formfield.widget.config
            extensions = {**config["extensions"], "Choosers": {**config["extensions"]["Choosers"], "language": language}}
            formfield.widget.config = {**config, "extensions": extensions}
        return formfield
