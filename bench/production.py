"""The production environment of .env.example, as the gunicorn servers of the benchmark get it.

Every server the benchmark starts (ours and the bare app) gets this environment and nothing of the shell's
but PATH, HOME, the locale and TMPDIR: the values of .env.example, except those naming things of a real
deployment, which point at this machine instead (listed by :func:`production_env`, printed by run.py).
"""
import hashlib
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV_EXAMPLE = ROOT / ".env.example"
KEPT_FROM_SHELL = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TZ", "USER")


def read_env_file(path=ENV_EXAMPLE):
    """{name: value} of a file of VARIABLE=value lines (the format .env.example documents)."""
    values = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            values[name.strip()] = value.strip()
    return values


def production_env(database_url, redis_url, static_root, extra=None):
    """(environment, [(name, value, why)] of what differs from .env.example).

    ``extra``: {name: value} set on top (run.py's --env), reported like the rest.
    """
    example = read_env_file()
    overrides = [
        ("SECRET_KEY", "(random, new each run)", "empty in .env.example; HTTPS=on requires one"),
        ("DATABASE_URL", _redact(database_url), "the benchmark's database"),
        ("REDIS_URL", _redact(redis_url), "the benchmark's Redis (or the bench's dead one, for the outage cases)"),
        ("STATIC_ROOT", str(static_root), "collectstatic's output with STATIC_MANIFEST=on, made once per change"),
        ("MEDIA_ROOT", str(ROOT / "media"), "the project's media folder"),
        ("GUNICORN_BIND", "127.0.0.1:<free port>", "one loopback port per server"),
    ]
    env = {name: os.environ[name] for name in KEPT_FROM_SHELL if name in os.environ}
    env.update(example)
    env.update({
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(ROOT / "media"),
    })
    for name, value in (extra or {}).items():
        env[name] = value
        overrides.append((name, value, "--env"))
    return env, overrides


def host(env):
    """The host name the production settings accept (the first of ALLOWED_HOSTS)."""
    return env["ALLOWED_HOSTS"].split(",")[0].strip()


def _redact(url):
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        userinfo, address = rest.rsplit("@", 1)
        if ":" in userinfo:
            return f"{scheme}://{userinfo.split(':', 1)[0]}:***@{address}"
    return url


def _static_fingerprint():
    """A hash of every static source file (path, size, modification time): a new one means collectstatic again."""
    from django.contrib.staticfiles import finders

    digest = hashlib.sha256()
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            digest.update(f"{storage.path(path)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def collected_static(write=print):
    """STATIC_ROOT with the hashed, compressed files of STATIC_MANIFEST=on, collected once per source change.

    collectstatic takes about 30 s here (Brotli); the result is kept under the temporary directory, keyed by
    the sources' fingerprint, and the previous ones are removed.
    """
    base = Path(tempfile.gettempdir()) / "orgsite-bench-static"
    target = base / _static_fingerprint()
    if not (target / "staticfiles.json").exists():
        write(f"  collectstatic (STATIC_MANIFEST=on) into {target} ...")
        env = {**os.environ, "STATIC_MANIFEST": "on", "STATIC_ROOT": str(target), "DEBUG": "off"}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env,
                       check=True)
        for old in base.iterdir():
            if old != target and old.is_dir():
                subprocess.run(["rm", "-rf", str(old)], check=False)
    return target
