"""Drafts for public comment (dự thảo lấy ý kiến), their files, and the comments the public sends on them.

What "public" means for a draft is ``DraftQuerySet.published()`` and nowhere else; where its comment period
stands (upcoming, open, closed) is read from the clock by the queryset and ``Draft.period()``: no cron job.
"""
import math
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
from news.models import Directive
from news.search import vietnamese_slugify
from orgsite.storage import private_storage

# A draft is written in a language when it has these fields in it (see DraftQuerySet.published).
WRITTEN_IN_FIELDS = ("title", "summary")


def written_in(language):
    condition = models.Q()
    for name in WRITTEN_IN_FIELDS:
        condition &= ~models.Q(**{f"{name}_{language}__isnull": True}) & ~models.Q(**{f"{name}_{language}": ""})
    return condition


def draft_file_upload_to(instance, filename):
    extension = posixpath.splitext(filename)[1].lower()[:6]
    return f"consultation/drafts/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


def comment_attachment_upload_to(instance, filename):
    # Never the commenter's own name (personal data, and unguessable: only staff are given the link).
    extension = posixpath.splitext(filename)[1].lower()[:6]
    return f"consultation/comments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class Period(models.TextChoices):
    """Where a draft's comment period stands at a moment."""

    UPCOMING = "upcoming", _("Not open yet")
    OPEN = "open", _("Open for comment")
    CLOSED = "closed", _("Closed")


