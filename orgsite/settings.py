"""Settings for orgsite, read from the environment.

Local defaults are safe and need nothing set: SQLite in the project, a secret key generated once into
``.secret_key`` (git-ignored), DEBUG off, plain http. Production sets the variables of ``.env.example``
(README, "Running in production"): HTTPS hardening, PostgreSQL, Redis, S3 media, hashed static files.
"""
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import html_tags
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _local_secret_key():
    """A per-checkout random key, so no shared key is ever baked into the code."""
    path = BASE_DIR / ".secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key


DEBUG = env_bool("DEBUG")
# HTTPS=on marks a deployment served over https; off (the default) keeps development working over plain http.
HTTPS = env_bool("HTTPS")
if HTTPS and not os.environ.get("SECRET_KEY"):
    # The local fallback would give every host its own key: sessions, CSRF tokens and password reset links
    # made on one host would be refused by the next.
    raise ImproperlyConfigured("HTTPS is on but SECRET_KEY is not set: set the same SECRET_KEY on every host.")
SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

# Served over https: redirect http to https, cookies only over https, and HSTS so browsers never try http.
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
# Behind a proxy that terminates TLS, Django sees plain http: trust the proxy's X-Forwarded-Proto, or the
# https redirect would loop. Only safe when the proxy sets that header itself and clients cannot reach gunicorn.
if env_bool("TRUST_X_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Django's defaults, stated because check --deploy and the README rely on them.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its admin classes patch in first.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "csp",
    "django_prose_editor",
    "reversion",
    "axes",
    "news",
    "portal",
    "desk",  # the editors' desk: dashboard, notes and notifications, presence, choosers
    "consultation",  # drafts for public comment (dự thảo lấy ý kiến), comments, moderation, reports
    "api",  # the registry as open data: read-only JSON, OpenAPI schema and docs, CSV exports
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the API docs' scripts and styles, served from here (no CDN)
    "corsheaders",
    "captcha",  # django-simple-captcha: the comment form's CAPTCHA, drawn here (no third-party service)
    "pagecache",  # no models: its {% fragment %} tag
]

MIDDLEWARE = [
    # First: a stored page for a reader without a session cookie is answered here, with the headers the rest of
    # the stack gave it when it was stored; everything else goes on (pagecache/middleware.py). It also makes a
    # request that changed content answer once no process may still serve the old pages.
    "pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CORS for the API only (CORS_URLS_REGEX), and only for reading: other sites' scripts may GET, never write.
    "corsheaders.middleware.CorsMiddleware",
    # ETag and 304 Not Modified for pages rendered down the stack (a stored page answers them itself).
    "django.middleware.http.ConditionalGetMiddleware",
    # Content-Security-Policy (django-csp), with the admin's exception (orgsite/csp.py).
    "orgsite.csp.PortalCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A 404 at a page's address before a slug or section change: a 301 to where it is now (news/addresses.py).
    "news.addresses.OldAddressMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "orgsite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "news.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "orgsite.wsgi.application"

# CONN_MAX_AGE keeps a connection per worker thread open for that many seconds (production: 60); the health
# check replaces one the database closed meanwhile, before the request uses it.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis when REDIS_URL is set (shared by every worker and host); otherwise memory local to one process, which
# only suits a single process: invalidating a page there does not reach the other workers.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Seconds one call to Redis may take (connecting, or waiting for an answer) before it counts as a failure; every
# page asks the cache, so a hung Redis costs one request this long, then the breaker skips it (orgsite/cache.py).
CACHE_SOCKET_TIMEOUT = float(os.environ.get("CACHE_SOCKET_TIMEOUT") or 0.25)
# Seconds the cache is skipped after a failure (reads miss, writes are skipped) before one call tries it again.
CACHE_BREAKER_SECONDS = float(os.environ.get("CACHE_BREAKER_SECONDS") or 5)
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's, keeping its client, behind a circuit breaker (orgsite/cache.py).
            "BACKEND": "orgsite.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "orgsite",
            "OPTIONS": {"socket_connect_timeout": CACHE_SOCKET_TIMEOUT, "socket_timeout": CACHE_SOCKET_TIMEOUT},
        }
    }
else:
    # One process only: invalidations made in another process (a second gunicorn worker) never reach it.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}}
    }
