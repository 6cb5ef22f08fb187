"""The image library: pictures with their captions, alternative texts and credit, and their resized renditions."""
import posixpath
import uuid

from django.conf import settings
from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from news.images import clean_image, validate_image_file


def image_upload_to(instance, filename):
    # The server chooses the stored name; the uploaded name only lends its (checked) extension.
    extension = posixpath.splitext(filename)[1].lower()[:5]
    return f"images/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


def rendition_upload_to(instance, filename):
    return f"images/renditions/{filename}"


class Image(models.Model):
    """A picture of the library, used as an article's lead image or inside its body."""

    file = models.ImageField(
        _("file"), upload_to=image_upload_to, validators=[validate_image_file],
        width_field="width", height_field="height",
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    alt = models.CharField(
        _("alternative text"), max_length=300, blank=True,
        help_text=_("What the picture shows, for readers who cannot see it. Required before publishing."),
    )
    credit = models.CharField(_("credit"), max_length=200, blank=True, help_text=_("Photographer or source."))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.caption or self.alt or posixpath.basename(self.file.name or "")

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            # A new upload: store the clean copy (upright, no EXIF/GPS, nothing appended), and forget
            # renditions of the old file.
            self.file, _size = clean_image(self.file)
            if self.pk:
                # Not the list prefetched with this image (the admin's): it would still show them once deleted,
                # and no new ones would be made.
                getattr(self, "_prefetched_objects_cache", {}).pop("renditions", None)
                for rendition in self.renditions.all():
                    rendition.file.delete(save=False)
                    rendition.delete()
        super().save(*args, **kwargs)


@receiver(post_save, sender=Image, dispatch_uid="news_image_renditions")
def make_image_renditions(sender, instance, raw=False, **kwargs):
    from news.renditions import after_image_save

    after_image_save(instance, raw)


class Rendition(models.Model):
    """A resized copy of an image (width in pixels, format), made once and reused."""

    class Format(models.TextChoices):
        JPEG = "jpeg", "JPEG"
        WEBP = "webp", "WebP"

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    format = models.CharField(max_length=10, choices=Format.choices)
    file = models.ImageField(upload_to=rendition_upload_to, width_field="width", height_field="height")

    class Meta:
        ordering = ["image", "format", "width"]
        constraints = [
            models.UniqueConstraint(fields=["image", "width", "format"], name="rendition_one_per_size_format"),
        ]

    def __str__(self):
        return f"{self.image_id} {self.width}w {self.format}"
