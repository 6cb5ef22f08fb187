"""Directives (văn bản): Party and state documents that articles cite, with the metadata readers expect.

How documents stand towards one another (amends, replaces, guides...) and the validity derived from it are in
news/models/relations.py; the queryset here annotates the validity (``with_validity``).
"""
import posixpath
import unicodedata
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from news.attachments import validate_attachment_file
from news.references import normalize_number
from news.sanitize import sanitize_html
from news.search import vietnamese_slugify


def directive_upload_to(instance, filename):
    extension = posixpath.splitext(filename)[1].lower()[:6]
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class Validity(models.TextChoices):
    """Where a document stands today, as readers of legal databases know it (tình trạng hiệu lực)."""

    IN_FORCE = "in_force", _("In force")
    PARTLY_IN_FORCE = "partly_in_force", _("Partly in force")
    NOT_YET = "not_yet_in_force", _("Not yet in force")
    EXPIRED = "expired", _("No longer in force")
    UNKNOWN = "unknown", _("Not recorded")


class DirectiveQuerySet(models.QuerySet):
    def with_validity(self, today=None, details=False):
        """Annotate ``validity_code`` (a Validity value), derived as news/models/relations.py says.

        ``details``: also ``validity_ended_on`` and ``validity_ended_by_id`` (the date and the document that
        ended it), for the one document a page is about. ``today`` defaults to today in Hanoi.
        """
        from .relations import validity_annotations

        return self.annotate(**validity_annotations(today or timezone.localdate(), details))

    def validity_is(self, value, today=None):
        """The documents whose validity (as ``with_validity`` derives it) is ``value``."""
        from .relations import validity_is

        return self.filter(validity_is(value, today or timezone.localdate()))


