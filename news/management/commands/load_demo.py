"""Set up the demo in one step: copy demo media, load fixtures/demo.json, fixtures/portal.json (the portal's
About and Access pages, README "The portal's own pages") and fixtures/consultation.json (drafts for comment),
create a demo staff account.

Safe to run again: media files are copied only when missing or changed, the fixture has fixed primary keys
(loading it again leaves the same rows), and the staff account gets a fresh password each run.
"""
import filecmp
import secrets
import shutil
from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

DEMO_USERNAME = "demo"
# The demo draft that is always open for comment (fixtures/consultation.json), and its period around the load.
OPEN_DRAFT_PK = 1
OPENED_DAYS_AGO, CLOSES_IN_DAYS = 3, 27


class Command(BaseCommand):
    help = "Copy demo media into MEDIA_ROOT, load the demo and portal fixtures and create the demo staff account."

    def add_arguments(self, parser):
        parser.add_argument("--no-user", action="store_true", help="Do not create or reset the demo account.")

    def handle(self, *args, no_user=False, **options):
        copied = self.copy_media(Path(settings.DEMO_MEDIA_DIR), Path(settings.MEDIA_ROOT))
        self.stdout.write(f"Demo media: {copied} file(s) copied to {settings.MEDIA_ROOT}")
        call_command("loaddata", "demo", verbosity=options["verbosity"])
        # After the demo: the portal's record points to its owner organization, which demo.json holds.
        call_command("loaddata", "portal", verbosity=options["verbosity"])
        # After the demo too: the drafts name their drafting unit, one of its organizations.
        call_command("loaddata", "consultation", verbosity=options["verbosity"])
        self.open_demo_draft()
        if not no_user:
            self.create_staff_account()

    def copy_media(self, source, target):
        copied = 0
        for path in sorted(source.rglob("*")):
            if not path.is_file():
                continue
            destination = target / path.relative_to(source)
            if destination.exists() and filecmp.cmp(path, destination, shallow=False):
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)
            copied += 1
        return copied

    def open_demo_draft(self):
        """Whenever the demo is loaded, one draft is open for comment: opened 3 days ago at 08:00 and closing in
        27 days at 17:00, Hanoi time (a fixed period in the fixture would have closed long since)."""
        from consultation.models import Draft

        today = timezone.localdate()
        draft = Draft.objects.get(pk=OPEN_DRAFT_PK)
        draft.opens_at = timezone.make_aware(datetime.combine(today - timedelta(days=OPENED_DAYS_AGO), time(8)))
        draft.closes_at = timezone.make_aware(datetime.combine(today + timedelta(days=CLOSES_IN_DAYS), time(17)))
        draft.save(update_fields=["opens_at", "closes_at", "updated_at"])  # a save: its pages are dropped

    def create_staff_account(self):
        user_model = get_user_model()
        password = secrets.token_urlsafe(9)
        user, _created = user_model.objects.get_or_create(username=DEMO_USERNAME)
        user.is_staff = True
        user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(
            self.style.SUCCESS(f"Demo staff account: username {DEMO_USERNAME!r}, password {password!r} (sign in at /admin/)")
        )
