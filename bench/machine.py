"""What a benchmark ran on: printed with every figure, so figures are never compared across machines by mistake."""
import os
import platform
import sys

import django
from django.conf import settings
from django.db import connection


def _first(path, prefix):
    try:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                if line.startswith(prefix):
                    return line.split(":", 1)[1].strip() if ":" in line else line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return "?"


def describe():
    memory = _first("/proc/meminfo", "MemTotal")
    memory = f"{int(memory.split()[0]) / 1024 / 1024:.1f} GiB" if memory != "?" else "?"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
    else:
        database = f"{connection.vendor} {connection.Database.sqlite_version}" if connection.vendor == "sqlite" \
            else connection.vendor
    cache = settings.CACHES["default"]
    location = cache.get("LOCATION", "")
    return {
        "CPU": f"{_first('/proc/cpuinfo', 'model name')} ({os.cpu_count()} cores visible, "
               f"{len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else '?'} usable)",
        "RAM": memory,
        "OS": f"{_first('/etc/os-release', 'PRETTY_NAME')} ({platform.system()} {platform.release()})",
        "Python": sys.version.split()[0],
        "Django": django.get_version(),
        "Database": f"{database} ({settings.DATABASES['default'].get('NAME')})",
        "Cache": f"{cache['BACKEND'].rsplit('.', 1)[-1]} {_redact(location)}".strip(),
    }


def _redact(location):
    # A Redis URL may carry a password: show only scheme, host and database number.
    if isinstance(location, str) and "@" in location:
        scheme, rest = location.split("://", 1)
        return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"
    return location


def print_machine(write=print):
    for key, value in describe().items():
        write(f"  {key + ':':10} {value}")