class SubjectArea(models.Model):
    """A field of state management that documents are filed under (lĩnh vực): "Đầu tư", "Xây dựng Đảng"..."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, help_text=_("Its address in the list's filter."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("subject area")
        verbose_name_plural = _("subject areas")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = vietnamese_slugify(self.name_vi or self.name or "", 120)
        super().save(*args, **kwargs)


class Directive(models.Model):
    """A Party or state document (số ký hiệu, loại, cơ quan ban hành, ...), cited by articles.

    Party numbers restart with each term, so a number identifies a document only together with its date.
    A document without a number (a resolution or conclusion cited by its plenum and term) is a record like
    any other: it is identified by plenum and term, or by its type and issue date.
    """

    Validity = Validity

    class DocumentType(models.TextChoices):
        RESOLUTION = "nghi-quyet", _("Resolution")
        DECISION = "quyet-dinh", _("Decision")
        DIRECTIVE = "chi-thi", _("Directive")
        CONCLUSION = "ket-luan", _("Conclusion")
        REGULATION = "quy-dinh", _("Regulation")
        RULES = "quy-che", _("Rules")
        GUIDANCE = "huong-dan", _("Guidance")
        NOTICE = "thong-bao", _("Notice")
        PLAN = "ke-hoach", _("Plan")
        LAW = "luat", _("Law")
        ORDINANCE = "phap-lenh", _("Ordinance")
        DECREE = "nghi-dinh", _("Decree")
        CIRCULAR = "thong-tu", _("Circular")
        JOINT_CIRCULAR = "thong-tu-lien-tich", _("Joint circular")
        OFFICIAL_LETTER = "cong-van", _("Official letter")
        OTHER = "khac", _("Other")

    number = models.CharField(
        _("number"),
        max_length=60,
        blank=True,
        db_index=True,
        help_text=_('Số ký hiệu, e.g. "47-QĐ/TW" or "42/2022/NĐ-CP"; leave empty for a resolution cited by plenum.'),
    )
    document_type = models.CharField(_("document type"), max_length=30, choices=DocumentType.choices)
    issuing_body = models.ForeignKey(
        "news.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_directives",
        verbose_name=_("issuing body"),
    )
    term = models.CharField(
        _("term (khóa)"),
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^[IVXLC]+$", _("Write the term in Roman numerals, e.g. XIII."))],
    )
    plenum = models.PositiveSmallIntegerField(
        _("plenum"), null=True, blank=True, help_text=_('For "Nghị quyết Trung ương 4 khóa XI": 4.')
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True, db_index=True)
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    expires_on = models.DateField(
        _("expires on"),
        null=True,
        blank=True,
        help_text=_("The first day the document is no longer in force, when the document itself sets it."),
    )
    signer = models.CharField(_("signer"), max_length=200, blank=True)
    summary = models.TextField(_("summary (trích yếu)"), blank=True)
    subject_areas = models.ManyToManyField(
        SubjectArea, blank=True, related_name="directives", verbose_name=_("subject areas")
    )
    gazette_number = models.CharField(
        _("gazette number (số công báo)"),
        max_length=60,
        blank=True,
        help_text=_('State documents only: where the Official Gazette published it, e.g. "Số 725 + 726".'),
    )
    gazette_date = models.DateField(_("gazette date"), null=True, blank=True)
    # Validity is derived (relations.py); staff set it by hand only where the registry cannot know, with why.
    validity_override = models.CharField(
        _("validity set by hand"),
        max_length=20,
        choices=[("", _("Derived from its dates and relations"))] + Validity.choices,
        blank=True,
        default="",
    )
    validity_reason = models.CharField(_("why the validity is set by hand"), max_length=300, blank=True)
    full_text = models.TextField(
        _("full text"),
        blank=True,
        help_text=_("The document's text as published; a long text gets a table of contents by article (Điều)."),
    )
    file = models.FileField(
        _("attached file"), upload_to=directive_upload_to, blank=True, validators=[validate_attachment_file]
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)

    objects = DirectiveQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["number", "issued_on"],
                condition=~models.Q(number=""),
                name="directive_number_unique_per_date",
                violation_error_message=_(
                    "A document with this number and this issue date is already in the registry."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(effective_on__isnull=True)
                | models.Q(issued_on__isnull=True)
                | models.Q(effective_on__gte=models.F("issued_on")),
                name="directive_effective_after_issued",
                violation_error_message=_("The effective date cannot be earlier than the issue date."),
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(issued_on__isnull=True)
                | models.Q(expires_on__gt=models.F("issued_on")),
                name="directive_expires_after_issued",
                violation_error_message=_("The expiry date must come after the issue date."),
            ),
        ]

    def __str__(self):
        return self.citation

    @property
    def citation(self):
        """How the document is named in text: "Quyết định 47-QĐ/TW" or "Nghị quyết Trung ương 4 khóa XI"."""
        return citation_of(self.document_type, self.get_document_type_display(), self.number, self.issued_on,
                           self.plenum, self.term)

    def get_absolute_url(self):
        return reverse("news:directive", kwargs={"slug": self.slug})

    def resolve_waiting_relations(self):
        """Link the relations that named this document by number and date before it was registered."""
        from .relations import resolve_placeholders

        return resolve_placeholders(self)

    @property
    def validity(self):
        """Where the document stands today (a Validity), read from ``with_validity()``'s annotation."""
        return Validity(self.validity_code)

    def clean(self):
        self.number = normalize_number(self.number)
        errors = {}
        if self.number and not self.issued_on:
            # Party numbers repeat across terms: without its date a number does not say which document it is.
            errors["issued_on"] = _("Enter the issue date: a number alone does not identify a document.")
        if not self.number and not (self.plenum and self.term) and not self.issued_on:
            errors["number"] = _("Enter a number, or the plenum and term, or at least the issue date.")
        started = self.effective_on or self.issued_on
        if self.expires_on and started and self.expires_on <= started:
            errors["expires_on"] = _("The expiry date must come after the date the document takes effect.")
        if self.gazette_date and self.issued_on and self.gazette_date < self.issued_on:
            errors["gazette_date"] = _("The Gazette cannot publish a document before it is issued.")
        if self.validity_override and not (self.validity_reason_vi or self.validity_reason or "").strip():
            errors["validity_reason_vi"] = _("Say why the validity is set by hand: readers see the reason.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.number = normalize_number(self.number)
        if not self.slug:
            self.slug = self._free_slug()
        super().save(*args, **kwargs)

    def _default_slug(self):
        parts = [self.document_type]
        if self.number:
            parts.append(self.number)
        elif self.plenum and self.term:
            parts += ["tw", str(self.plenum), "khoa", self.term]
        if self.issued_on:
            parts.append(f"{self.issued_on:%Y-%m-%d}")
        return vietnamese_slugify("-".join(parts))

    def _free_slug(self):
        # Two documents without a number may share type and date (two conclusions of one meeting): -2, -3...
        base = slug = self._default_slug()
        taken = set(
            Directive.objects.filter(slug__startswith=base).exclude(pk=self.pk).values_list("slug", flat=True)
        )
        suffix = 1
        while slug in taken:
            suffix += 1
            slug = f"{base[:195]}-{suffix}"
        return slug


def citation_of(document_type, type_label, number, issued_on=None, plenum=None, term=None):
    """The citation of a document from its parts (also for one not in the registry yet: relations.py)."""
    kind = str(type_label) if document_type else str(_("Document"))
    if number:
        return f"{kind} {number}"
    if plenum and term:
        return _("%(kind)s of Plenum %(plenum)s, term %(term)s") % {"kind": kind, "plenum": plenum, "term": term}
    return f"{kind} ({issued_on:%d/%m/%Y})" if issued_on else kind


def clean_full_text(html):
    """A document's full text as stored: the site's HTML allow-list (news/sanitize.py), in NFC."""
    return unicodedata.normalize("NFC", sanitize_html(html)) if html else html
