"""The newsroom roles (news migration 0006) for drafts for comment.

Writers prepare drafts and their files and submit them; editors publish them and handle the comments, whose
personal data only they (and administrators) see; administrators have every permission of the app.
"""
from django.db import migrations

WRITER = ["view_draft", "add_draft", "change_draft", "view_draftfile", "add_draftfile", "change_draftfile",
          "delete_draftfile"]
EDITOR = WRITER + ["publish_draft", "edit_any_draft", "delete_draft", "view_comment", "change_comment"]
ROLES = {"Phóng viên": WRITER, "Biên tập viên": EDITOR, "Quản trị": None}


def permissions_for(name, Permission):
    """The app's permissions of role ``name`` (also used by the tests to make a role's group again)."""
    permissions = Permission.objects.filter(content_type__app_label="consultation")
    codenames = ROLES[name]
    return permissions if codenames is None else permissions.filter(codename__in=codenames)


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("consultation")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in ROLES:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions_for(name, Permission))


def keep(apps, schema_editor):
    pass  # as news 0006: going back keeps the groups and what they were granted


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0001_drafts_files_comments"),
        ("news", "0006_newsroom_roles"),
    ]

    operations = [migrations.RunPython(grant, keep)]
