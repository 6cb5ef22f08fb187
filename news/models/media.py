"""The image library: pictures with their captions, alternative texts and credit, and their resized renditions.

Files belong to their rows: deleting an image (or giving it a new file) deletes its original and renditions from
the media storage once the deleting transaction has committed, so nothing deleted stays on disk to be served,
and nothing is lost when the transaction rolls back. Stored names are chosen by the server and cannot be guessed.
"""
import logging
import posixpath
import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from news.images import clean_image, validate_image_file

logger = logging.getLogger(__name__)


def image_upload_to(instance, filename):
    # The server chooses the stored name; the uploaded name only lends its (checked) extension.
    extension = posixpath.splitext(filename)[1].lower()[:5]
    return f"images/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


def rendition_upload_to(instance, filename):
    # Random like the originals': a rendition's address tells nothing of its image, so the pictures of images
    # not published yet cannot be found by counting.
    extension = posixpath.splitext(filename)[1].lower()[:5]
    return f"images/renditions/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


def delete_files_on_commit(storage, names, using=None):
    """Delete these stored files once the current transaction commits (at once outside one); never on rollback.

    A file still named by an image row then (two rows sharing one file, as loaded data may) is kept.
    """
    names = {name for name in names if name}
    if not names:
        return

    def delete():
        kept = set(Image.objects.using(using).filter(file__in=names).values_list("file", flat=True))
        for name in sorted(names - kept):
            try:
                storage.delete(name)
            except Exception:  # the rows are gone already; a file left behind is logged, never an error page
                logger.warning("Could not delete the stored file %s", name, exc_info=True)

    transaction.on_commit(delete, using=using)


class Image(models.Model):
    """A picture of the library, used as an article's lead image or inside its body."""

    # Its pixel size is measured by news/images.py from the clean copy on save (not by Django's ImageField,
    # which would read the file back, and with every decoder Pillow has).
    file = models.ImageField(_("file"), upload_to=image_upload_to, validators=[validate_image_file])
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    alt = models.CharField(
        _("alternative text"), max_length=300, blank=True,
        help_text=_("What the picture shows, for readers who cannot see it. Required before publishing."),
    )
    credit = models.CharField(_("credit"), max_length=200, blank=True, help_text=_("Photographer or source."))
    # The point the crops of the renditions keep in the picture, as fractions of its width and height from the
    # top left corner (0.5, 0.5 is the middle); chosen by clicking the picture in the admin.
    focal_x = models.FloatField(_("focal point, across"), null=True, blank=True)
    focal_y = models.FloatField(_("focal point, down"), null=True, blank=True)
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
        if not (self.file and not self.file._committed):
            return self._save_keeping_file(*args, **kwargs)
        # A new upload: store the clean copy (upright, no EXIF/GPS, nothing appended), and measure it.
        self.file, (self.width, self.height) = clean_image(self.file)
        if not self.pk:
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or self._state.db or "default"
        with transaction.atomic(using=using):
            replaced = Image.objects.using(using).filter(pk=self.pk).values_list("file", flat=True).first()
            # The old renditions go (their files after the commit); new ones are made on post_save. A list
            # prefetched with this image (the admin's) would hide that they are gone.
            getattr(self, "_prefetched_objects_cache", {}).pop("renditions", None)
            Rendition.objects.using(using).filter(image=self).delete()
            super().save(*args, **kwargs)
            if replaced != self.file.name:
                delete_files_on_commit(self.file.storage, [replaced], using=using)


    def _save_keeping_file(self, *args, **kwargs):
        """A save without a new file: a new focal point remakes the crops (wherever it was changed: the admin, a
        script), the resized copies stay."""
        if self.pk is None or kwargs.get("update_fields") is not None:
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or self._state.db or "default"
        before = Image.objects.using(using).filter(pk=self.pk).values_list("focal_x", "focal_y").first()
        super().save(*args, **kwargs)
        if before is not None and before != (self.focal_x, self.focal_y):
            from news.renditions import remake_crops

            remake_crops(self)


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
    # Width and height are known when it is made (news/renditions.py): the file is never read back to measure it.
    file = models.ImageField(upload_to=rendition_upload_to)

    class Meta:
        ordering = ["image", "format", "width"]
        constraints = [
            models.UniqueConstraint(fields=["image", "width", "format"], name="rendition_one_per_size_format"),
        ]

    def __str__(self):
        return f"{self.image_id} {self.width}w {self.format}"


@receiver(post_delete, sender=Image, dispatch_uid="news_image_file_delete")
@receiver(post_delete, sender=Rendition, dispatch_uid="news_rendition_file_delete")
def delete_stored_file(sender, instance, using, **kwargs):
    """An image or rendition deleted: its file goes too, once the deletion is committed."""
    if instance.file:
        delete_files_on_commit(instance.file.storage, [instance.file.name], using=using)
