"""Which models keep revisions (django-reversion), and what a revision of each holds.

A revision keeps what staff wrote. Left out: the text and links derived from it on save (news/citations.py
recomputes them after a restore) and the optimistic-locking counter ``Article.version``, which must only
ever grow (a restore keeps it, with the workflow state: ``kept_on_restore`` in news/admin/workflow.py).
Revisions are made by the admin (VersionAdmin wraps its views in a revision); other saves (ORM, loaddata,
QuerySet.update of derived data) make none.
"""
import reversion
from modeltranslation.settings import AVAILABLE_LANGUAGES

from news.models import Article, Attachment, Directive, Organization, OrganizationStatistics

ARTICLE_DERIVED_TEXT = ("lead_linked", "body_linked")
ARTICLE_NOT_KEPT = (
    "version",
    "cited_directives",
    "unresolved_references",
    *ARTICLE_DERIVED_TEXT,
    *(f"{name}_{lang}" for name in ARTICLE_DERIVED_TEXT for lang in AVAILABLE_LANGUAGES),
)


def _register(model, **options):
    # Idempotent: the admin classes import this module too, so that it runs before VersionAdmin would
    # auto-register the models with its own (broader) options.
    if not reversion.is_registered(model):
        reversion.register(model, **options)


_register(Attachment)
_register(Article, exclude=ARTICLE_NOT_KEPT, follow=("attachments",))
_register(Directive)
_register(OrganizationStatistics)
_register(Organization, follow=("statistics",))
