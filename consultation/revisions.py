"""Drafts keep revisions (django-reversion) with their files, like articles (news/revisions.py)."""
import reversion

from .models import Draft, DraftFile

if not reversion.is_registered(DraftFile):
    reversion.register(DraftFile)
if not reversion.is_registered(Draft):
    reversion.register(Draft, follow=("files",))
