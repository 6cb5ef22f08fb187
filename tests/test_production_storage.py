"""Media on S3-compatible storage (django-storages) when S3_BUCKET is set; local disk otherwise.

No S3 server is needed: these check the storage the settings build and the links it makes (signing is
local), not an upload. The Content Security Policy must allow images from wherever those links point.
"""
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.processes import django_process

# Each test starts a process of the project (tests/processes.py).
pytestmark = pytest.mark.slow

_STORAGE = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
media = storages["default"]
print(json.dumps({
    "class": f"{type(media).__module__}.{type(media).__name__}",
    # S3Storage's own (None on local disk)
    **{name: getattr(media, name, None) for name in ("bucket_name", "default_acl", "file_overwrite", "location")},
    "url": media.url("news/images/2024/04/anh.jpg"),
    "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
}))
"""
# Keys that look real but are not; boto3 must not go looking for credentials on the network either.
KEYS = {"S3_ACCESS_KEY_ID": "AKIAEXAMPLEEXAMPLE00", "S3_SECRET_ACCESS_KEY": "not-a-secret/example/0000000000000000",
        "AWS_EC2_METADATA_DISABLED": "true"}


def storage_under(env):
    process = django_process(_STORAGE, {"DJANGO_SETTINGS_MODULE": "orgsite.settings", **KEYS, **env})
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout)


@pytest.mark.parametrize(
    "env, origin, signed",
    [
        ({"S3_REGION": "ap-southeast-1"}, "https://orgsite-media.s3.ap-southeast-1.amazonaws.com", True),
        ({"S3_ENDPOINT_URL": "https://s3.internal.example.org:9000", "S3_REGION": "us-east-1"},
         "https://s3.internal.example.org:9000", True),
        ({"S3_CUSTOM_DOMAIN": "media.example.org", "S3_REGION": "ap-southeast-1", "S3_QUERYSTRING_AUTH": "off"},
         "https://media.example.org", False),
    ],
    ids=["aws", "s3-compatible", "cdn"],
)
def test_s3_bucket_switches_media_to_s3(env, origin, signed):
    storage = storage_under({"S3_BUCKET": "orgsite-media", **env})
    assert storage["class"] == "storages.backends.s3.S3Storage"
    assert storage["bucket_name"] == "orgsite-media"
    assert storage["default_acl"] is None  # no public-read: the bucket's policy decides
    assert storage["file_overwrite"] is False  # a second anh.jpg gets its own name, as on local disk
    assert storage["location"] == "media"
    url = urlsplit(storage["url"])
    assert f"{url.scheme}://{url.netloc}" == origin
    assert url.path.endswith("/media/news/images/2024/04/anh.jpg")
    assert ("X-Amz-Signature" in parse_qs(url.query)) is signed
    # The page's <img> may load from there, and from nowhere else but the site.
    assert storage["img_src"] == ["'self'", origin]


def test_s3_bucket_without_a_location_is_refused():
    process = django_process(_STORAGE, {"DJANGO_SETTINGS_MODULE": "orgsite.settings", "S3_BUCKET": "orgsite-media"})
    assert process.returncode != 0
    assert "set S3_REGION (AWS), S3_ENDPOINT_URL or S3_CUSTOM_DOMAIN" in process.stderr


def test_media_stay_on_local_disk_by_default(tmp_path):
    process = django_process(_STORAGE, {"DJANGO_SETTINGS_MODULE": "orgsite.settings", "MEDIA_ROOT": str(tmp_path)})
    assert process.returncode == 0, process.stderr
    storage = json.loads(process.stdout)
    assert storage["class"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert storage["url"] == "/media/news/images/2024/04/anh.jpg"
    assert storage["img_src"] == ["'self'"]
