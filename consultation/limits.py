"""How many comments one sender may send on one draft: per network address and per e-mail or phone, per 24 hours.

Counted in the database, from the comments themselves (no cache that a restart or a second host would forget).
The address is never stored: only a keyed hash of it (HMAC with SECRET_KEY), in ``Comment.address_hash``, which
cannot be turned back into the address without the key. An IPv6 sender is counted by its /64 network, which one
household or phone usually holds whole: counting single addresses would let it send from millions of them.
"""
import ipaddress
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils.crypto import salted_hmac

from orgsite.settings import client_address

WINDOW = timedelta(hours=24)


def address_hash(request):
    """The keyed hash of the sender's address (its /64 network for IPv6): 64 hexadecimal characters."""
    return salted_hmac("consultation.limits.address", _counted_address(client_address(request) or ""),
                       algorithm="sha256").hexdigest()


def _counted_address(address):
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


@dataclass
class Refusal:
    """A limit reached: which (``"address"`` or ``"contact"``), the limit, and the seconds until one more is allowed."""

    kind: str
    limit: int
    retry_after: int


def _over(comments, limit, kind, now):
    window = comments.filter(submitted_at__gt=now - WINDOW)
    # One query: how many, and the oldest (when it leaves the window, one more may be sent).
    counted = window.order_by().aggregate(count=Count("pk"), oldest=Min("submitted_at"))
    if counted["count"] < limit:
        return None
    retry_after = max(1, int((counted["oldest"] + WINDOW - now).total_seconds()) + 1)
    return Refusal(kind, limit, retry_after)


def address_refusal(draft, address_key, now):
    """A Refusal if this address (its hash) has sent CONSULTATION_COMMENTS_PER_ADDRESS comments on ``draft`` in
    the last 24 hours, else None."""
    return _over(draft.comments.filter(address_hash=address_key), settings.CONSULTATION_COMMENTS_PER_ADDRESS,
                 "address", now)


def contact_refusal(draft, email, phone, now):
    """A Refusal if this e-mail address or phone number has sent CONSULTATION_COMMENTS_PER_EMAIL comments on
    ``draft`` in the last 24 hours (either of them counts), else None."""
    same = Q()
    if email:
        same |= Q(email__iexact=email)
    if phone:
        same |= Q(phone=phone)
    if not same:
        return None
    return _over(draft.comments.filter(same), settings.CONSULTATION_COMMENTS_PER_EMAIL, "contact", now)
