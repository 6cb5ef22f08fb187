"""Brand-new databases of the suite's engine, and `manage.py` run against them as an operator runs it.

The round-trip and migration tests need what production has: an empty database (a new SQLite file, or a
PostgreSQL database made with CREATE DATABASE and dropped afterwards), commands run in a subprocess with
DATABASE_URL pointing at it, and a look at what it then holds (``examine``, run inside that database too).
Tests using them are marked ``slow`` (pyproject.toml): ``-m "not slow"`` leaves them out.
"""
import json
import os
import re
import secrets
import subprocess
import sys
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
COMMAND_TIMEOUT = 300  # seconds; a hung command fails the test instead of hanging CI


def suite_vendor():
    """"sqlite" or "postgresql": the engine the suite runs on (settings.DATABASES, i.e. DATABASE_URL)."""
    return "postgresql" if "postgresql" in settings.DATABASES["default"]["ENGINE"] else "sqlite"


def _postgres_url(dbname):
    """The suite's DATABASE_URL (same server, user, options) naming another database."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(scheme="postgresql", path=f"/{dbname}"))


def _maintenance(sql):
    import psycopg

    # CREATE/DROP DATABASE cannot run in a transaction, nor while connected to the database concerned.
    with psycopg.connect(_postgres_url("postgres"), autocommit=True) as connection:
        connection.execute(sql)


@contextmanager
def fresh_database(directory, purpose):
    """A new, empty database of the suite's engine; yields its DATABASE_URL, removes it afterwards.

    SQLite: a new file in ``directory``. PostgreSQL: CREATE DATABASE <suite database>_<purpose>_<random>
    on the suite's server (the suite's own database, e.g. orgsite, is never touched), dropped at the end.
    """
    if suite_vendor() == "sqlite":
        yield f"sqlite:///{Path(directory) / f'{purpose}.sqlite3'}"
        return
    from psycopg import sql

    base = urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/")
    name = f"{base}_{purpose}_{secrets.token_hex(3)}"[:63]
    _maintenance(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _postgres_url(name)
    finally:
        _maintenance(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _environment(database_url, media_root):
    env = dict(os.environ, DATABASE_URL=database_url, MEDIA_ROOT=str(media_root))
    env.setdefault("DJANGO_SETTINGS_MODULE", "orgsite.settings")  # pytest-django has set the suite's own
    # Each command gets its own local-memory cache (a shared Redis would serve one database's pages to another)
    # and media in MEDIA_ROOT, never in a bucket.
    env.pop("REDIS_URL", None)
    env.pop("S3_BUCKET", None)
    return env


def run(database_url, media_root, *args, input=None, check=True):
    """Run ``python <args>`` in the project, against ``database_url``; the finished process.

    A failure raises AssertionError with the command's output, unless ``check`` is false."""
    process = subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=_environment(database_url, media_root), input=input,
        capture_output=True, text=True, timeout=COMMAND_TIMEOUT,
    )
    if check and process.returncode:
        raise AssertionError(
            f"`python {' '.join(args)[:200]}` failed (exit {process.returncode}):\n"
            f"{process.stdout[-3000:]}\n{process.stderr[-5000:]}"
        )
    return process


def manage(database_url, media_root, *args, check=True):
    """``manage.py <args>`` against ``database_url``, as an operator types it."""
    return run(database_url, media_root, "manage.py", *args, check=check)


# Every row of every table (sessions aside), content types and permissions included: by natural key, as are
# users and groups, so two databases whose ids for those differ still compare equal when their content does.
DUMP_ALL = ["dumpdata", "--natural-foreign", "--natural-primary", "--exclude", "sessions"]


def dump_all(database_url, media_root, path):
    """Every row of the database (``DUMP_ALL``, written to ``path``), as the parsed records."""
    manage(database_url, media_root, *DUMP_ALL, "--output", str(path))
    return json.loads(Path(path).read_text())


def canonical(records, ignore=None):
    """Dumped records as a Counter of canonical JSON strings, to compare two databases.

    ``ignore`` maps a model label ("news.image") to the fields left out of the comparison ("pk" drops the id),
    or to "*" to leave the model out. Many-to-many lists are sorted: their order is not data.
    """
    from django.apps import apps

    ignore = ignore or {}
    result = Counter()
    for record in records:
        left_out = ignore.get(record["model"], ())
        if left_out == "*":
            continue
        fields = {name: value for name, value in record["fields"].items() if name not in left_out}
        for field in apps.get_model(record["model"])._meta.many_to_many:
            if field.name in fields:
                fields[field.name] = sorted(fields[field.name], key=json.dumps)
        data = {"model": record["model"], "fields": fields}
        if "pk" in record and "pk" not in left_out:
            data["pk"] = record["pk"]
        result[json.dumps(data, sort_keys=True, ensure_ascii=False)] += 1
    return result


