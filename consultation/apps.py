from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    """Drafts of legal documents posted for public comment (78/2025/NĐ-CP), their comments and reports."""

    name = "consultation"
    verbose_name = _("Drafts for public comment")

    def ready(self):
        import pagecache

        from . import effects, revisions  # noqa: F401  (revisions: which models keep them)

        effects.connect()
        # A comment period opens and closes by the clock, with no edit to stamp the pages: the page cache lets
        # no page outlive the next such moment (as a scheduled article's go-live).
        pagecache.configure(next_go_live=effects.next_period_moment)
