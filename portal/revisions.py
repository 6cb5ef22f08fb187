"""The portal record keeps revisions like articles (django-reversion): one per admin save, with its leadership
and its list of published information, restored together."""
import reversion

from .models import InformationItem, Leader, Portal


def _register(model, **options):
    # Idempotent: portal.admin imports this module too, before VersionAdmin would register the model its own way.
    if not reversion.is_registered(model):
        reversion.register(model, **options)


_register(Leader)
_register(InformationItem)
_register(Portal, follow=("leaders", "information_items"))
