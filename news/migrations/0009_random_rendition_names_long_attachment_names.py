"""Uploads: renditions get random names, attachments keep names longer than 100 characters, sizes are measured
by the site.

- Renditions stored as ``images/renditions/<image id>-<width>.jpg`` (guessable: counting ids finds the pictures
  of images not published yet) move to random names; the old files are deleted once the migration commits.
  Going back keeps the new names (the code before this migration reads any name).
- Attachment.file: an uploaded name is no longer limited to 100 characters (the stored name is the server's).
- Image.file and Rendition.file no longer have Django measure their pixels (which reads the file back, with
  every decoder Pillow has): news/images.py and news/renditions.py set width and height themselves.
"""
import logging
import os
import posixpath
import re
import shutil
import uuid

import django.utils.timezone
from django.db import migrations, models, transaction

import news.attachments
import news.images
import news.models.articles
import news.models.media

logger = logging.getLogger(__name__)

GUESSABLE = re.compile(r"^images/renditions/\d+-\d+\.[a-z]+$")


def _random_name(old):
    extension = posixpath.splitext(old)[1].lower()[:5]
    return f"images/renditions/{django.utils.timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


def _copy(storage, old, new):
    """The file ``old`` also under ``new``: a hard link on a local disk (instant), a copy elsewhere (S3)."""
    try:
        source, target = storage.path(old), storage.path(new)
    except NotImplementedError:
        with storage.open(old, "rb") as content:
            return storage.save(new, content)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
    return new


def rename_renditions(apps, schema_editor):
    Rendition = apps.get_model("news", "Rendition")
    using = schema_editor.connection.alias
    storage = Rendition._meta.get_field("file").storage
    old_names = []
    for pk, name in Rendition.objects.using(using).values_list("pk", "file").iterator():
        if not GUESSABLE.match(name or ""):
            continue
        if not storage.exists(name):
            # A row without its file: dropped, made again (with a random name) when a page first shows the image.
            Rendition.objects.using(using).filter(pk=pk).delete()
            continue
        new = _copy(storage, name, _random_name(name))
        Rendition.objects.using(using).filter(pk=pk).update(file=new)
        old_names.append(name)

    def delete_old_files():
        for name in old_names:
            try:
                storage.delete(name)
            except Exception:
                logger.warning("Could not delete the old rendition %s", name, exc_info=True)

    # Only once the new names are committed: rolled back, the rows still name the old files, which are kept.
    transaction.on_commit(delete_old_files, using=using)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0008_indexes_for_scale"),
    ]

    operations = [
        migrations.AlterField(
            model_name="attachment",
            name="file",
            field=news.attachments.AttachmentFileField(
                upload_to=news.models.articles.attachment_upload_to,
                validators=[news.attachments.validate_attachment_file],
                verbose_name="file",
            ),
        ),
        migrations.AlterField(
            model_name="image",
            name="file",
            field=models.ImageField(
                upload_to=news.models.media.image_upload_to,
                validators=[news.images.validate_image_file],
                verbose_name="file",
            ),
        ),
        migrations.AlterField(
            model_name="rendition",
            name="file",
            field=models.ImageField(upload_to=news.models.media.rendition_upload_to),
        ),
        migrations.RunPython(rename_renditions, migrations.RunPython.noop),
    ]
