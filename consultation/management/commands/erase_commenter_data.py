"""Erase the personal data of commenters once its time is over (13/2023/NĐ-CP): run daily, e.g. from cron.

    manage.py erase_commenter_data

For every comment on a draft whose period closed more than CONSULTATION_PERSONAL_DATA_DAYS days ago: the name,
e-mail, phone, organisation and address hash are blanked, the attached file is deleted from the media storage
(with its original name), and ``personal_data_erased_at`` says when. The comment's text, the article (Điều) it is
about and how it was handled stay: they are the report's, and name no one. Running it again erases nothing twice.

Files go first, then the rows: a run that stops half-way leaves rows still pointing at their files, which the next
run deletes again (deleting a missing file is no error); never a file that no row names any more.
"""
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from consultation.models import Comment

BATCH = 500


def due(now=None):
    """Comments whose personal data is due for erasure at ``now`` and is not erased yet."""
    limit = (now or timezone.now()) - timedelta(days=settings.CONSULTATION_PERSONAL_DATA_DAYS)
    return Comment.objects.filter(draft__closes_at__lt=limit, personal_data_erased_at__isnull=True)


class Command(BaseCommand):
    help = (
        "Erase the personal data (name, e-mail, phone, organisation, address hash, attachment) of comments on "
        "drafts whose comment period closed more than CONSULTATION_PERSONAL_DATA_DAYS days ago. Keeps the comment."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        erased = 0
        while batch := list(due(now).order_by("pk").values_list("pk", "attachment")[:BATCH]):
            for _pk, name in batch:
                if name:
                    Comment._meta.get_field("attachment").storage.delete(name)
            with transaction.atomic():
                erased += due(now).filter(pk__in=[pk for pk, _name in batch]).update(
                    name="", email="", phone="", organisation="", address_hash="", attachment="",
                    attachment_name="", personal_data_erased_at=now,
                )
        self.stdout.write(f"Erased the personal data of {erased} comment(s).")
