"""The public comment form of a draft: what a reader sends, what is refused (and that nothing is then saved), the
CAPTCHA answered for real (from django-simple-captcha's store, no test mode), the limits per address and per
e-mail/phone, the period's edges by the clock, attachments checked by content, and text never rendered as HTML."""
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from captcha.models import CaptchaStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from PIL import Image

import pagecache
from consultation.forms import normalize_phone
from consultation.models import Comment, Draft
from tests.pages import elements, form_data, texts

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def draft(make_consultation_draft):
    return make_consultation_draft(
        status=Draft.Status.PUBLISHED, slug="du-thao-thong-tu-dau-thau", title_en="Draft circular on bidding",
        summary_en="Online bidding rules.", contact_name="Phòng Pháp chế", contact_email="phapche@example.gov.vn",
    )


def comment_url(draft, lang="vi"):
    with translation.override(lang):
        return reverse("consultation:comment", kwargs={"slug": draft.slug})


def captcha_answer(html):
    """The answer to the CAPTCHA a page shows, read from the store (as the site checks it), and its key."""
    key = elements(html, "input", name="captcha_0")[0].attrs["value"]
    return key, CaptchaStore.objects.get(hashkey=key).response


def filled(client, draft, lang="vi", **overrides):
    """What a reader sends from the form as the page shows it: every field filled, the CAPTCHA solved."""
    page = client.get(comment_url(draft, lang))
    assert page.status_code == 200
    data = form_data(page.content, "comment-form")
    _key, answer = captcha_answer(page.content.decode())
    data.update({
        "name": "Trần Thị Bình", "email": "binh@example.vn", "phone": "0912 345 678", "organisation": "Công ty B",
        "article_ref": "Điều 7", "body": "Đề nghị bổ sung quy định\r\nvề bảo đảm dự thầu.", "consent": "on",
        "captcha_1": answer,
    })
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def send(client, draft, lang="vi", files=None, **overrides):
    data = filled(client, draft, lang, **overrides)
    data.update(files or {})
    return client.post(comment_url(draft, lang), data)


def pdf_upload(name="gop-y.pdf"):
    """A real PDF, written by Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", (200, 100), (255, 255, 255)).save(buffer, format="PDF")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def exe_renamed_pdf():
    """A Windows program named .pdf: one of pip's own launchers, else a PE header."""
    import pip

    launchers = sorted(Path(pip.__file__).parent.glob("_vendor/distlib/*.exe"))
    header = b"MZ\x90\x00\x03" + b"\x00" * 58 + b"PE\x00\x00" + b"\x00" * 400
    content = launchers[0].read_bytes() if launchers else header
    assert content.startswith(b"MZ")
    return SimpleUploadedFile("du-thao-sua.pdf", content, content_type="application/pdf")


def errors(response):
    return texts(response.content, "ul", class_="errorlist")


# --- Sending ---------------------------------------------------------------------------------------------------------

def test_a_reader_sends_a_comment_that_waits_for_moderation(client, draft, clock):
    response = send(client, draft)
    assert response.status_code == 302
    assert response["Location"] == f"/du-thao/{draft.slug}/gop-y/da-gui/"

    comment = Comment.objects.get()
    assert comment.draft == draft
    assert comment.moderation == Comment.Moderation.PENDING
    assert (comment.name, comment.email, comment.phone) == ("Trần Thị Bình", "binh@example.vn", "0912345678")
    assert (comment.organisation, comment.article_ref) == ("Công ty B", "Điều 7")
    assert comment.body == "Đề nghị bổ sung quy định\nvề bảo đảm dự thầu."
    assert comment.consent_at == comment.submitted_at == timezone.now()
    assert comment.language == "vi"
    # A keyed hash of the address, never the address.
    assert re.fullmatch(r"[0-9a-f]{64}", comment.address_hash)
    assert "127.0.0.1" not in comment.address_hash

    page = client.get(response["Location"])
    assert page.status_code == 200
    body = " ".join(texts(page.content, "p"))
    assert "chờ kiểm duyệt" in body
    assert "không được công bố kèm tên của bạn" in body
    assert "no-store" in page["Cache-Control"]


