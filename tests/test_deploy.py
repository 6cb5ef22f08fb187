"""Production settings: `check --deploy` is clean with .env.example, and the defaults are the README's.

Settings are read once per process, so each environment is tried in a subprocess, as an operator starts one
(tests/processes.py).
"""
import json
import os
import secrets

import pytest

from tests.processes import ENV_EXAMPLE, README, django_process, env_example, readme_variables

# The tests that start a process of the project (django_process); the others only read files.
slow = pytest.mark.slow

# What an operator can observe of the settings, printed by a fresh process.
_SNAPSHOT = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SECURE_HSTS_PRELOAD": settings.SECURE_HSTS_PRELOAD,
    "SECURE_PROXY_SSL_HEADER": settings.SECURE_PROXY_SSL_HEADER,
    "X_FRAME_OPTIONS": settings.X_FRAME_OPTIONS,
    "SECURE_REFERRER_POLICY": settings.SECURE_REFERRER_POLICY,
    "ENGINE": db["ENGINE"],
    "CONN_MAX_AGE": db["CONN_MAX_AGE"],
    "CONN_HEALTH_CHECKS": db["CONN_HEALTH_CHECKS"],
    "CACHE": settings.CACHES["default"]["BACKEND"],
    "CACHE_LOCATION": settings.CACHES["default"].get("LOCATION", ""),
    "PAGE_CACHE_SECONDS": settings.PAGE_CACHE_SECONDS,
    "STATICFILES": settings.STORAGES["staticfiles"]["BACKEND"],
    "STATIC_ROOT": str(settings.STATIC_ROOT),
    "MEDIA": settings.STORAGES["default"]["BACKEND"],
    "MEDIA_ROOT": str(settings.MEDIA_ROOT),
}))
"""

_GUNICORN = """
import json, runpy
config = runpy.run_path("gunicorn.conf.py")
print(json.dumps({name: config[name] for name in (
    "bind", "workers", "threads", "timeout", "worker_class", "max_requests", "max_requests_jitter",
    "forwarded_allow_ips", "accesslog")}))
