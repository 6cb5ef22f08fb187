"""System checks for deployment (``manage.py check --deploy``)."""
from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """The page cache must be shared by every process, or an edit clears only the copy of the one that made it."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend.endswith("LocMemCache"):
        return [
            Warning(
                "The cache is in each process's memory (LocMemCache): with more than one gunicorn worker or host, "
                "an edit would clear only one process's copy of its pages and the others would serve the old ones.",
                hint="Set REDIS_URL (README, Running in production).",
                id="orgsite.W001",
            )
        ]
    return []
