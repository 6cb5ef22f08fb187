"""The document registry as legal databases show it: relations between documents, derived validity, expiry
and gazette, subject areas, full text.

- ``Directive.validity`` (typed by hand) becomes ``validity_override``: validity is now derived from dates and
  relations (news/models/relations.py). A typed value the derivation would give anyway is cleared, so it follows
  the dates from now on; one it would not give (e.g. "in force" without an effective date) is kept as set by
  hand, so every page shows what it showed before. "" ("not recorded", the default nobody chose) is cleared.
  Going back copies the hand-set values back ("not recorded" as "").
- The new models' permissions: administrators (Quản trị) get them all, writers and editors may view (they read
  the registry), as migration 0006 gave for documents.
"""
import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def derived_from_dates(directive, today):
    """What news/models/relations.py derives for a document with no relations and no expiry date (none has
    either yet)."""
    if directive.effective_on is None:
        return "unknown"
    return "not_yet_in_force" if directive.effective_on > today else "in_force"


def keep_only_what_cannot_be_derived(apps, schema_editor):
    Directive = apps.get_model("news", "Directive")
    using = schema_editor.connection.alias
    today = timezone.localdate()
    for directive in Directive.objects.using(using).exclude(validity_override="").only("pk", "effective_on",
                                                                                       "validity_override"):
        if directive.validity_override == derived_from_dates(directive, today):
            Directive.objects.using(using).filter(pk=directive.pk).update(validity_override="")


def empty_reasons(apps, schema_editor):
    """The new translated column holds "" for "no reason", as a save stores it, rather than NULL."""
    Directive = apps.get_model("news", "Directive")
    using = schema_editor.connection.alias
    for column in ("validity_reason_vi", "validity_reason_en"):
        Directive.objects.using(using).filter(**{f"{column}__isnull": True}).update(**{column: ""})


def back_to_typed(apps, schema_editor):
    Directive = apps.get_model("news", "Directive")
    Directive.objects.using(schema_editor.connection.alias).filter(validity_override="unknown").update(
        validity_override=""
    )


ROLE_PERMISSIONS = {
    "Quản trị": ["add", "change", "delete", "view"],
    "Biên tập viên": ["view"],
    "Phóng viên": ["view"],
}


