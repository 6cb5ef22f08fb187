"""Directives (văn bản): Party and state documents that articles cite, with the metadata readers expect."""
import posixpath
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from news.attachments import validate_attachment_file
from news.references import normalize_number
from news.search import vietnamese_slugify


def directive_upload_to(instance, filename):
    extension = posixpath.splitext(filename)[1].lower()[:6]
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class Directive(models.Model):
    """A Party or state document (số ký hiệu, loại, cơ quan ban hành, ...), cited by articles.

    Party numbers restart with each term, so a number identifies a document only together with its date.
    """

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

    class Validity(models.TextChoices):
        UNKNOWN = "", _("Not recorded")
        IN_FORCE = "in_force", _("In force")
        PARTLY_IN_FORCE = "partly_in_force", _("Partly in force")
        NOT_YET = "not_yet_in_force", _("Not yet in force")
        EXPIRED = "expired", _("No longer in force")

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
    signer = models.CharField(_("signer"), max_length=200, blank=True)
    summary = models.TextField(_("summary (trích yếu)"), blank=True)
    validity = models.CharField(_("validity status"), max_length=20, choices=Validity.choices, blank=True, default="")
    file = models.FileField(
        _("attached file"), upload_to=directive_upload_to, blank=True, validators=[validate_attachment_file]
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)

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
        ]

    def __str__(self):
        return self.citation

    @property
    def citation(self):
        """How the document is named in text: "Quyết định 47-QĐ/TW" or "Nghị quyết Trung ương 4 khóa XI"."""
        kind = self.get_document_type_display()
        if self.number:
            return f"{kind} {self.number}"
        if self.plenum and self.term:
            return _("%(kind)s of Plenum %(plenum)s, term %(term)s") % {
                "kind": kind,
                "plenum": self.plenum,
                "term": self.term,
            }
        return f"{kind} ({self.issued_on:%d/%m/%Y})" if self.issued_on else kind

    def get_absolute_url(self):
        return reverse("news:directive", kwargs={"slug": self.slug})

    def clean(self):
        self.number = normalize_number(self.number)
        errors = {}
        if self.number and not self.issued_on:
            # Party numbers repeat across terms: without its date a number does not say which document it is.
            errors["issued_on"] = _("Enter the issue date: a number alone does not identify a document.")
        if not self.number and not (self.plenum and self.term) and not self.issued_on:
            errors["number"] = _("Enter a number, or the plenum and term, or at least the issue date.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.number = normalize_number(self.number)
        if not self.slug:
            self.slug = self._default_slug()
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
