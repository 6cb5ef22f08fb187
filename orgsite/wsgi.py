"""WSGI entry point: `gunicorn orgsite.wsgi` (settings in gunicorn.conf.py, read by gunicorn itself)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orgsite.settings")
application = get_wsgi_application()