def grant_permissions(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrations; the roles need them now (as in 0006).
    app_config = apps.get_app_config("news")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in ROLE_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        codenames = [f"{action}_{model}" for action in actions for model in ("documentrelation", "subjectarea")]
        group.permissions.add(*Permission.objects.filter(content_type__app_label="news", codename__in=codenames))


class Migration(migrations.Migration):

    dependencies = [
        ('news', '0009_random_rendition_names_long_attachment_names'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='SubjectArea',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, verbose_name='name')),
                ('name_vi', models.CharField(max_length=120, null=True, verbose_name='name')),
                ('name_en', models.CharField(max_length=120, null=True, verbose_name='name')),
                ('slug', models.SlugField(help_text="Its address in the list's filter.", max_length=120, unique=True, verbose_name='slug')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
            ],
            options={
                'verbose_name': 'subject area',
                'verbose_name_plural': 'subject areas',
                'ordering': ['position', 'name'],
            },
        ),
        migrations.RenameField(model_name='directive', old_name='validity', new_name='validity_override'),
        migrations.AddField(
            model_name='directive',
            name='expires_on',
            field=models.DateField(blank=True, help_text='The first day the document is no longer in force, when the document itself sets it.', null=True, verbose_name='expires on'),
        ),
        migrations.AddField(
            model_name='directive',
            name='full_text',
            field=models.TextField(blank=True, help_text="The document's text as published; a long text gets a table of contents by article (Điều).", verbose_name='full text'),
        ),
        migrations.AddField(
            model_name='directive',
            name='gazette_date',
            field=models.DateField(blank=True, null=True, verbose_name='gazette date'),
        ),
        migrations.AddField(
            model_name='directive',
            name='gazette_number',
            field=models.CharField(blank=True, help_text='State documents only: where the Official Gazette published it, e.g. "Số 725 + 726".', max_length=60, verbose_name='gazette number (số công báo)'),
        ),
        migrations.AlterField(
            model_name='directive',
            name='validity_override',
            field=models.CharField(blank=True, choices=[('', 'Derived from its dates and relations'), ('in_force', 'In force'), ('partly_in_force', 'Partly in force'), ('not_yet_in_force', 'Not yet in force'), ('expired', 'No longer in force'), ('unknown', 'Not recorded')], default='', max_length=20, verbose_name='validity set by hand'),
        ),
        migrations.AddField(
            model_name='directive',
            name='validity_reason',
            field=models.CharField(blank=True, max_length=300, verbose_name='why the validity is set by hand'),
        ),
        migrations.AddField(
            model_name='directive',
            name='validity_reason_en',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='why the validity is set by hand'),
        ),
        migrations.AddField(
            model_name='directive',
            name='validity_reason_vi',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='why the validity is set by hand'),
        ),
        migrations.CreateModel(
            name='DocumentRelation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('amends', 'Amends or supplements'), ('replaces', 'Replaces'), ('repeals', 'Repeals'), ('guides', 'Guides or details'), ('based_on', 'Is based on'), ('corrects', 'Corrects'), ('consolidates', 'Consolidates'), ('implements', 'Implements')], max_length=20, verbose_name='relation')),
                ('target_number', models.CharField(blank=True, help_text='For a document not in the registry yet: it links by itself once that document is added.', max_length=60, verbose_name='number, if not in the registry')),
                ('target_issued_on', models.DateField(blank=True, null=True, verbose_name='issued on, if not in the registry')),
                ('target_type', models.CharField(blank=True, choices=[('nghi-quyet', 'Resolution'), ('quyet-dinh', 'Decision'), ('chi-thi', 'Directive'), ('ket-luan', 'Conclusion'), ('quy-dinh', 'Regulation'), ('quy-che', 'Rules'), ('huong-dan', 'Guidance'), ('thong-bao', 'Notice'), ('ke-hoach', 'Plan'), ('luat', 'Law'), ('phap-lenh', 'Ordinance'), ('nghi-dinh', 'Decree'), ('thong-tu', 'Circular'), ('thong-tu-lien-tich', 'Joint circular'), ('cong-van', 'Official letter'), ('khac', 'Other')], max_length=30, verbose_name='type, if not in the registry')),
                ('parts', models.CharField(blank=True, help_text='E.g. "Điều 5; khoản 2 Điều 7". Leave empty when it concerns the whole document.', max_length=300, verbose_name='in part: which articles')),
                ('effective_on', models.DateField(blank=True, help_text='Leave empty when it takes effect with the document that states it.', null=True, verbose_name='takes effect on')),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='relations_from', to='news.directive', verbose_name='document')),
                ('target', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='relations_to', to='news.directive', verbose_name='related document')),
            ],
            options={
                'verbose_name': 'relation between documents',
                'verbose_name_plural': 'relations between documents',
                'ordering': ['pk'],
            },
        ),
        migrations.AddField(
            model_name='directive',
            name='subject_areas',
            field=models.ManyToManyField(blank=True, related_name='directives', to='news.subjectarea', verbose_name='subject areas'),
        ),
        migrations.AddConstraint(
            model_name='directive',
            constraint=models.CheckConstraint(condition=models.Q(('expires_on__isnull', True), ('issued_on__isnull', True), ('expires_on__gt', models.F('issued_on')), _connector='OR'), name='directive_expires_after_issued', violation_error_message='The expiry date must come after the issue date.'),
        ),
        migrations.AddIndex(
            model_name='documentrelation',
            index=models.Index(fields=['target_number', 'target_issued_on'], name='document_relation_placeholder'),
        ),
        migrations.AddConstraint(
            model_name='documentrelation',
            constraint=models.CheckConstraint(condition=models.Q(('target', models.F('source')), _negated=True), name='document_relation_not_to_itself', violation_error_message='A document cannot be related to itself.'),
        ),
        migrations.AlterUniqueTogether(
            name='documentrelation',
            unique_together={('source', 'kind', 'target')},
        ),
        migrations.RunPython(keep_only_what_cannot_be_derived, back_to_typed),
        migrations.RunPython(empty_reasons, migrations.RunPython.noop),
        migrations.RunPython(grant_permissions, migrations.RunPython.noop),
    ]
