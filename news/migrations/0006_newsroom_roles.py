"""The three newsroom roles as groups. Permissions are what the server enforces (news/workflow.py, admin)."""
from django.db import migrations

# Codenames per role; "news" app unless written "app.codename".
WRITER = [
    "view_article", "add_article", "change_article",
    "view_attachment", "add_attachment", "change_attachment", "delete_attachment",
    "view_image", "add_image", "change_image",
    "view_section", "view_tag", "view_organization", "view_directive", "view_organizationstatistics",
]
EDITOR = WRITER + [
    "publish_article", "edit_any_article", "delete_article",
    "add_tag", "change_tag", "delete_image",
]
ROLES = {
    "Phóng viên": WRITER,  # writer: own drafts, submits for review
    "Biên tập viên": EDITOR,  # editor: edits any article, publishes, unpublishes, schedules
    "Quản trị": None,  # administrator: everything in the portal, plus users and groups
}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrations; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        if codenames is None:
            permissions = Permission.objects.filter(content_type__app_label__in=["news", "auth"])
        else:
            permissions = Permission.objects.filter(content_type__app_label="news", codename__in=codenames)
        group.permissions.set(permissions)


def keep_roles(apps, schema_editor):
    # Going back keeps the groups: deleting them would forget who holds which role, and going forwards again
    # finds them (get_or_create) with their members.
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0005_newsroom"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, keep_roles)]