"""


def settings_under(env):
    """The settings snapshot (``_SNAPSHOT``) of a process started with ``env``."""
    process = django_process(_SNAPSHOT, {"DJANGO_SETTINGS_MODULE": "orgsite.settings", **env})
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout)


def gunicorn_config_under(env):
    process = django_process(_GUNICORN, env)
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout)


def production_env():
    """.env.example as an operator fills it in: the one value it must leave empty, the secret key, added."""
    return {**env_example(), "SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_SETTINGS_MODULE": "orgsite.settings"}


def on(value):
    return value.lower() in {"1", "true", "yes", "on"}


# --- .env.example -----------------------------------------------------------------------------------------


def test_env_example_holds_no_secret_and_every_variable_is_explained():
    variables = env_example()
    assert variables["SECRET_KEY"] == ""
    assert variables["S3_SECRET_ACCESS_KEY"] == ""
    # Each variable, or the group of variables it belongs to, comes right after a comment saying what it does.
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if line and not line.startswith("#"):
            above = index - 1
            while above >= 0 and lines[above] and not lines[above].startswith("#"):
                above -= 1
            assert above >= 0 and lines[above].startswith("#"), f"no comment explains {line!r}"


def test_every_production_variable_is_in_the_readme():
    documented = README.read_text(encoding="utf-8")
    missing = [name for name in env_example() if f"`{name}`" not in documented]
    assert not missing, f"document these in README.md: {missing}"
    assert set(readme_variables()) <= set(env_example()), "the README's production variables are all in .env.example"


@slow
def test_check_deploy_passes_with_no_warning_under_env_example():
    process = django_process(["check", "--deploy", "--fail-level", "WARNING"], production_env())
    assert process.returncode == 0, process.stdout + process.stderr
    assert "System check identified no issues (0 silenced)." in process.stdout


@slow
def test_check_deploy_fails_under_the_development_defaults():
    """Without the production variables the deploy check has plenty to say: it is the env that silences it."""
    process = django_process(["check", "--deploy", "--fail-level", "WARNING"], {})
    assert process.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in process.stderr, warning


@slow
def test_env_example_gives_the_production_settings():
    example = env_example()
    values = settings_under(production_env())
    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == example["ALLOWED_HOSTS"].split(",")
    assert values["SECURE_SSL_REDIRECT"] and values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_HSTS_SECONDS"] == int(example["SECURE_HSTS_SECONDS"]) >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is on(example["SECURE_HSTS_INCLUDE_SUBDOMAINS"])
    assert values["SECURE_HSTS_PRELOAD"] is on(example["SECURE_HSTS_PRELOAD"])
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["X_FRAME_OPTIONS"] == "DENY" and values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["CONN_MAX_AGE"] == int(example["CONN_MAX_AGE"]) > 0
    assert values["CONN_HEALTH_CHECKS"] is True
    assert values["CACHE"] == "orgsite.cache.RedisCache"  # Django's RedisCache, keeping its client
    assert values["CACHE_LOCATION"] == example["REDIS_URL"]
    assert values["STATICFILES"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["STATIC_ROOT"] == example["STATIC_ROOT"]


@slow
def test_https_without_a_secret_key_refuses_to_start():
    env = {**production_env(), "SECRET_KEY": ""}
    process = django_process(["check"], env)
    assert process.returncode != 0
    assert "set the same SECRET_KEY on every host" in process.stderr


# --- The development defaults are what the README says -----------------------------------------------------


@slow
def test_development_defaults_are_the_readmes():
    documented = readme_variables()
    values = settings_under({"DJANGO_SETTINGS_MODULE": "orgsite.settings"})
    gunicorn = gunicorn_config_under({})

    https = on(documented["HTTPS"].strip("`"))
    assert https is False
    assert values["SECURE_SSL_REDIRECT"] is values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is https
    assert (values["SECURE_PROXY_SSL_HEADER"] is not None) is on(documented["TRUST_X_FORWARDED_PROTO"].strip("`"))
    assert values["SECURE_HSTS_SECONDS"] == int(documented["SECURE_HSTS_SECONDS"].strip("`"))
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is on(documented["SECURE_HSTS_INCLUDE_SUBDOMAINS"].strip("`"))
    assert values["SECURE_HSTS_PRELOAD"] is on(documented["SECURE_HSTS_PRELOAD"].strip("`"))
    assert values["CONN_MAX_AGE"] == int(documented["CONN_MAX_AGE"].strip("`"))
    assert values["CONN_HEALTH_CHECKS"] is True
    assert values["PAGE_CACHE_SECONDS"] == int(documented["PAGE_CACHE_SECONDS"].strip("`"))
    # "empty: ..." in the README: the local fallbacks.
    assert documented["REDIS_URL"].startswith("empty") and "LocMemCache" in documented["REDIS_URL"]
    assert values["CACHE"] == "django.core.cache.backends.locmem.LocMemCache"
    assert documented["S3_BUCKET"].startswith("empty") and "MEDIA_ROOT" in documented["S3_BUCKET"]
    assert values["MEDIA"] == "django.core.files.storage.FileSystemStorage"
    assert on(documented["STATIC_MANIFEST"].strip("`")) is False
    assert values["STATICFILES"] == "django.contrib.staticfiles.storage.StaticFilesStorage"

    assert gunicorn["bind"] == [documented["GUNICORN_BIND"].strip("`")]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert documented["GUNICORN_WORKERS"] == "2 × cores + 1" and gunicorn["workers"] == 2 * cores + 1
    assert gunicorn["threads"] == int(documented["GUNICORN_THREADS"].strip("`"))
    assert gunicorn["timeout"] == int(documented["GUNICORN_TIMEOUT"].strip("`"))
    assert gunicorn["forwarded_allow_ips"] == documented["FORWARDED_ALLOW_IPS"].strip("`")
    assert gunicorn["accesslog"] == "-"  # stdout
    assert gunicorn["max_requests"] > 0 and gunicorn["max_requests_jitter"] > 0


@slow
def test_gunicorn_reads_its_environment():
    config = gunicorn_config_under(
        {"GUNICORN_BIND": "127.0.0.1:9123,[::1]:9123", "GUNICORN_WORKERS": "3", "GUNICORN_THREADS": "2",
         "GUNICORN_TIMEOUT": "45", "FORWARDED_ALLOW_IPS": "10.0.0.5"}
    )
    assert config["bind"] == ["127.0.0.1:9123", "[::1]:9123"]
    assert (config["workers"], config["threads"], config["timeout"]) == (3, 2, 45)
    assert config["forwarded_allow_ips"] == "10.0.0.5"


@slow
def test_check_deploy_warns_without_a_shared_cache():
    """Without REDIS_URL each gunicorn worker has its own page cache: an edit would clear only one of them."""
    env = {key: value for key, value in production_env().items() if key != "REDIS_URL"}
    process = django_process(["check", "--deploy", "--fail-level", "WARNING"], env)
    assert process.returncode != 0
    assert "orgsite.W001" in process.stderr + process.stdout and "REDIS_URL" in process.stderr + process.stdout
