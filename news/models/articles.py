"""News articles: what staff write and the public reads, with their attachments."""
import posixpath
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import get_language

from news.attachments import AttachmentFileField, original_name, validate_attachment_file
from news.search import vietnamese_slugify

from .taxonomy import unique_per_language


# An article is written in a language when it has these fields in it (see ArticleQuerySet.published).
WRITTEN_IN_FIELDS = ("title", "body", "slug")


def written_in(language):
    """The condition "has a title, body and slug in ``language``", for filters and annotations."""
    condition = models.Q()
    for field in WRITTEN_IN_FIELDS:
        condition &= ~models.Q(**{f"{field}_{language}__isnull": True}) & ~models.Q(**{f"{field}_{language}": ""})
    return condition


def not_come_down(now):
    """The condition "no time to come down, or one still to come" (expiry), for filters beside ``published()``."""
    return models.Q(unpublish_at__isnull=True) | models.Q(unpublish_at__gt=now)


class ArticleQuerySet(models.QuerySet):
    def published(self, language=None):
        """What the public may see in ``language`` (default: the active one).

        Published status, a publication time that has come, no time to come down that has come (expiry: no
        cron job, as for scheduled publishing), and a title and body written in that language.
        This is the only definition of "public"; views, feeds and sitemaps all go through it.
        """
        lang = language or get_language()
        now = timezone.now()
        return self.filter(
            written_in(lang),
            not_come_down(now),
            status=Article.Status.PUBLISHED,
            published_at__lte=now,
        )

    def newest_first(self):
        return self.order_by("-published_at", "-pk")


def photo_upload_to(instance, filename):
    # Article.photo moved to the image library (migration 0007); migration 0001 still names this function.
    # The server chooses the stored name; the uploaded name only lends its (checked) extension.
    extension = posixpath.splitext(filename)[1].lower()[:5]
    return f"news/photos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


