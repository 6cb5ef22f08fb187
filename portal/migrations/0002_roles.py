"""The roles' rights on the portal's record: administrators (Quản trị) everything, writers and editors read it.

The groups are news/migrations/0006's; this adds the portal app's permissions to them (the administrators'
"every permission of the news and auth apps" there cannot name an app that did not exist yet).
"""
from django.db import migrations

MODELS = ("portal", "leader", "informationitem")
ROLES = {
    "Phóng viên": [f"view_{model}" for model in MODELS],  # writer
    "Biên tập viên": [f"view_{model}" for model in MODELS],  # editor
    "Quản trị": None,  # administrator: every permission of the portal app
}


def permissions_for(role, permission_model):
    """The portal permissions ``role`` holds (also used by tests/conftest.py to rebuild a flushed group)."""
    permissions = permission_model.objects.filter(content_type__app_label="portal")
    codenames = ROLES.get(role, [])
    return permissions if codenames is None else permissions.filter(codename__in=codenames)


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrations; the roles need them now.
    app_config = apps.get_app_config("portal")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in ROLES:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions_for(name, Permission))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="portal"))


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("news", "0006_newsroom_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