# The page cache (pagecache/, README "The page cache"). Off: pages are neither served from it nor stored (parts
# of pages still are), as a benchmark of rendered pages wants.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
# How long a public page stays in the page cache (seconds); edits invalidate it sooner.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# Seconds a process may serve its own copy of a page before checking it again against the shared cache; an
# edit waits that long after committing (pagecache/core.py). Only with a shared cache: LocMem checks are free.
PAGE_CACHE_LEASE = float(os.environ.get("PAGE_CACHE_LEASE") or (0.05 if REDIS_URL else 0))
# Copies of one path (its query and host variants) stored per PAGE_CACHE_SECONDS; beyond, rendered, not stored.
PAGE_CACHE_MAX_VARIANTS = env_int("PAGE_CACHE_MAX_VARIANTS", 200)
# Seconds each process keeps the parts of pages (menu, identity, article, related blocks) while Redis is skipped
# (its breaker open), when no edit can stamp them: an edit in another process reaches this one that late.
PAGE_PARTS_OUTAGE_SECONDS = float(os.environ.get("PAGE_PARTS_OUTAGE_SECONDS") or 5)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Vietnamese at the root, English under /en/ (see orgsite/urls.py).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# Our catalogs first, then the Vietnamese of strings that are not in our source (kept by hand, never pruned by
# `make messages`): Django's and the other apps' strings their own vi catalogs lack or word poorly, the rich-text
# editor's, and the field labels the admin composes at run time. Both come before every app's catalog.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "vi"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("vi",)
# The tabbed admin needs only jQuery UI's tabs; our own small implementation replaces the CDN copy.
JQUERY_UI_URL = "news/admin/translation-tabs.js"
# The rich-text editor names its menu buttons in English; this extension of ours (turned on in
# news/admin/richtext.py, loaded by the editor itself) names them through the admin's JavaScript catalog.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {"js": [static_lazy("news/admin/prose-editor-labels.js")], "extensions": {"LocalizedMenu": html_tags([])}},
    # The picture and internal-link choosers of article bodies (news/admin/richtext.py); the module also replaces
    # the editor's Image and Link with ones keeping data-image/data-link (news/sanitize.py checks them).
    {"js": [static_lazy("news/admin/prose-editor-choosers.js")],
     "extensions": {"Choosers": html_tags([], {"img": ["data-image"], "a": ["data-link"]})}},
]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Files only staff may download (commenters' attachments: orgsite/storage.py): never under MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Production: hashed, compressed (gzip, Brotli) static files that WhiteNoise serves with a far-future cache.
# Pages then name files from STATIC_ROOT's manifest, so collectstatic must have run: tests and `make demo` keep
# the plain storage and need no collectstatic.
if env_bool("STATIC_MANIFEST"):
    STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

# Media on S3-compatible storage (django-storages) when S3_BUCKET is set; local disk otherwise.
S3_BUCKET = os.environ.get("S3_BUCKET", "")
MEDIA_ORIGIN = None  # where media URLs point when not on this site (for the Content Security Policy)
if S3_BUCKET:
    S3_CUSTOM_DOMAIN = os.environ.get("S3_CUSTOM_DOMAIN", "")
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL", "")
    S3_REGION = os.environ.get("S3_REGION", "")
    if S3_CUSTOM_DOMAIN:
        MEDIA_ORIGIN = f"https://{S3_CUSTOM_DOMAIN}"
    elif S3_ENDPOINT_URL:
        # Path-style URLs (endpoint/bucket/key) keep every file on the endpoint's own origin.
        MEDIA_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(S3_ENDPOINT_URL))
    elif S3_REGION:
        MEDIA_ORIGIN = f"https://{S3_BUCKET}.s3.{S3_REGION}.amazonaws.com"
    else:
        raise ImproperlyConfigured("S3_BUCKET is set: set S3_REGION (AWS), S3_ENDPOINT_URL or S3_CUSTOM_DOMAIN.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": S3_ENDPOINT_URL or None,
            "region_name": S3_REGION or None,
            "custom_domain": S3_CUSTOM_DOMAIN or None,
            "addressing_style": "path" if S3_ENDPOINT_URL and not S3_CUSTOM_DOMAIN else "virtual",
            # Empty: boto3's own chain (AWS_* variables, the machine's role).
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            # No ACL on upload: the bucket's policy decides who reads (never public-read by default).
            "default_acl": None,
            # Signed, expiring URLs unless the bucket (or the CDN at S3_CUSTOM_DOMAIN) is readable by all.
            "querystring_auth": env_bool("S3_QUERYSTRING_AUTH", True),
            # Signature version 4: AWS refuses links signed the old way (v2) for buckets made since 2020.
            "signature_version": "s3v4",
            # Like the local disk: a second "photo.jpg" gets a new name instead of replacing the first.
            "file_overwrite": False,
            "location": os.environ.get("S3_LOCATION", "media"),
        },
    }
    # Private files under their own prefix, always behind signed links whatever the bucket's policy.
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**STORAGES["default"]["OPTIONS"], "custom_domain": None, "querystring_auth": True,
                    "location": os.environ.get("S3_PRIVATE_LOCATION", "private")},
    }
# Serve uploaded files from Django itself (demo and development only; production uses a web server or S3).
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)

# Uploads: the limits a staff member is told about when a file is refused.
MAX_IMAGE_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MAX_ATTACHMENT_UPLOAD_BYTES = 25 * 1024 * 1024