class DraftQuerySet(models.QuerySet):
    def published(self, language=None):
        """What the public may see in ``language`` (default: the active one): published by an editor, from its
        publication time on, with a title and summary written in that language. The only definition of public."""
        lang = language or get_language()
        return self.filter(written_in(lang), status=Draft.Status.PUBLISHED, published_at__lte=timezone.now())

    def open_for_comment(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def closed(self, now=None):
        return self.filter(closes_at__lte=now or timezone.now())

    def upcoming(self, now=None):
        return self.filter(opens_at__gt=now or timezone.now())


class Draft(models.Model):
    """A draft legal document the ministry posts for comment by the people and organisations it affects."""

    Period = Period

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("Pending review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Unpublished (archived)")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, blank=True,
        help_text=_("Part of the address; filled from the title if left empty."),
    )
    summary = models.TextField(_("summary"), help_text=_("What the draft is about and whom it concerns; plain text."))
    document_type = models.CharField(_("document type"), max_length=30, choices=Directive.DocumentType.choices)
    drafting_unit = models.ForeignKey(
        "news.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="consultation_drafts",
        verbose_name=_("drafting unit"),
    )
    opens_at = models.DateTimeField(_("comments open at"), db_index=True)
    closes_at = models.DateTimeField(
        _("comments close at"), db_index=True,
        help_text=_("The form closes at this moment by itself; comments sent later are refused."),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=60, blank=True)
    directive = models.ForeignKey(
        "news.Directive", on_delete=models.SET_NULL, null=True, blank=True, related_name="consultation_drafts",
        verbose_name=_("issued as"), help_text=_("The document in the registry this draft became, once issued."),
    )
    report = models.TextField(
        _("report on the comments"), blank=True,
        help_text=_("Báo cáo tiếp thu, giải trình: how the comments were taken in or answered. HTML; unsafe markup "
                    "is removed on save."),
    )
    report_file = AttachmentFileField(
        _("report file"), upload_to=draft_file_upload_to, blank=True, validators=[validate_attachment_file]
    )
    publish_report = models.BooleanField(
        _("publish the report"), default=False,
        help_text=_("Readers see the report on the draft's page once the comment period has ended, not before."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(
        _("publication time"), null=True, blank=True, db_index=True,
        help_text=_("The draft is public from this time on."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="consultation_drafts",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DraftQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("draft for comment")
        verbose_name_plural = _("drafts for comment")
        permissions = [
            ("publish_draft", _("Can publish drafts for comment")),
            ("edit_any_draft", _("Can edit anyone's drafts for comment")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="draft_closes_after_it_opens",
                violation_error_message=_("The comment period must close after it opens."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultation:draft", kwargs={"slug": self.slug})

    def period(self, now=None):
        now = now or timezone.now()
        if now < self.opens_at:
            return Period.UPCOMING
        return Period.OPEN if now < self.closes_at else Period.CLOSED

    def is_open(self, now=None):
        return self.period(now) == Period.OPEN

    def days_left(self, now=None):
        """Whole days until the period closes, counting a started day as one (0 once closed)."""
        remaining = (self.closes_at - (now or timezone.now())).total_seconds()
        return max(0, math.ceil(remaining / 86400))

    def report_is_public(self, now=None):
        """Readers see the report once the period has ended and staff chose to publish it."""
        return self.publish_report and self.period(now) == Period.CLOSED and bool(self.report or self.report_file)

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The comment period must close after it opens.")})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._free_slug()
        super().save(*args, **kwargs)

    def _free_slug(self):
        base = slug = vietnamese_slugify(self.title_vi or self.title or "du-thao", 190) or "du-thao"
        taken = set(Draft.objects.filter(slug__startswith=base).exclude(pk=self.pk).values_list("slug", flat=True))
        suffix = 1
        while slug in taken:
            suffix += 1
            slug = f"{base}-{suffix}"
        return slug


class DraftFile(models.Model):
    """A file of a draft's dossier: the draft text itself, the submission (tờ trình), the impact assessment..."""

    class Kind(models.TextChoices):
        DRAFT_TEXT = "draft", _("Draft text")
        SUBMISSION = "submission", _("Submission (tờ trình)")
        IMPACT = "impact", _("Impact assessment report")
        OTHER = "other", _("Other supporting paper")

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DRAFT_TEXT)
    title = models.CharField(_("title"), max_length=300, blank=True, help_text=_("Empty: the kind is shown."))
    file = AttachmentFileField(_("file"), upload_to=draft_file_upload_to, validators=[validate_attachment_file])
    original_name = models.CharField(_("original file name"), max_length=255, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("draft file")
        verbose_name_plural = _("draft files")

    def __str__(self):
        return self.title or self.get_kind_display()

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            self.original_name = original_name(self.file.name, 255)
            self.size = self.file.size
        super().save(*args, **kwargs)

    @property
    def file_type(self):
        name = self.original_name or (self.file.name if self.file else "")
        return posixpath.splitext(name)[1].lstrip(".").upper()


class Comment(models.Model):
    """A comment sent on a draft through the public form. Its personal data is seen by staff only and erased
    CONSULTATION_PERSONAL_DATA_DAYS after the period closes (``erase_commenter_data``); the text stays."""

    class Moderation(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", _("Accepted for handling")
        REJECTED = "rejected", _("Rejected (spam or abuse)")

    class Disposition(models.TextChoices):
        NONE = "", _("Not handled yet")
        ACCEPTED = "accepted", _("Taken in (tiếp thu)")
        EXPLAINED = "explained", _("Explained (giải trình)")
        NOT_ACCEPTED = "not_accepted", _("Not taken in")

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="comments", verbose_name=_("draft"))
    # Personal data (13/2023/NĐ-CP): blanked by erase_commenter_data; ``personal_data_erased_at`` says when.
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, db_index=True)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    address_hash = models.CharField(
        _("address (keyed hash)"), max_length=64, blank=True, db_index=True, editable=False,
        help_text=_("A keyed hash of the sender's network address, for the per-address limit; never the address."),
    )
    # Private storage: only staff download it, through a view that checks who asks (never a /media/ address).
    attachment = AttachmentFileField(
        _("attachment"), upload_to=comment_attachment_upload_to, blank=True, validators=[validate_attachment_file],
        storage=private_storage,
    )
    attachment_name = models.CharField(_("attachment's file name"), max_length=255, blank=True, editable=False)
    personal_data_erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True, editable=False)
    # The comment itself.
    article_ref = models.CharField(_("article (Điều) commented on"), max_length=60, blank=True)
    body = models.TextField(_("text of the comment"))
    language = models.CharField(_("language"), max_length=5, default="vi", editable=False)
    submitted_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True, editable=False)
    consent_at = models.DateTimeField(_("consent given at"), editable=False)
    # Staff's work on it.
    moderation = models.CharField(
        _("moderation"), max_length=20, choices=Moderation.choices, default=Moderation.PENDING, db_index=True
    )
    disposition = models.CharField(
        _("handling"), max_length=20, choices=Disposition.choices, default=Disposition.NONE, blank=True,
        db_index=True,
    )
    response = models.TextField(_("answer"), blank=True, help_text=_("How the drafting unit took it in or why not."))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("public comment")
        verbose_name_plural = _("public comments")
        indexes = [models.Index(fields=["draft", "submitted_at"], name="comment_draft_sent")]

    def __str__(self):
        return _("Comment %(number)s on “%(draft)s”") % {"number": self.pk, "draft": self.draft}

    def save(self, *args, **kwargs):
        if self.attachment and not self.attachment._committed:
            self.attachment_name = original_name(self.attachment.name, 255)
        super().save(*args, **kwargs)
