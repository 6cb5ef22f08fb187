"""The public comment form of a draft: who sends it, what they say, their consent, and what keeps robots out.

Everything typed is kept as plain text (newlines as "\\n", Unicode NFC) and only ever shown escaped. Robots meet a
honeypot field (hidden from people and from screen readers, filled by robots that fill every field) and a CAPTCHA
drawn by this site (django-simple-captcha: a sum to work out, a new one after every attempt). The limits per
sender are counted by the view when the comment is saved (consultation/limits.py).
"""
import re
import unicodedata

from captcha.fields import CaptchaField, CaptchaTextInput
from captcha.models import CaptchaStore
from django import forms
from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from news.attachments import ALLOWED_EXTENSIONS, validate_attachment_file

from .models import Comment

# The honeypot's name: one that robots fill in, and people never see.
HONEYPOT = "website"
NEW_PICTURE = "new_picture"  # the button that asks for another CAPTCHA picture, keeping what was typed

# Vietnamese numbers as people write them: spaces, dots, dashes or brackets between the digits, and +84 / 84 in
# front instead of the 0. Mobiles are 10 digits (03, 05, 07, 08, 09), fixed lines 11 (02 and the area code),
# hotlines 1800 / 1900 and 4 to 6 digits.
PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
PHONE_NUMBERS = re.compile(r"0[35789]\d{8}|02\d{9}|1[89]00\d{4,6}")


def plain_text(value):
    """Typed text as it is kept: newlines as "\\n" (a browser sends "\\r\\n"), composed Unicode (NFC)."""
    return unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))


