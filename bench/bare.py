"""Django's floor: a bare ``django-admin startproject`` app with one ``HttpResponse("ok")`` view.

Generated at run time into a temporary directory (never committed), with the installed Django: startproject's
settings as generated (its middleware, its SQLite database that the view never opens) but for two lines
appended, ``DEBUG = False`` and ``ALLOWED_HOSTS`` naming the host the benchmark sends, as production needs.
"""
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

PROJECT = "bareapp"
PATH = "/ok/"
WSGI_APP = f"{PROJECT}.wsgi:application"

VIEW = '''

# Added by orgsite's bench/bare.py: the one view.
from django.http import HttpResponse  # noqa: E402


def ok(request):
    return HttpResponse("ok")


urlpatterns += [path("ok/", ok)]
'''


@contextmanager
def bare_project(host):
    """Yield the directory of a fresh startproject app answering "ok" at /ok/; removed afterwards."""
    directory = Path(tempfile.mkdtemp(prefix="bench-bare-"))
    try:
        django_admin = Path(sys.executable).with_name("django-admin")
        subprocess.run([str(django_admin), "startproject", PROJECT, str(directory)], check=True)
        with open(directory / PROJECT / "urls.py", "a", encoding="utf-8") as urls:
            urls.write(VIEW)
        with open(directory / PROJECT / "settings.py", "a", encoding="utf-8") as settings:
            settings.write(f"\n# Added by orgsite's bench/bare.py, as production needs.\nDEBUG = False\n"
                           f"ALLOWED_HOSTS = [{host!r}]\n")
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)