def test_the_english_form_sends_a_comment_in_english(client, draft):
    assert comment_url(draft, "en") == f"/en/drafts/{draft.slug}/comment/"
    response = send(client, draft, "en")
    assert response["Location"] == f"/en/drafts/{draft.slug}/comment/sent/"
    assert Comment.objects.get().language == "en"


def test_the_form_page_is_never_stored_by_the_page_cache(client, draft, clock):
    # Past the page cache's allowance for clock skew after the draft's save stamped its pages.
    clock.shift(2)
    url = comment_url(draft)
    assert pagecache.routes.params(url) is None  # not a cached page: the first middleware never looks it up
    first, second = Client().get(url), Client().get(url)
    for page in (first, second):
        assert "X-Page-Cache" not in page
        assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    # Each reader gets a challenge of their own: the second page was rendered, not served from a copy.
    assert captcha_answer(first.content.decode())[0] != captcha_answer(second.content.decode())[0]
    # While the draft's own page, in the same conditions, is stored and served from the cache.
    Client().get(draft.get_absolute_url())
    assert Client().get(draft.get_absolute_url())["X-Page-Cache"] == "hit"


def test_the_form_says_what_personal_data_is_kept_for_how_long_and_whom_to_ask(client, draft, settings):
    settings.CONSULTATION_PERSONAL_DATA_DAYS = 365
    page = client.get(comment_url(draft))
    notice = " ".join(texts(page.content, "section", id="comment-privacy"))
    for words in ("Nghị định 13/2023/NĐ-CP", "họ tên", "thư điện tử", "số điện thoại", "cơ quan, tổ chức",
                  "tệp bạn đính kèm", "mã băm có khóa", "xử lý góp ý", "liên hệ với bạn", "báo cáo",
                  "đơn vị chủ trì soạn thảo", "không bao giờ được công bố", "365 ngày", "phapche@example.gov.vn"):
        assert words in notice, words
    erased_on = timezone.localtime(draft.closes_at + timedelta(days=365)).strftime("%d/%m/%Y")
    assert erased_on in notice
    consent = elements(page.content, "input", name="consent")[0]
    assert consent.attrs["aria-describedby"] == "comment-privacy"
    # The CAPTCHA is labelled in Vietnamese and its picture says what it is.
    assert texts(page.content, "label", **{"for": "id_captcha_1"}) == ["Kết quả phép tính trong ảnh:"]
    picture = elements(page.content, "img", class_="captcha")[0]
    assert picture.attrs["alt"].startswith("Ảnh một phép cộng")


def test_a_draft_not_public_has_no_comment_form(client, make_consultation_draft):
    in_review = make_consultation_draft(status=Draft.Status.REVIEW, slug="dang-duyet")
    assert client.get(comment_url(in_review)).status_code == 404
    assert client.post(comment_url(in_review), {"name": "A"}).status_code == 404
    vietnamese_only = make_consultation_draft(status=Draft.Status.PUBLISHED, slug="chi-tieng-viet")
    assert client.get(comment_url(vietnamese_only, "en")).status_code == 404
    assert Comment.objects.count() == 0


# --- What the form refuses, in Vietnamese, saving nothing ------------------------------------------------------------

