"""Articles' photos move into the image library: one Image per photo (same stored file, caption and alt per
language), set as the article's lead image; then the old photo columns go. Reversible: going back copies the
lead image's file name, size, caption and alt back into the photo columns."""
from django.db import migrations
from django.utils import timezone

PHOTO_FIELDS = [
    "photo", "photo_width", "photo_height",
    "photo_caption", "photo_caption_vi", "photo_caption_en",
    "photo_alt", "photo_alt_vi", "photo_alt_en",
]


def checks_now(schema_editor):
    # PostgreSQL defers foreign-key checks to the commit, and then refuses the ALTER TABLEs that follow in the
    # same transaction ("pending trigger events"): check these rows' keys as they are written.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def photos_to_images(apps, schema_editor):
    checks_now(schema_editor)
    Article = apps.get_model("news", "Article")
    Image = apps.get_model("news", "Image")
    for row in Article.objects.exclude(photo="").exclude(photo__isnull=True).values("pk", *PHOTO_FIELDS):
        kept = Image.objects.filter(file=row["photo"]).order_by("pk").first()
        if kept is not None:
            # Migrated back and forwards again: the library still holds this photo, with its credit and history.
            Article.objects.filter(pk=row["pk"]).update(image=kept.pk)
            continue
        # Created without a file first: a historical ImageField would otherwise open the file to measure it.
        image = Image.objects.create(
            width=row["photo_width"], height=row["photo_height"],
            caption=row["photo_caption_vi"] or row["photo_caption"] or "",
            caption_vi=row["photo_caption_vi"] or row["photo_caption"] or "",
            caption_en=row["photo_caption_en"] or "",
            alt=row["photo_alt_vi"] or row["photo_alt"] or "",
            alt_vi=row["photo_alt_vi"] or row["photo_alt"] or "",
            alt_en=row["photo_alt_en"] or "",
            created_at=timezone.now(),
        )
        Image.objects.filter(pk=image.pk).update(file=row["photo"])
        Article.objects.filter(pk=row["pk"]).update(image=image.pk)


def images_to_photos(apps, schema_editor):
    checks_now(schema_editor)
    Article = apps.get_model("news", "Article")
    for article in Article.objects.exclude(image=None).select_related("image"):
        image = article.image
        Article.objects.filter(pk=article.pk).update(
            photo=image.file.name, photo_width=image.width, photo_height=image.height,
            photo_caption=image.caption_vi or "", photo_caption_vi=image.caption_vi, photo_caption_en=image.caption_en,
            photo_alt=image.alt_vi or "", photo_alt_vi=image.alt_vi, photo_alt_en=image.alt_en,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0006_newsroom_roles"),
    ]

    operations = [
        migrations.RunPython(photos_to_images, images_to_photos),
        *[migrations.RemoveField(model_name="article", name=name) for name in PHOTO_FIELDS],
    ]