# The organization whose contact block the footer shows (an Organization slug).
PORTAL_OWNER_SLUG = os.environ.get("PORTAL_OWNER_SLUG", "bo-ke-hoach-va-dau-tu")

# The newsroom's e-mail (desk/notifications.py): editors hear of what waits for review, authors of what became
# of their articles. Development prints mail on the console; production names an SMTP server.
NEWSROOM_EMAILS = env_bool("NEWSROOM_EMAILS", True)
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "http://127.0.0.1:8000")  # in front of links in mail
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")

# Who else has an article open (desk/presence.py): the change form beats every DESK_PRESENCE_HEARTBEAT seconds;
# someone not heard from for DESK_PRESENCE_WINDOW seconds has left (browsers may run a background tab's timers
# only once a minute, hence more than a minute).
DESK_PRESENCE_HEARTBEAT = 20
DESK_PRESENCE_WINDOW = 90

LOGIN_URL = "admin:login"
# A refused form under /admin/ gets the admin's own 403 page (news/views/pages.py); elsewhere, Django's.
CSRF_FAILURE_VIEW = "news.views.pages.csrf_failure"

# Sign-in throttling (django-axes): 5 wrong passwords for one username from one address lock that pair out
# for 15 minutes; a successful sign-in clears the count. Axes' backend must come first to refuse locked pairs.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
# Behind proxies, REMOTE_ADDR is the nearest proxy's address for every reader: lockouts (and the security log)
# need the reader's own. TRUSTED_PROXY_COUNT is how many proxies in front of gunicorn each append the address
# they saw to X-Forwarded-For (nginx alone: 1; a load balancer, then nginx: 2). 0: no proxy, REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)


def client_address(request):
    """The reader's address: the one our outermost proxy saw. A client can put anything at the start of
    X-Forwarded-For, but not after what our proxies append, so it is counted from the end."""
    from django.conf import settings

    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


AXES_CLIENT_IP_CALLABLE = client_address

# Content Security Policy (django-csp 4): only this site's own scripts, styles, fonts and images (plus the media
# storage's origin), no inline script or style, no plugins, no framing. The admin's one exception is in
# orgsite/csp.py. Public templates carry no inline script, style or event handler; keep it that way.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Sign-ins and lockouts go to this logger (news/security.py); by default to the console.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "orgsite.security": {"handlers": ["console"], "level": "INFO"},
        # The cache failing and coming back (once per CACHE_BREAKER_SECONDS at most), and what pages it cost.
        "orgsite.cache": {"handlers": ["console"], "level": "WARNING"},
        "orgsite.page_cache": {"handlers": ["console"], "level": "WARNING"},
    },
}

# `loaddata demo` finds fixtures/demo.json; demo media lives in fixtures/media (copied by `load_demo`).
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
DEMO_MEDIA_DIR = BASE_DIR / "fixtures" / "media"
# Our own Vietnamese input formats (dd/mm/YYYY); see orgsite/formats/vi/formats.py.
FORMAT_MODULE_PATH = ["orgsite.formats"]

# --- Drafts for public comment (consultation/) -------------------------------------------------------------------
# Personal data of commenters (name, e-mail, phone, organisation, address, attachment) is kept this many days
# after the comment period closes, then erased by `manage.py erase_commenter_data` (13/2023/NĐ-CP).
CONSULTATION_PERSONAL_DATA_DAYS = env_int("CONSULTATION_PERSONAL_DATA_DAYS", 365)
# Comments one address, and one e-mail or phone, may send on one draft per day; the comment's own size limits.
CONSULTATION_COMMENTS_PER_ADDRESS = env_int("CONSULTATION_COMMENTS_PER_ADDRESS", 5)
CONSULTATION_COMMENTS_PER_EMAIL = env_int("CONSULTATION_COMMENTS_PER_EMAIL", 3)
CONSULTATION_COMMENT_MAX_CHARS = 10_000
CONSULTATION_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
# django-simple-captcha: a sum drawn as a picture by this site, large enough to read. A challenge is good for 30
# minutes (a reader writing longer gets a new picture, their text kept); `manage.py captcha_clean` drops old ones.
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.math_challenge"
CAPTCHA_MATH_CHALLENGE_OPERATOR = "+"
CAPTCHA_TIMEOUT = 30
CAPTCHA_FONT_SIZE = 36

# --- The open-data API (api/) ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Read-only and anonymous: no session or token is read, so no CSRF and nothing private can leak through it.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    # Per address (the reader's own behind our proxies: NUM_PROXIES as TRUSTED_PROXY_COUNT).
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AddressRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_THROTTLE_RATE", "120/minute")},
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "orgsite open data API",
    "DESCRIPTION": "Published articles, the document registry, organizations with their figures, sections and tags.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