def attachment_upload_to(instance, filename):
    # The server chooses the stored name (short, whatever the uploaded one's length); Attachment keeps the
    # uploaded name apart for the download.
    extension = posixpath.splitext(filename)[1].lower()[:6]
    return f"news/attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class Article(models.Model):
    """A news article (tin bài) of the portal, written in Vietnamese and optionally in English."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("Pending review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Unpublished (archived)")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"), max_length=200, blank=True, help_text=_("Part of the address; filled from the title if left empty.")
    )
    source_label = models.CharField(
        _("source label"),
        max_length=40,
        default="MPI",
        blank=True,
        help_text=_('Shown in brackets before the lead, e.g. "MPI" gives "(MPI) - ".'),
    )
    lead = models.TextField(_("lead"), blank=True, help_text=_("The sapo, shown in bold under the date."))
    body = models.TextField(_("body"), blank=True, help_text=_("HTML; unsafe markup is removed on save."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Shown on the page; the article is public only from this time on."),
    )
    unpublish_at = models.DateTimeField(
        _("time to come down"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Optional: from this time on readers no longer see the article (it expires by itself)."),
    )
    section = models.ForeignKey(
        "news.Section", on_delete=models.PROTECT, related_name="articles", verbose_name=_("section")
    )
    tags = models.ManyToManyField("news.Tag", blank=True, related_name="articles", verbose_name=_("tags"))
    organizations = models.ManyToManyField(
        "news.Organization", blank=True, related_name="articles", verbose_name=_("related organizations")
    )
    directives = models.ManyToManyField(
        "news.Directive", blank=True, related_name="articles", verbose_name=_("related documents")
    )
    # Derived on save from the text by news/references.py; never edited by hand.
    lead_linked = models.TextField(_("lead with document links"), blank=True, editable=False)
    body_linked = models.TextField(_("body with document links"), blank=True, editable=False)
    cited_directives = models.ManyToManyField(
        "news.Directive", blank=True, editable=False, related_name="citing_articles",
        verbose_name=_("documents cited in the text"),
    )
    unresolved_references = models.JSONField(
        _("references not in the registry"), default=list, blank=True, editable=False,
        help_text=_("Document numbers cited in the text that the registry does not have yet."),
    )
    image = models.ForeignKey(
        "news.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("lead image"),
        help_text=_("From the image library; its caption and alternative text are shown with it."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("author"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("last saved by"),
    )
    # Translation status (news/translation_status.py derives both on save): the Vietnamese text's edition counts
    # its changes; the English records the edition it was made from, so staff see when it falls behind.
    vi_edition = models.PositiveIntegerField(_("Vietnamese edition"), default=1, editable=False)
    en_made_from = models.PositiveIntegerField(
        _("English made from edition"), null=True, blank=True, editable=False,
    )
    # Optimistic locking: a save made from a form showing an older version is refused (news/admin/forms_locking.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("publish_article", _("Can publish, unpublish and schedule articles")),
            ("edit_any_article", _("Can edit articles written by others")),
        ]
        indexes = [
            # A section's public articles, newest first (section pages, "more in this section" on an article,
            # the home page's blocks): read in index order and stop after a page, at any number of articles.
            models.Index(
                fields=["section", "-published_at", "-id"], name="article_section_public_newest",
                condition=models.Q(status="published"),
            ),
            # The newest change among public articles: the sitemap's and feeds' lastmod, without a table scan.
            models.Index(
                fields=["-updated_at"], name="article_public_updated", condition=models.Q(status="published"),
            ),
        ]
        constraints = unique_per_language("article") + [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="article_published_has_time",
                violation_error_message=_("A published article needs a publication time."),
            ),
        ]

    def __str__(self):
        return self.title or ""

    def clean(self):
        errors = {}
        if self.status == self.Status.PUBLISHED and not self.published_at:
            # Publishing without choosing a time means "now", which is what staff expect.
            self.published_at = timezone.now()
        if self.unpublish_at and self.published_at and self.unpublish_at <= self.published_at:
            from news.templatetags.portal import portal_datetime

            errors["unpublish_at"] = _(
                "The time to come down must be after the publication time (%(published)s)."
            ) % {"published": portal_datetime(self.published_at)}
        if self.status == self.Status.PUBLISHED and not (self.body_vi or "").strip():
            errors["body_vi"] = _("An article needs a Vietnamese body before it can be published.")
        if self.status == self.Status.PUBLISHED and self.image_id:
            missing = self.languages_missing_image_alt()
            if missing:
                errors["image"] = _(
                    "Describe the lead image (alternative text) for readers who cannot see it, in %(languages)s, "
                    "before publishing: edit the image in the library."
                ) % {"languages": ", ".join(missing)}
        if errors:
            raise ValidationError(errors)

    def languages_missing_image_alt(self):
        """Names of the languages this article is published in whose lead image has no alternative text.

        The rule for publishing with an image; the workflow's publish actions should check it too.
        """
        if not self.image_id:
            return []
        image = self.image
        return [
            str(name) for code, name in settings.LANGUAGES
            if (code == "vi" or (getattr(self, f"title_{code}") and getattr(self, f"body_{code}")))
            and not (getattr(image, f"alt_{code}") or "").strip()
        ]

    def save(self, *args, **kwargs):
        from modeltranslation.settings import AVAILABLE_LANGUAGES

        for lang in AVAILABLE_LANGUAGES:
            title = getattr(self, f"title_{lang}")
            if title and not getattr(self, f"slug_{lang}"):
                setattr(self, f"slug_{lang}", vietnamese_slugify(title, max_length=200))
        super().save(*args, **kwargs)

    def is_written_in(self, language):
        """The language half of ``published()``, for an article already loaded: no query."""
        return all(getattr(self, f"{field}_{language}", None) for field in WRITTEN_IN_FIELDS)

    def get_absolute_url(self):
        return reverse("news:article", kwargs={"section": self.section.slug, "slug": self.slug})

    def body_html(self):
        """The body to show in the active language: with document links when they have been derived, and the
        links and pictures chosen in the editor as their targets are now (news/internal_links.py)."""
        from news.internal_links import render

        lang = get_language()
        return render(getattr(self, f"body_linked_{lang}") or getattr(self, f"body_{lang}") or "")

    def lead_html(self):
        """The lead (plain text) as HTML in the active language, with its document links."""
        from django.utils.html import escape

        lang = get_language()
        return getattr(self, f"lead_linked_{lang}") or escape(getattr(self, f"lead_{lang}") or "")


class ArticleReference(models.Model):
    """A document reference found in an article's lead or body, one row per citation as written (derived).

    news/citations.py writes the rows on every save of the article, from news/references.py, and keeps them
    in step with the registry: ``key`` is what a document answers to (``news.references.directive_keys``), so
    adding, renumbering or deleting a document finds the articles citing it by an index lookup, and the
    references no document answers are the registry's missing documents (the admin lists and counts them).
    """

    class Status(models.TextChoices):
        LINKED = "linked", _("linked to its document")
        MISSING = "missing", _("not in the registry")
        AMBIGUOUS = "ambiguous", _("several documents match")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="references")
    language = models.CharField(max_length=10)
    field = models.CharField(max_length=10)  # "lead" or "body"
    position = models.PositiveIntegerField()  # where the citation starts in the field's HTML
    kind = models.CharField(max_length=20)  # news.references.Reference.kind
    key = models.CharField(max_length=100)
    number = models.CharField(max_length=100, blank=True)  # normalised, as the registry writes numbers
    document_type = models.CharField(max_length=30, blank=True)
    issued_on = models.DateField(null=True, blank=True)  # the date the text gives, if any
    term = models.CharField(max_length=10, blank=True)
    plenum = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.CharField(max_length=300)  # as written (entities decoded)
    directive = models.ForeignKey(
        "news.Directive", on_delete=models.SET_NULL, null=True, blank=True, related_name="article_references"
    )
    status = models.CharField(max_length=10, choices=Status.choices)

    class Meta:
        ordering = ["article", "language", "field", "position"]
        verbose_name = _("document reference")
        verbose_name_plural = _("document references")
        default_permissions = ()  # derived rows: nobody adds, edits or deletes them by hand
        indexes = [
            # A document saved or deleted: the articles whose references it may answer.
            models.Index(fields=["key"], name="articlereference_key"),
            # The documents missing from the registry, by number, with how many articles cite each.
            models.Index(fields=["status", "key"], name="articlereference_status_key"),
        ]

    def __str__(self):
        return self.text


class Attachment(models.Model):
    """A file attached to an article (File đính kèm), listed under the body with its type and size."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=300)
    file = AttachmentFileField(_("file"), upload_to=attachment_upload_to, validators=[validate_attachment_file])
    # The name readers download it under: the uploaded one, up to 255 characters (longer: shortened, keeping
    # its extension). The stored name is the server's.
    original_name = models.CharField(_("original file name"), max_length=255, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title or self.original_name

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            self.original_name = original_name(self.file.name, 255)
            self.size = self.file.size
        super().save(*args, **kwargs)

    @property
    def file_type(self):
        """The type readers see next to the name, from the stored file's extension: "PDF", "DOCX"."""
        name = self.original_name or (self.file.name if self.file else "")
        return posixpath.splitext(name)[1].lstrip(".").upper()


class ArticleTransition(models.Model):
    """One change of an article's state (draft -> review -> published ...): who, when, from, to."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=20, choices=Article.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Article.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")

    def __str__(self):
        return f"{self.article}: {self.from_status} -> {self.to_status}"
