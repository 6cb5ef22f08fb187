"""The portal's own record: its identity beyond the owner organization, and its About and Access pages.

The owner's name, short name, address, phone, email and website stay on its news.Organization record (the one
whose slug is settings.PORTAL_OWNER_SLUG): renaming the ministry is an edit of that record, as the registry
already knows it. What the portal adds (the logo's text, the footer's lines, the official responsible for the
portal, the texts of the About and Access-to-information pages, the leadership and the list of published
information) lives here, one ``Portal`` per owner organization, so that the news app's models and migrations
stay as they are and pointing the portal at another organization brings its own record along.

Legal basis of the fields (README, "The portal's own pages"): decree 42/2022/NĐ-CP Art. 4(1)(e) (functions,
tasks and powers, organization chart, addresses and contacts, the official who is the point of contact) and
decree 13/2018/NĐ-CP Art. 11(1) (the access-to-information section: the list of published information, the
focal point, where requests and complaints are received online, the forms, guidance, download addresses).
"""
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# A link of the list of published information: a path on this site ("/van-ban/") or an http(s) address.
LINK = re.compile(r"^(/(?!/)|https?://)\S*$", re.IGNORECASE)


def validate_link(value):
    if value and not LINK.match(value):
        raise ValidationError(_('Give a path on this site ("/van-ban/") or an address starting with https://.'))


def is_safe_link(value):
    return bool(value) and bool(LINK.match(value))


class Portal(models.Model):
    """What the portal says about itself and its owner, beyond the owner's organization record."""

    owner = models.OneToOneField(
        "news.Organization",
        on_delete=models.PROTECT,
        related_name="portal",
        verbose_name=_("owner organization"),
        help_text=_("Its name, short name, address, phone, email and website are the portal's: edit them there."),
    )
    # --- identity ------------------------------------------------------------------------------------------
    logo_text = models.CharField(
        _("logo text"),
        max_length=200,
        blank=True,
        help_text=_("The line beside the header's mark in this language; empty: the owner's name in capitals."),
    )
    footer_text = models.TextField(
        _("footer text"), blank=True, help_text=_("Lines under the footer's contact block (licence, credits).")
    )
    # --- the official responsible for the portal, its point of contact (decree 42/2022, Art. 4(1)(e)) --------
    responsible_name = models.CharField(_("responsible official"), max_length=200, blank=True)
    responsible_position = models.CharField(_("job title"), max_length=200, blank=True)
    responsible_unit = models.CharField(_("unit"), max_length=300, blank=True)
    responsible_phone = models.CharField(_("phone"), max_length=60, blank=True)
    responsible_email = models.EmailField(_("email"), blank=True)
    # --- About: functions, tasks and powers ---------------------------------------------------------------------
    functions = models.TextField(_("functions, tasks and powers"), blank=True)
    functions_source = models.CharField(
        _("source of the functions"),
        max_length=500,
        blank=True,
        help_text=_("The document that sets them, as readers should cite it."),
    )
    # --- Access to information (decree 13/2018, Art. 11) ---------------------------------------------------------
    access_intro = models.TextField(_("introduction"), blank=True)
    access_procedure = models.TextField(_("how to request information"), blank=True)
    access_unit = models.CharField(_("focal point for providing information"), max_length=300, blank=True)
    access_address = models.CharField(_("address for requests"), max_length=300, blank=True)
    access_phone = models.CharField(_("phone for requests"), max_length=60, blank=True)
    access_email = models.EmailField(_("email for requests"), blank=True)
    access_online = models.URLField(
        _("online address for requests and complaints"),
        blank=True,
        help_text=_("Where requests for information and complaints about access to information are received online."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Fields whose text is rich (HTML): cleaned with news/sanitize.py on every save, fixtures included.
    RICH_TEXT = ("functions", "access_procedure")
    # Fields every page shows (header, footer): changing one drops every cached page.
    IDENTITY_FIELDS = ("owner_id", "logo_text_vi", "logo_text_en", "footer_text_vi", "footer_text_en",
                       "responsible_name", "responsible_position_vi", "responsible_position_en")

    class Meta:
        verbose_name = _("portal")
        verbose_name_plural = _("portal")

    def __str__(self):
        return str(self.owner) if self.owner_id else str(_("portal"))


class Leader(models.Model):
    """A member of the owner's leadership, as the About page lists them, in order."""

    portal = models.ForeignKey(Portal, on_delete=models.CASCADE, related_name="leaders")
    name = models.CharField(_("full name"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200)
    duties = models.TextField(_("duties"), blank=True)
    portrait = models.ForeignKey(
        "news.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("portrait"),
        help_text=_("From the image library."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("leader")
        verbose_name_plural = _("leadership")

    def __str__(self):
        return self.name


class InformationItem(models.Model):
    """An entry of the access-to-information section: published information, a form, or guidance."""

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("Information published")
        FORM = "form", _("Form")
        GUIDE = "guide", _("Guidance")

    portal = models.ForeignKey(Portal, on_delete=models.CASCADE, related_name="information_items")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PUBLISHED)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    link = models.CharField(
        _("link"),
        max_length=500,
        blank=True,
        validators=[validate_link],
        help_text=_('A path on this site ("/van-ban/?type=ke-hoach") or an address starting with https://.'),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["kind", "sort_order", "pk"]
        verbose_name = _("information item")
        verbose_name_plural = _("information items")

    def __str__(self):
        return self.title

    def safe_link(self):
        """The link if it is one a reader may follow (a fixture or raw SQL skips the validator)."""
        return self.link if is_safe_link(self.link) else ""