def difference(expected, actual, limit=5):
    """What differs between two ``canonical`` results, for an assertion message: rows missing or unexpected
    per model, then, for a few rows present on both sides with other values, the fields that differ."""
    missing = [json.loads(record) for record in (expected - actual).elements()]
    extra = [json.loads(record) for record in (actual - expected).elements()]
    lines = [
        f"missing per model: {dict(Counter(r['model'] for r in missing))}",
        f"unexpected per model: {dict(Counter(r['model'] for r in extra))}",
    ]
    extra_by_key = {(r["model"], json.dumps(r.get("pk"))): r for r in extra if "pk" in r}
    shown = 0
    for record in missing:
        other = extra_by_key.get((record["model"], json.dumps(record.get("pk"))))
        if other is None or shown >= limit:
            continue
        shown += 1
        fields = sorted(set(record["fields"]) | set(other["fields"]))
        changes = {
            name: (str(record["fields"].get(name))[:200], str(other["fields"].get(name))[:200])
            for name in fields if record["fields"].get(name) != other["fields"].get(name)
        }
        lines.append(f"{record['model']} {record['pk']}: (expected, actual) {changes}")
    if not shown:
        lines += [f"- {json.dumps(r, ensure_ascii=False)[:600]}" for r in missing[:limit]]
        lines += [f"+ {json.dumps(r, ensure_ascii=False)[:600]}" for r in extra[:limit]]
    return "\n".join(lines)


def examine(database_url, media_root, **request):
    """What the database holds (a dict, see ``_examine``), read by a subprocess connected to it."""
    code = "import django; django.setup(); from tests.fresh_db import _examine; _examine()"
    return json.loads(run(database_url, media_root, "-c", code, input=json.dumps(request)).stdout)


# --- Run inside the examined database (subprocess) ------------------------------------------------------


def _examine():
    """Print, as JSON: row counts of every table Django knows, the demo article's titles and citations, what
    the search finds, the SQLite full-text rows, and the answers to the request read from stdin
    (``passwords``: {username: password} to check; ``try_writing``: save a new article, then roll back)."""
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.db import connection

    from news.models import Article, SearchEntry
    from news.search import FTS_TABLE, SearchTerms, search

    request = json.loads(sys.stdin.read() or "{}")
    report = {
        "counts": {
            model._meta.label: model._default_manager.count()
            for model in apps.get_models(include_auto_created=True)
        },
    }
    demo = Article.objects.filter(pk=1).first()
    if demo:
        report["demo"] = {
            "title_vi": demo.title_vi,
            "title_en": demo.title_en,
            "cited": sorted(demo.cited_directives.values_list("slug", flat=True)),
            # The documents its lead and body link to, per language, as a reader follows them.
            **{
                f"links_{lang}": sorted(set(re.findall(r'href="([^"]+)"', "".join(
                    getattr(demo, f"{field}_linked_{lang}") or "" for field in ("lead", "body")
                ))))
                for lang in ("vi", "en")
            },
        }
    # The demo's searches, and the newest published article found by its own title in each language.
    queries = {"vi": ["dang bo khoi", "Đảng bộ Khối"], "en": ["Central Agencies"]}
    newest = Article.objects.filter(status=Article.Status.PUBLISHED).order_by("-pk").first()
    if newest:
        queries["vi"].append(newest.title_vi)
        if newest.title_en:
            queries["en"].append(newest.title_en)
    report["search"] = {
        f"{lang}: {query}": [[entry.kind, entry.object_id] for entry in search(SearchTerms(query), lang)[:50]]
        for lang, texts in queries.items() for query in texts
    }
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {FTS_TABLE} ORDER BY rowid")
            fts = [row[0] for row in cursor.fetchall()]
        report["fts_rows_match_entries"] = fts == sorted(SearchEntry.objects.values_list("pk", flat=True))
    users = get_user_model().objects.in_bulk(list(request.get("passwords", {})), field_name="username")
    report["passwords_ok"] = {
        name: name in users and users[name].check_password(password)
        for name, password in request.get("passwords", {}).items()
    }
    if request.get("try_writing"):
        report["writing"] = _try_writing()
    print(json.dumps(report, ensure_ascii=False))


class _RollBack(Exception):
    pass


def _try_writing():
    """Staff write on after a load: a new published article citing the demo's first document gets a fresh id,
    its citation and its search entries (each table's id sequence must have moved past the loaded rows)."""
    from django.db import transaction
    from django.utils import timezone

    from news.models import Article, SearchEntry, Section, Tag

    cited = Article.objects.get(pk=1).cited_directives.order_by("pk").first()
    issued = cited.issued_on
    result = {"loaded_max_pk": Article.objects.order_by("-pk").values_list("pk", flat=True).first()}
    try:
        with transaction.atomic():
            tag = Tag.objects.create(name_vi="Kiểm tra sau khôi phục")
            article = Article.objects.create(
                title_vi="Bài viết sau khi khôi phục dữ liệu",
                body_vi=f"<p>Thực hiện {cited.citation} ngày {issued.day}/{issued.month}/{issued.year}.</p>",
                status=Article.Status.PUBLISHED, published_at=timezone.now(), section=Section.objects.first(),
            )
            article.tags.add(tag)
            result.update(
                pk=article.pk,
                cited=list(article.cited_directives.values_list("slug", flat=True)),
                expected_cited=[cited.slug],
                search_entries=SearchEntry.objects.filter(kind="article", object_id=article.pk).count(),
            )
            raise _RollBack
    except _RollBack:
        pass
    return result
