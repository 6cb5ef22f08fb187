"""The directive registry's identity rule: a Party number restarts each term, so number + issue date."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from news.models import Directive

DUPLICATE = "Đã có văn bản mang số ký hiệu này với cùng ngày ban hành."


def directive(**fields):
    values = {"number": "05-CT/TW", "document_type": Directive.DocumentType.DIRECTIVE, "issued_on": date(2016, 5, 15)}
    values.update(fields)
    return Directive(**values)


@pytest.mark.django_db
def test_same_number_in_another_term_is_another_document():
    directive(term="XII").save()
    directive(issued_on=date(2021, 7, 1), term="XIII").full_clean()


@pytest.mark.django_db
def test_same_number_and_date_is_refused_with_a_clear_message():
    directive().save()
    with pytest.raises(ValidationError) as refused:
        directive(number=" 05-ct/tw ").full_clean()  # spelled differently, same document
    assert DUPLICATE in str(refused.value)


@pytest.mark.django_db
def test_the_database_refuses_the_duplicate_too():
    directive().save()
    with pytest.raises(IntegrityError), transaction.atomic():
        directive(number="05-ct/tw").save()


@pytest.mark.django_db
def test_a_number_needs_its_issue_date():
    with pytest.raises(ValidationError) as refused:
        directive(issued_on=None).full_clean()
    assert "ngày ban hành" in str(refused.value)


@pytest.mark.django_db
def test_plenum_resolution_without_number():
    resolution = directive(number="", document_type=Directive.DocumentType.RESOLUTION, plenum=4, term="XI",
                           issued_on=None)
    resolution.full_clean()
    resolution.save()
    assert resolution.citation == "Nghị quyết Trung ương 4 khóa XI"
    assert resolution.slug == "nghi-quyet-tw-4-khoa-xi"


@pytest.mark.django_db
def test_term_is_roman_and_effective_date_follows_issue_date():
    with pytest.raises(ValidationError) as refused:
        directive(term="13", effective_on=date(2016, 5, 1)).full_clean()
    assert "La Mã" in str(refused.value)
    assert "Ngày hiệu lực không được trước ngày ban hành." in str(refused.value)


@pytest.mark.django_db
def test_citation_and_slug():
    decision = directive(number="47-qđ/tw", document_type=Directive.DocumentType.DECISION, issued_on=date(2007, 4, 11))
    decision.save()
    assert decision.number == "47-QĐ/TW"
    assert str(decision) == "Quyết định 47-QĐ/TW"
    assert decision.slug == "quyet-dinh-47-qd-tw-2007-04-11"
