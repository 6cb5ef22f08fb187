from django.conf import settings
from django.utils import timezone
from django.utils.functional import SimpleLazyObject


def portal(request):
    """The main menu and the footer's contact block; lazy, so pages that do not show them run no query."""
    from news.models import Organization, Section

    return {
        "menu_sections": SimpleLazyObject(lambda: list(Section.objects.filter(in_menu=True))),
        "now_year": timezone.localdate().year,
        "portal_owner": SimpleLazyObject(
            lambda: Organization.objects.filter(slug=settings.PORTAL_OWNER_SLUG).first()
        ),
    }
