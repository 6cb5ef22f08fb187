"""The site's URLs plus /bench/ok/, a bare view that runs through exactly the same middleware."""
from django.http import HttpResponse
from django.urls import path

from orgsite.urls import handler500, urlpatterns as site_urlpatterns  # noqa: F401 (handler500 is read from here)


def ok(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/ok/", ok, name="bench-ok"), *site_urlpatterns]
