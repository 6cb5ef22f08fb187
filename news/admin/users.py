"""Staff accounts and roles in admin: administrators manage people, but only a superuser makes a superuser.

The administrator role (Quản trị) holds the user and group permissions, which Django's own UserAdmin takes as
leave to change anything of any account, including the superuser flag: an administrator could make themselves
(or a friend) superuser, or take over a superuser's account by changing its password. Here a non-superuser:
- never sets or clears the superuser flag (a form posting it is refused outright, as a forgery);
- cannot change or delete a superuser's account (it opens read-only);
- grants, to a person or a group, only permissions they hold themselves.
"""
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from news.admin.search import LongSearchMixin

User = get_user_model()


def grantable_permissions(user):
    """The permissions ``user`` may give to others: all for a superuser, else the ones they hold."""
    permissions = Permission.objects.select_related("content_type")
    if user.is_superuser:
        return permissions
    held = user.get_all_permissions()  # {"app_label.codename"}
    return permissions.filter(
        pk__in=[p.pk for p in permissions if f"{p.content_type.app_label}.{p.codename}" in held]
    )


# Django stores a permission's name in English ("Can add article"); the lists below name it in the admin's language.
DEFAULT_PERMISSION_NAMES = {
    "add": _("Can add %(name)s"), "change": _("Can change %(name)s"),
    "delete": _("Can delete %(name)s"), "view": _("Can view %(name)s"),
}


def permission_label(permission):
    """Name ``permission`` as "app | model | what it allows" in the admin's language: the default four by their
    action, the others by their stored name (a msgid of their app's catalog)."""
    model = permission.content_type.model_class()
    action, _sep, model_name = permission.codename.partition("_")
    if model is not None and action in DEFAULT_PERMISSION_NAMES and model_name == model._meta.model_name:
        name = DEFAULT_PERMISSION_NAMES[action] % {"name": model._meta.verbose_name}
    else:
        name = gettext(permission.name)
    return f"{permission.content_type} | {name}"


class _GrantsOnlyWhatItHolds:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["queryset"] = grantable_permissions(request.user)
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class StaffUserAdmin(_GrantsOnlyWhatItHolds, LongSearchMixin, UserAdmin):
    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        return readonly if request.user.is_superuser else (*readonly, "is_superuser")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_manage(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_manage(request, obj)

    @staticmethod
    def _may_manage(request, obj):
        return obj is None or not obj.is_superuser or request.user.is_superuser

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and "is_superuser" in request.POST and not request.user.is_superuser:
            raise PermissionDenied  # the form never offers it to them: a forged request
        return super().changeform_view(request, object_id, form_url, extra_context)


@admin.register(Group)
class RoleAdmin(_GrantsOnlyWhatItHolds, LongSearchMixin, GroupAdmin):
    pass