def test_required_fields_are_asked_for_in_vietnamese(client, draft):
    response = send(client, draft, name="", email="", phone="", body="", consent=None)
    assert response.status_code == 200
    found = errors(response)
    assert "Vui lòng nhập họ và tên." in found
    assert "Vui lòng viết nội dung góp ý." in found
    assert "Hãy cho biết địa chỉ thư điện tử hoặc số điện thoại (ít nhất một), để Bộ có thể liên hệ với bạn." in found
    assert any(error.startswith("Góp ý chỉ được tiếp nhận khi bạn đồng ý") for error in found)
    assert "Góp ý của bạn chưa được gửi" in " ".join(texts(response.content, "p"))
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("email, phone, message", [
    ("binh@", "", "Nhập địa chỉ thư điện tử đúng dạng, ví dụ ten@example.vn."),
    ("", "12345", "Nhập số điện thoại theo cách viết ở Việt Nam, ví dụ 0912 345 678 hoặc 024 3845 5298."),
    ("", "0112 345 678", "Nhập số điện thoại theo cách viết ở Việt Nam, ví dụ 0912 345 678 hoặc 024 3845 5298."),
])
def test_a_wrong_email_or_phone_is_refused(client, draft, email, phone, message):
    response = send(client, draft, email=email, phone=phone)
    assert message in errors(response)
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("written, kept", [
    ("0912 345 678", "0912345678"),
    ("0912.345.678", "0912345678"),
    ("+84 912 345 678", "0912345678"),
    ("84912345678", "0912345678"),
    ("(024) 3845 5298", "02438455298"),
    ("1900 1234", "19001234"),
    ("091234567", None),
    ("0412 345 678", None),
    ("số điện thoại", None),
])
def test_phone_numbers_as_vietnamese_numbers_are_written(written, kept):
    assert normalize_phone(written) == kept


def test_a_phone_alone_is_enough(client, draft):
    assert send(client, draft, email="", phone="+84 912 345 678").status_code == 302
    assert (Comment.objects.get().email, Comment.objects.get().phone) == ("", "0912345678")


def test_a_comment_over_the_limit_is_refused_and_kept(client, draft, settings):
    settings.CONSULTATION_COMMENT_MAX_CHARS = 20
    page = client.get(comment_url(draft))
    assert elements(page.content, "textarea", name="body")[0].attrs["maxlength"] == "20"
    response = send(client, draft, body="x" * 21)
    assert ("Góp ý của bạn có 21 ký tự; giới hạn là 20. Hãy rút gọn, hoặc gửi nội dung dài hơn trong tệp đính kèm."
            in errors(response))
    assert Comment.objects.count() == 0
    # A newline the browser sends as two characters counts as one, as the browser counted it.
    assert send(client, draft, body="x" * 9 + "\r\n" + "y" * 10).status_code == 302


def test_a_wrong_captcha_is_refused_with_a_new_picture_and_the_text_kept(client, draft):
    data = filled(client, draft)
    old_key = data["captcha_0"]
    data["captcha_1"] = str(int(data["captcha_1"]) + 1)
    response = client.post(comment_url(draft), data)
    assert "Kết quả không khớp với ảnh. Hãy tính phép tính trong ảnh mới." in errors(response)
    assert Comment.objects.count() == 0
    new_key, _answer = captcha_answer(response.content.decode())
    assert new_key != old_key
    assert not CaptchaStore.objects.filter(hashkey=old_key).exists()  # one attempt per challenge
    assert texts(response.content, "textarea", name="body") == ["Đề nghị bổ sung quy định\r\nvề bảo đảm dự thầu."]
    # The right answer to the old challenge no longer counts either.
    data["captcha_1"] = str(int(data["captcha_1"]) - 1)
    again = client.post(comment_url(draft), data)
    assert "Kết quả không khớp với ảnh. Hãy tính phép tính trong ảnh mới." in errors(again)
    assert Comment.objects.count() == 0


def test_one_answered_challenge_sent_twice_at_once_is_accepted_once(client, draft):
    # Two requests with the same answer, the second arriving while the first is using the challenge up: the
    # library read the challenge, then deleted it, so both read it first and both passed.
    from django.db.models.signals import pre_delete

    data = filled(client, draft)
    responses = []

    def second_request_meanwhile(sender, **kwargs):
        pre_delete.disconnect(second_request_meanwhile, sender=CaptchaStore)
        responses.append(Client().post(comment_url(draft), data))

    pre_delete.connect(second_request_meanwhile, sender=CaptchaStore, weak=False)
    try:
        responses.append(client.post(comment_url(draft), data))
    finally:
        pre_delete.disconnect(second_request_meanwhile, sender=CaptchaStore)
    assert sorted(response.status_code for response in responses) == [200, 302]
    assert Comment.objects.count() == 1
    assert not CaptchaStore.objects.filter(hashkey=data["captcha_0"]).exists()


