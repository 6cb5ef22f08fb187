"""The rich-text editor (django-prose-editor) for article bodies in admin, in each language's tab.

The editor offers only what news/sanitize.py keeps: paragraphs, h2-h4 (the page title is the h1), bold and
italic, lists, links, quotes, tables and images with captions (figure/img/figcaption). Whatever it (or a
pasted HTML source) sends is still cleaned on save; the editor is a convenience, not the safety net.

It speaks the admin's language: its dialogs ask Django's JavaScript catalog (the jsi18n script that admin
change forms load) and our LocalizedMenu extension names its menu buttons the same way. The Vietnamese is in
locale/vi/LC_MESSAGES/djangojs.po (our extension's strings) and locale_overrides/vi/LC_MESSAGES/djangojs.po
(the editor's own).
"""
from django_prose_editor.widgets import AdminProseEditorWidget

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


def rich_text_widget():
    # The "configurable" preset is the one that reads the "extensions" config (the default one ignores it).
    return AdminProseEditorWidget(config={"extensions": EDITOR_EXTENSIONS}, preset="configurable")


class RichTextAdminMixin:
    """Edit ``rich_text_fields`` (and their _vi/_en translations) with the editor.

    Put it before TabbedTranslationAdmin in the bases: modeltranslation copies the widget of the original
    field (``body``) to ``body_vi``/``body_en`` and adds its tab classes to it, so the editor lands in each tab.
    """

    rich_text_fields = ("body",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        original = getattr(db_field, "translated_field", db_field)
        if original.name in self.rich_text_fields:
            kwargs["widget"] = rich_text_widget()
        return super().formfield_for_dbfield(db_field, request, **kwargs)