def normalize_phone(value):
    """The number in its national form (0912345678), or None when it is not written as a Vietnamese number."""
    digits = PHONE_SEPARATORS.sub("", value)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("0084"):
        digits = "0" + digits[4:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits if PHONE_NUMBERS.fullmatch(digits) else None


class PlainTextField(forms.CharField):
    """A CharField whose length is counted as the reader's browser counts it (a newline is one character)."""

    def to_python(self, value):
        value = super().to_python(value)
        return plain_text(value) if value else value


class CommentCaptchaInput(CaptchaTextInput):
    """The CAPTCHA's picture with a Vietnamese alternative text, and its answer box (consultation template)."""

    template_name = "consultation/_comment_captcha.html"
    use_fieldset = False  # one answer box, labelled by the field's <label> (the key beside it is hidden)

    def render(self, name, value, attrs=None, renderer=None):
        # The template is the site's (templates/consultation/), which the forms' own renderer does not search.
        return super().render(name, value, attrs, renderer=TemplatesSetting())


class OneUseCaptchaField(CaptchaField):
    """A CAPTCHA answer that counts once. django-simple-captcha reads the challenge, then deletes it: two requests
    sent at once with one answer both read it before either deletes it, and both pass. Here the challenge is
    deleted in one statement with its answer as the condition, and only the request whose statement deleted it
    passes; a wrong answer uses the challenge up too (one attempt per picture, as the library does)."""

    def clean(self, value):
        forms.MultiValueField.clean(self, value)  # required, and each part's own checks
        key, response = value[0], (value[1] or "").strip().lower()
        value[1] = ""  # as the library: the answer is never shown back
        CaptchaStore.remove_expired()
        answered, _by_model = CaptchaStore.objects.filter(
            hashkey=key, response=response, expiration__gt=timezone.now()
        ).delete()
        if not answered:
            CaptchaStore.objects.filter(hashkey=key).delete()
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value


class CommentForm(forms.Form):
    name = PlainTextField(
        label=_("Full name"), max_length=Comment._meta.get_field("name").max_length,
        error_messages={"required": _("Please enter your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"), required=False, max_length=Comment._meta.get_field("email").max_length,
        error_messages={"invalid": _("Enter an e-mail address such as ten@example.vn.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=Comment._meta.get_field("phone").max_length,
        help_text=_("For example 0912 345 678 or 024 3845 5298."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    organisation = PlainTextField(
        label=_("Organisation (optional)"), required=False,
        max_length=Comment._meta.get_field("organisation").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    article_ref = PlainTextField(
        label=_("Article (Điều) commented on (optional)"), required=False,
        max_length=Comment._meta.get_field("article_ref").max_length,
        help_text=_("For example: Điều 5, or Điều 5 khoản 2."),
    )
    body = PlainTextField(
        label=_("Your comment"),
        error_messages={
            "required": _("Please write your comment."),
            "max_length": _("Your comment has %(show_value)s characters; the limit is %(limit_value)s. Shorten it, "
                            "or send the longer text as an attachment."),
        },
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS)}),
    )
    consent = forms.BooleanField(
        label=_("I agree that my personal data is kept and used as described above."),
        error_messages={"required": _("Your comment can only be received with your agreement to how your personal "
                                      "data is used: tick the box, or send your comment another way (see the contact "
                                      "above).")},
    )
    captcha = OneUseCaptchaField(
        label=_("Result of the sum in the picture"),
        help_text=_("Type the result in digits. Cannot read it? Press “New picture” below: what you typed is kept."),
        widget=CommentCaptchaInput(),
        error_messages={
            "invalid": _("The result does not match the picture. Work out the sum in the new picture."),
            "required": _("Please type the result of the sum in the picture."),
        },
    )
    # Filled only by robots (hidden from people and screen readers; see the template): see CommentView.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read at each form, not at import: the setting is the site's to change.
        limit = settings.CONSULTATION_COMMENT_MAX_CHARS
        body = self.fields["body"]
        body.max_length = limit
        body.validators = [*body.validators, MaxLengthValidator(limit)]
        body.widget.attrs["maxlength"] = limit
        body.help_text = _("Plain text, at most %(limit)s characters.") % {
            "limit": number_format(limit, force_grouping=True)
        }
        self.fields["attachment"].help_text = _(
            "One file, at most %(limit)s: %(types)s. Its content must be what its name says."
        ) % {
            "limit": filesizeformat(settings.CONSULTATION_ATTACHMENT_MAX_BYTES),
            "types": ", ".join(extension.upper() for extension in ALLOWED_EXTENSIONS),
        }
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def read_only(self):
        """Shown again after the period closed: what was typed, to be copied, with nothing more to send."""
        for name in ("consent", "captcha", HONEYPOT):
            del self.fields[name]
        for field in self.fields.values():
            field.widget.attrs["readonly"] = True
        return self

    def is_robot(self):
        """True when the honeypot is filled: no person sees that field."""
        return bool(self.data.get(HONEYPOT, "").strip())

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        if not value:
            return ""
        phone = normalize_phone(value)
        if phone is None:
            raise ValidationError(
                _("Enter a phone number as written in Viet Nam, for example 0912 345 678 or 024 3845 5298."),
                code="phone",
            )
        return phone

    def clean_email(self):
        return BaseUserManager.normalize_email(self.cleaned_data["email"].strip())

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        limit = settings.CONSULTATION_ATTACHMENT_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                gettext("The file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                code="file_too_large",
            )
        validate_attachment_file(upload)  # by content: a program renamed .pdf is refused
        return upload

    def clean(self):
        data = super().clean()
        if "email" in data and "phone" in data and not data["email"] and not data["phone"]:
            self.add_error("email", ValidationError(
                _("Give an e-mail address or a phone number (at least one), so that the ministry can contact you."),
                code="no_contact",
            ))
        return data

    def comment(self, draft, **fields):
        """The unsaved Comment of this valid form on ``draft``, with ``fields`` (the view's: time, address...)."""
        data = self.cleaned_data
        return Comment(
            draft=draft,
            name=data["name"], email=data["email"], phone=data["phone"], organisation=data["organisation"],
            article_ref=data["article_ref"], body=data["body"], attachment=data["attachment"] or "",
            **fields,
        )


def kept_input(data):
    """What the reader typed, to show again in an unbound form (no errors, no CAPTCHA answer, no honeypot)."""
    return {name: data.get(name) for name in CommentForm.base_fields if name not in ("captcha", HONEYPOT, "attachment")}