def test_a_missing_captcha_answer_is_asked_for(client, draft):
    response = send(client, draft, captcha_1="")
    assert "Vui lòng nhập kết quả phép tính trong ảnh." in errors(response)
    assert Comment.objects.count() == 0


def test_new_picture_keeps_what_was_typed_and_saves_nothing(client, draft):
    data = filled(client, draft, new_picture="1", captcha_1="")
    response = client.post(comment_url(draft), data)
    assert response.status_code == 200
    assert errors(response) == []
    assert captcha_answer(response.content.decode())[0] != data["captcha_0"]
    assert elements(response.content, "input", name="name")[0].attrs["value"] == "Trần Thị Bình"
    assert Comment.objects.count() == 0


def test_a_filled_honeypot_is_answered_as_sent_and_nothing_is_saved(client, draft):
    page = client.get(comment_url(draft))
    honeypot = elements(page.content, "input", name="website")[0]
    assert honeypot.attrs["tabindex"] == "-1" and honeypot.attrs["autocomplete"] == "off"
    assert "style" not in honeypot.attrs
    hidden = [element for element in elements(page.content, "div", class_="visually-hidden")
              if element.attrs.get("aria-hidden") == "true"]
    assert hidden and "Để trống ô này" in hidden[0].text
    response = send(client, draft, website="http://spam.example/")
    assert response.status_code == 302
    assert response["Location"] == f"/du-thao/{draft.slug}/gop-y/da-gui/"
    assert Comment.objects.count() == 0


def test_a_forged_or_missing_csrf_token_is_refused(draft):
    reader = Client(enforce_csrf_checks=True)
    data = filled(reader, draft)
    forged = reader.post(comment_url(draft), {**data, "csrfmiddlewaretoken": "x" * 64})
    assert forged.status_code == 403
    assert "CSRF" in forged.content.decode()
    missing = reader.post(comment_url(draft), {k: v for k, v in data.items() if k != "csrfmiddlewaretoken"})
    assert missing.status_code == 403
    assert Comment.objects.count() == 0
    # The same form with its own token is received.
    assert reader.post(comment_url(draft), data).status_code == 302
    assert Comment.objects.count() == 1


# --- Limits per address and per e-mail/phone --------------------------------------------------------------------------

def test_one_address_may_send_so_many_comments_a_day(client, draft, settings, clock):
    settings.CONSULTATION_COMMENTS_PER_ADDRESS = 2
    for number in range(2):
        assert send(client, draft, email=f"nguoi{number}@example.vn", phone="").status_code == 302
    clock.shift(60)
    response = send(client, draft, email="nguoi3@example.vn", phone="", body="Góp ý thứ ba")
    assert response.status_code == 429
    alert = " ".join(texts(response.content, "div", role="alert"))
    assert "Đã có quá nhiều góp ý cho dự thảo này được gửi từ mạng của bạn trong 24 giờ qua (tối đa 2)" in alert
    assert int(response["Retry-After"]) == 24 * 3600 - 60 + 1
    assert texts(response.content, "textarea", name="body") == ["Góp ý thứ ba"]  # kept
    assert Comment.objects.count() == 2
    # Another address is not concerned; the first one may send again a day after its first comment.
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert send(other, draft, email="khac@example.vn", phone="").status_code == 302
    clock.shift(timedelta(hours=24) - timedelta(seconds=60))
    assert send(client, draft, email="nguoi3@example.vn", phone="").status_code == 302
    assert Comment.objects.count() == 4


def test_an_ipv6_sender_is_counted_by_its_network(draft, settings):
    settings.CONSULTATION_COMMENTS_PER_ADDRESS = 1
    assert send(Client(REMOTE_ADDR="2001:db8:1:2::1"), draft).status_code == 302
    assert send(Client(REMOTE_ADDR="2001:db8:1:2::99"), draft, email="khac@example.vn", phone="").status_code == 429
    assert send(Client(REMOTE_ADDR="2001:db8:1:3::1"), draft, email="khac@example.vn", phone="").status_code == 302


