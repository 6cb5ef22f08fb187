"""Staff accounts: administrators manage people and roles, but only a superuser makes (or touches) a superuser."""
from django.contrib.auth.models import Group, Permission

from tests.pages import form_data


def account_of(user):
    user.refresh_from_db()
    return (user.is_superuser, user.is_staff, user.first_name, user.password,
            sorted(user.groups.values_list("name", flat=True)), sorted(user.user_permissions.values_list("pk", flat=True)))


def change_form(client, user):
    page = client.get(f"/admin/auth/user/{user.pk}/change/")
    assert page.status_code == 200
    return page, form_data(page.content, "user_form")


def test_an_administrator_cannot_make_themselves_superuser(act_as, people):
    administrator = people["administrator"]
    client = act_as("administrator")
    page, data = change_form(client, administrator)
    assert 'name="is_superuser"' not in page.content.decode()  # not offered
    before = account_of(administrator)
    response = client.post(f"/admin/auth/user/{administrator.pk}/change/", {**data, "is_superuser": "on"})
    assert response.status_code == 403  # a forged form
    assert account_of(administrator) == before
    # The same form without the forgery saves as usual.
    response = client.post(f"/admin/auth/user/{administrator.pk}/change/", {**data, "first_name": "Quản"})
    assert response.status_code == 302
    assert account_of(administrator)[0] is False and administrator.first_name == "Quản"


def test_an_administrator_cannot_touch_a_superusers_account(act_as, people):
    root = people["superuser"]
    client = act_as("administrator")
    before = account_of(root)
    page = client.get(f"/admin/auth/user/{root.pk}/change/")
    assert page.status_code == 200 and 'name="first_name"' not in page.content.decode()  # read-only
    assert client.post(f"/admin/auth/user/{root.pk}/change/", {"username": "root", "first_name": "X"}).status_code == 403
    assert client.post(f"/admin/auth/user/{root.pk}/password/",
                       {"password1": "Mat-khau-moi-2026!", "password2": "Mat-khau-moi-2026!"}).status_code == 403
    assert client.post(f"/admin/auth/user/{root.pk}/delete/", {"post": "yes"}).status_code == 403
    assert account_of(root) == before


def test_an_administrator_grants_only_permissions_they_hold(act_as, people):
    writer = people["writer"]
    client = act_as("administrator")
    page, data = change_form(client, writer)
    offered = {int(value) for value in _option_values(page.content.decode(), "user_permissions")}
    held = Permission.objects.filter(group__name="Quản trị")
    assert offered == set(held.values_list("pk", flat=True))
    foreign = Permission.objects.exclude(pk__in=held).first()  # e.g. django-axes' or sessions'
    before = account_of(writer)
    response = client.post(f"/admin/auth/user/{writer.pk}/change/", {**data, "user_permissions": [foreign.pk]})
    assert response.status_code == 200  # the form again, with its error
    assert account_of(writer) == before
    # A role they may give is given.
    editors = Group.objects.get(name="Biên tập viên")
    response = client.post(f"/admin/auth/user/{writer.pk}/change/", {**data, "groups": [editors.pk]})
    assert response.status_code == 302 and account_of(writer)[4] == ["Biên tập viên"]


def test_a_superuser_makes_a_superuser(act_as, people):
    administrator = people["administrator"]
    client = act_as("superuser")
    page, data = change_form(client, administrator)
    response = client.post(f"/admin/auth/user/{administrator.pk}/change/", {**data, "is_superuser": "on"})
    assert response.status_code == 302 and account_of(administrator)[0] is True


def _option_values(html, name):
    from tests.pages import elements

    start = html.index(f'name="{name}"')
    return [o.attrs["value"] for o in elements(html[start:html.index("</select>", start)], "option")]
