"""Staff side of drafts for public comment, in the admin: the drafts (drafts.py) and the comments sent on them
(comments.py: moderation, handling, exports). Every rule is asked of consultation/workflow.py."""
from . import comments, drafts  # noqa: F401  (registers the admins)
