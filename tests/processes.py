"""Running the project in a fresh process, as an operator starts it: only the environment a test passes.

Settings are read once per process, so each environment is tried in a subprocess. Used by test_deploy.py and
the tests/test_production_*.py modules. A test that starts a process through here is marked ``slow``
(pyproject.toml): ``-m "not slow"`` leaves it out.
"""
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV_EXAMPLE = ROOT / ".env.example"
README = ROOT / "README.md"
TIMEOUT = 120  # seconds for one subprocess; a hang fails the test instead of the whole run


def env_example():
    """The variables of .env.example, as systemd's EnvironmentFile= and `set -a; . FILE` read them."""
    variables = {}
    for number, line in enumerate(ENV_EXAMPLE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, sep, value = line.partition("=")
        assert sep and re.fullmatch(r"[A-Z][A-Z0-9_]*", name), f".env.example line {number} is not NAME=value"
        assert value == value.strip() and not value.startswith(("'", '"')), f"line {number}: no quotes or spaces"
        variables[name] = value
    return variables


def readme_section(title):
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:] if end == -1 else text[start:end]


def readme_variables():
    """The environment variables table of "Running in production": {name: default cell}."""
    rows = re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \| ([^|]*) \|", readme_section("Running in production"), re.M)
    return {name: default.strip() for name, default in rows}


def _variables_we_read():
    # Everything an operator may set; stripped from the test's own environment so that only what a test
    # passes reaches the subprocess (a DATABASE_URL or REDIS_URL of the suite's run must not leak in).
    others = {"DATABASE_URL", "SECRET_KEY", "SERVE_MEDIA", "AXES_ENABLED", "PORTAL_OWNER_SLUG"}
    return set(env_example()) | set(readme_variables()) | others


def clean_environment(env):
    """This process's environment without any of the site's variables, plus ``env``."""
    base = {name: value for name, value in os.environ.items() if name not in _variables_we_read()}
    base.pop("DJANGO_SETTINGS_MODULE", None)
    # The browser tests allow Django's ORM in Playwright's event loop for the whole test process; that switch
    # is the test run's, never production's (check --deploy rightly refuses it).
    base.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return {**base, **env}


def django_process(code, env, timeout=TIMEOUT):
    """Run ``python -c code`` (or ``manage.py ...`` when ``code`` is a list) in the project with only ``env`` set."""
    args = ["manage.py", *code] if isinstance(code, list) else ["-c", code]
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean_environment(env), capture_output=True, text=True, timeout=timeout
    )
