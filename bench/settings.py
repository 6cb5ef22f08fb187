"""The site's settings, with bench/urls.py (the site plus a bare view) as the URLconf: same middleware, same cache."""
from orgsite.settings import *  # noqa: F401,F403

ROOT_URLCONF = "bench.urls"