def test_the_address_behind_our_proxy_is_counted(draft, settings):
    settings.CONSULTATION_COMMENTS_PER_ADDRESS = 1
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    assert send(Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.1"), draft).status_code == 302
    # Another reader behind the same proxy is not the first one, whatever they put first in the header.
    second = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.1, 198.51.100.2")
    assert send(second, draft, email="khac@example.vn", phone="").status_code == 302
    again = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.2")
    assert send(again, draft, email="lan-nua@example.vn", phone="").status_code == 429


def test_one_email_or_phone_may_send_so_many_comments_a_day(draft, settings, make_consultation_draft):
    settings.CONSULTATION_COMMENTS_PER_EMAIL = 2
    addresses = iter(f"198.51.100.{number}" for number in range(1, 20))

    def reader():
        return Client(REMOTE_ADDR=next(addresses))

    assert send(reader(), draft, email="binh@example.vn", phone="").status_code == 302
    assert send(reader(), draft, email="Binh@Example.VN", phone="").status_code == 302
    refused = send(reader(), draft, email="binh@example.vn", phone="", body="Lần thứ ba")
    assert refused.status_code == 429
    assert "đã gửi 2 góp ý cho dự thảo này trong 24 giờ qua" in refused.content.decode()
    assert Comment.objects.count() == 2
    # The phone counts however it is written.
    assert send(reader(), draft, email="", phone="0987 654 321").status_code == 302
    assert send(reader(), draft, email="", phone="+84987654321").status_code == 302
    assert send(reader(), draft, email="moi@example.vn", phone="0987.654.321").status_code == 429
    assert Comment.objects.count() == 4
    # Another draft is counted apart.
    other = make_consultation_draft(status=Draft.Status.PUBLISHED, slug="du-thao-khac")
    assert send(reader(), other, email="binh@example.vn", phone="0987 654 321").status_code == 302


# --- The period, by the clock --------------------------------------------------------------------------------------

def test_a_form_sent_one_second_before_the_close_is_received(client, make_consultation_draft, clock):
    closes = timezone.now() + timedelta(minutes=5)  # within the CAPTCHA's own lifetime (CAPTCHA_TIMEOUT)
    draft = make_consultation_draft(status=Draft.Status.PUBLISHED, slug="sap-dong", closes_at=closes)
    data = filled(client, draft)
    clock.travel(closes - timedelta(seconds=1))
    assert client.post(comment_url(draft), data).status_code == 302
    assert Comment.objects.count() == 1


def test_a_form_sent_one_second_after_the_close_is_refused_and_the_text_kept(client, make_consultation_draft, clock):
    closes = timezone.now() + timedelta(hours=1)
    draft = make_consultation_draft(status=Draft.Status.PUBLISHED, slug="da-dong", closes_at=closes)
    data = filled(client, draft, body=f"Góp ý gửi muộn {XSS}")
    clock.travel(closes + timedelta(seconds=1))
    response = client.post(comment_url(draft), data)
    assert response.status_code == 403
    assert Comment.objects.count() == 0
    closed_at = timezone.localtime(closes).strftime("%H:%M %d/%m/%Y")
    alert = " ".join(texts(response.content, "div", role="alert"))
    assert f"Thời hạn góp ý cho dự thảo này đã kết thúc lúc {closed_at}; góp ý của bạn chưa được gửi." in alert
    body = elements(response.content, "textarea", name="body")[0]
    assert body.text == f"Góp ý gửi muộn {XSS}" and "readonly" in body.attrs
    html = response.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "Gửi góp ý" not in texts(response.content, "button")  # nothing more to send
    # The page itself now says since when it is closed, with no form to fill.
    page = client.get(comment_url(draft))
    assert page.status_code == 200
    assert f"dự thảo không nhận góp ý từ {closed_at}" in " ".join(texts(page.content, "p"))
    assert not elements(page.content, "form", id="comment-form")


def test_before_the_period_the_page_says_when_it_opens(client, make_consultation_draft, clock):
    opens = timezone.now() + timedelta(days=2)
    draft = make_consultation_draft(status=Draft.Status.PUBLISHED, slug="sap-mo", opens_at=opens,
                                    closes_at=opens + timedelta(days=30))
    page = client.get(comment_url(draft))
    assert f"Thời gian bắt đầu nhận góp ý: {timezone.localtime(opens).strftime('%H:%M %d/%m/%Y')}" in " ".join(
        texts(page.content, "p"))
    assert not elements(page.content, "form", id="comment-form")
    response = client.post(comment_url(draft), {"name": "A", "body": "Sớm", "email": "a@example.vn", "consent": "on"})
    assert response.status_code == 403
    assert "góp ý của bạn chưa được gửi" in " ".join(texts(response.content, "div", role="alert"))
    assert Comment.objects.count() == 0
    # It opens by itself, on time.
    clock.travel(opens)
    assert send(client, draft).status_code == 302


# --- Attachments, checked by content -------------------------------------------------------------------------------

def test_a_real_pdf_is_attached(client, draft):
    response = send(client, draft, files={"attachment": pdf_upload("Góp ý của Công ty B.pdf")})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.attachment_name == "Góp ý của Công ty B.pdf"
    assert comment.attachment.name.startswith("consultation/comments/") and comment.attachment.name.endswith(".pdf")
    assert "Công ty" not in comment.attachment.name  # the stored name never carries the sender's words
    assert comment.attachment.read().startswith(b"%PDF-")


def test_an_attachment_is_kept_where_no_public_address_reaches_it(client, draft, settings):
    send(client, draft, files={"attachment": pdf_upload("Góp ý.pdf")})
    stored = Comment.objects.get().attachment
    assert (settings.PRIVATE_MEDIA_ROOT / stored.name).is_file()
    assert not (settings.MEDIA_ROOT / stored.name).exists()  # /media/ (a web server, a public bucket) never has it
    with pytest.raises(ValueError):
        stored.url  # no public address to leak: staff download it through a view that checks who asks
    assert client.get(f"/media/{stored.name}").status_code == 404


def test_a_program_renamed_pdf_is_refused(client, draft):
    response = send(client, draft, files={"attachment": exe_renamed_pdf()})
    assert response.status_code == 200
    assert any(error.startswith("Tệp không thuộc loại tài liệu được chấp nhận, hoặc nội dung không khớp với tên tệp.")
               for error in errors(response)), errors(response)
    assert "Tệp đính kèm chưa được giữ lại: hãy chọn lại tệp khi gửi." in " ".join(texts(response.content, "p"))
    assert Comment.objects.count() == 0


def test_an_attachment_over_the_size_limit_is_refused(client, draft, settings):
    upload = pdf_upload()
    settings.CONSULTATION_ATTACHMENT_MAX_BYTES = upload.size - 1
    response = send(client, draft, files={"attachment": upload})
    assert any(error.startswith("Tệp có dung lượng") for error in errors(response)), errors(response)
    assert Comment.objects.count() == 0


# --- Plain text, always escaped ---------------------------------------------------------------------------------------

def test_what_a_commenter_writes_is_kept_as_typed_and_shown_escaped(client, draft, root):
    typed = {name: f"{XSS}" for name in ("name", "organisation", "body")}
    # Refused fields are shown again as typed, escaped.
    response = send(client, draft, email=f"a{XSS}@example.vn", phone=XSS, article_ref=XSS[:60], captcha_1="0", **typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    # Received: kept as plain text, exactly as typed.
    assert send(client, draft, article_ref=XSS[:60], **typed).status_code == 302
    comment = Comment.objects.get()
    assert (comment.name, comment.organisation, comment.body, comment.article_ref) == (XSS, XSS, XSS, XSS[:60])
    # The staff's list of comments (the admin's, when it is there) shows it escaped too.
    try:
        url = reverse("admin:consultation_comment_changelist")
    except NoReverseMatch:
        return
    for page in (root.get(url), root.get(reverse("admin:consultation_comment_change", args=[comment.pk]))):
        assert page.status_code == 200
        html = page.content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
