"""Public pages of drafts for comment: the lists (open, closed) and one page per draft with its files."""

urlpatterns = []
