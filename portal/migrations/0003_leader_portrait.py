"""Leaders' portraits come from the image library (news.Image), hence this migration's own dependency on it."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_roles"),
        ("news", "0007_image_library"),
    ]

    operations = [
        migrations.AddField(
            model_name="leader",
            name="portrait",
            field=models.ForeignKey(
                blank=True,
                help_text="From the image library.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="news.image",
                verbose_name="portrait",
            ),
        ),
    ]
