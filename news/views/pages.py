"""Site-wide pages that are not content: robots.txt and the error pages."""
from django.conf import settings
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
    ]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            lines.append(f"Disallow: {reverse('admin:index')}")
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}")
    return HttpResponse("\n".join(dict.fromkeys(lines)) + "\n", content_type="text/plain; charset=utf-8")


def server_error(request):
    """The 500 page in the language of the URL, rendered without touching the database (it may be the cause)."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        body = loader.get_template("500.html").render({"LANGUAGE_CODE": language, "request": request})
    return HttpResponseServerError(body)
