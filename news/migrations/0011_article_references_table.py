"""The references table: each article's document citations as parsed rows (news/citations.py fills it on save).

Derived data, like the links: the table starts empty; `manage.py relink_citations` fills it for the articles
already there (saving an article fills its own rows).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('news', '0010_document_relations_validity_full_text'),
    ]

    operations = [
        migrations.CreateModel(
            name='ArticleReference',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(max_length=10)),
                ('field', models.CharField(max_length=10)),
                ('position', models.PositiveIntegerField()),
                ('kind', models.CharField(max_length=20)),
                ('key', models.CharField(max_length=100)),
                ('number', models.CharField(blank=True, max_length=100)),
                ('document_type', models.CharField(blank=True, max_length=30)),
                ('issued_on', models.DateField(blank=True, null=True)),
                ('term', models.CharField(blank=True, max_length=10)),
                ('plenum', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('text', models.CharField(max_length=300)),
                ('status', models.CharField(choices=[('linked', 'linked to its document'), ('missing', 'not in the registry'), ('ambiguous', 'several documents match')], max_length=10)),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='references', to='news.article')),
                ('directive', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='article_references', to='news.directive')),
            ],
            options={
                'verbose_name': 'document reference',
                'verbose_name_plural': 'document references',
                'default_permissions': (),
                'ordering': ['article', 'language', 'field', 'position'],
                'indexes': [models.Index(fields=['key'], name='articlereference_key'), models.Index(fields=['status', 'key'], name='articlereference_status_key')],
            },
        ),
    ]
