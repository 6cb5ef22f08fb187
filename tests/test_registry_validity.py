"""A document's validity, derived from its dates and the relations in effect, as readers see it on its page."""
import importlib
from datetime import date, datetime
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone, translation

from news.models import Directive, DocumentRelation
from tests.factories import HANOI
from tests.pages import elements, texts

K = DocumentRelation.Kind
V = Directive.Validity
TODAY = date(2025, 6, 2)


def document(number, issued_on=date(2020, 1, 10), document_type="nghi-dinh", **fields):
    return Directive.objects.create(number=number, document_type=document_type, issued_on=issued_on, **fields)


def validity(directive, today=TODAY):
    return Directive.objects.with_validity(today, details=True).get(pk=directive.pk)


def validity_cell(client, directive):
    with translation.override("en"):
        url = directive.get_absolute_url()
    html = client.get(url).content.decode()
    return dict(zip(texts(html, "th", scope="row"), texts(html, "td")))["Validity status"]


@pytest.mark.django_db
def test_from_its_dates_alone():
    assert validity(document("1/2020/NĐ-CP", effective_on=date(2020, 3, 1))).validity_code == V.IN_FORCE
    assert validity(document("2/2025/NĐ-CP", issued_on=date(2025, 5, 20), effective_on=date(2025, 7, 1))
                    ).validity_code == V.NOT_YET
    # An issue date says nothing about being in force: not recorded rather than guessed.
    assert validity(document("3/2020/NĐ-CP")).validity_code == V.UNKNOWN
    ended = validity(document("4/2020/KH-BKHĐT", document_type="ke-hoach", effective_on=date(2020, 1, 10),
                              expires_on=date(2025, 1, 1)))
    assert (ended.validity_code, ended.validity_ended_on, ended.validity_ended_by_id) == (
        V.EXPIRED, date(2025, 1, 1), None)


@pytest.mark.django_db
def test_replaced_or_repealed_as_a_whole_it_is_no_longer_in_force_since_then_by_that_document():
    old = document("43/2011/NĐ-CP", issued_on=date(2011, 6, 13), effective_on=date(2011, 8, 1))
    new = document("42/2022/NĐ-CP", issued_on=date(2022, 6, 24), effective_on=date(2022, 8, 15))
    DocumentRelation.objects.create(source=new, kind=K.REPLACES, target=old)
    seen = validity(old)
    assert (seen.validity_code, seen.validity_ended_on, seen.validity_ended_by_id) == (
        V.EXPIRED, date(2022, 8, 15), new.pk)
    # Before the replacing document takes effect, the old one is still in force.
    assert validity(old, today=date(2022, 8, 14)).validity_code == V.IN_FORCE
    assert validity(new).validity_code == V.IN_FORCE


@pytest.mark.django_db
def test_a_relation_dated_on_its_own_takes_effect_then():
    old = document("43/2011/NĐ-CP", issued_on=date(2011, 6, 13), effective_on=date(2011, 8, 1))
    law = document("61/2020/QH14", issued_on=date(2020, 6, 17), document_type="luat", effective_on=date(2021, 1, 1))
    DocumentRelation.objects.create(source=law, kind=K.REPEALS, target=old, effective_on=date(2025, 7, 1))
    assert validity(old).validity_code == V.IN_FORCE  # on 2 June 2025
    later = validity(old, today=date(2025, 7, 1))
    assert (later.validity_code, later.validity_ended_on) == (V.EXPIRED, date(2025, 7, 1))


@pytest.mark.django_db
@pytest.mark.parametrize("kind, parts", [(K.AMENDS, ""), (K.AMENDS, "Điều 5"), (K.REPEALS, "Điều 7"),
                                         (K.REPLACES, "Chương II")])
def test_amended_or_ended_in_part_it_is_partly_in_force(kind, parts):
    law = document("61/2020/QH14", issued_on=date(2020, 6, 17), document_type="luat", effective_on=date(2021, 1, 1))
    other = document("03/2022/QH15", issued_on=date(2022, 1, 11), document_type="luat", effective_on=date(2022, 3, 1))
    DocumentRelation.objects.create(source=other, kind=kind, target=law, parts=parts)
    assert validity(law).validity_code == V.PARTLY_IN_FORCE
    assert validity(law, today=date(2022, 2, 28)).validity_code == V.IN_FORCE


@pytest.mark.django_db
def test_relations_that_end_nothing_change_nothing():
    decree = document("31/2021/NĐ-CP", issued_on=date(2021, 3, 26), effective_on=date(2021, 3, 26))
    for number, kind in enumerate([K.GUIDES, K.BASED_ON, K.CORRECTS, K.CONSOLIDATES, K.IMPLEMENTS], start=1):
        other = document(f"{number}/2022/TT-BKHĐT", issued_on=date(2022, 1, number), document_type="thong-tu")
        DocumentRelation.objects.create(source=other, kind=kind, target=decree)
        DocumentRelation.objects.create(source=decree, kind=K.REPLACES,
                                        target=document(f"{number}/2010/NĐ-CP", issued_on=date(2010, 1, number)))
    assert validity(decree).validity_code == V.IN_FORCE  # what it replaces does not end it


@pytest.mark.django_db
def test_set_by_hand_it_wins_and_readers_see_why(client):
    directive = document("05-CT/TW", issued_on=date(2016, 5, 15), document_type="chi-thi",
                         validity_override=V.IN_FORCE, validity_reason_vi="Theo Kết luận 01-KL/TW",
                         validity_reason_en="As Conclusion 01-KL/TW says")
    replacing = document("09-CT/TW", issued_on=date(2024, 1, 1), document_type="chi-thi", effective_on=date(2024, 1, 1))
    DocumentRelation.objects.create(source=replacing, kind=K.REPLACES, target=directive)
    assert validity(directive).validity_code == V.IN_FORCE
    cell = validity_cell(client, directive)
    assert cell.startswith("In force") and "As Conclusion 01-KL/TW says" in cell


@pytest.mark.django_db
def test_the_page_says_since_when_and_by_which_document(client, clock):
    clock.travel(datetime(2025, 6, 2, 9, 0, tzinfo=HANOI))
    old = document("43/2011/NĐ-CP", issued_on=date(2011, 6, 13), effective_on=date(2011, 8, 1))
    new = document("42/2022/NĐ-CP", issued_on=date(2022, 6, 24), effective_on=date(2022, 8, 15))
    DocumentRelation.objects.create(source=new, kind=K.REPLACES, target=old)
    assert validity_cell(client, old) == "No longer in force since 15/08/2022, by Decree 42/2022/NĐ-CP"
    with translation.override("en"):
        html = client.get(old.get_absolute_url()).content.decode()
    cell = html[html.index('<td class="validity validity-expired">'):]
    cell = cell[:cell.index("</td>")]
    assert [link.attrs["href"] for link in elements(cell, "a")] == [f"/en/documents/{new.slug}/"]


@pytest.mark.django_db
def test_a_document_comes_into_force_on_its_day_without_anyone_saving_it(client, clock):
    clock.travel(datetime(2025, 6, 30, 9, 0, tzinfo=HANOI))
    decree = document("2/2025/NĐ-CP", issued_on=date(2025, 5, 20), effective_on=date(2025, 7, 1))
    assert validity_cell(client, decree) == "Not yet in force (in force from 01/07/2025)"
    clock.travel(datetime(2025, 7, 1, 0, 30, tzinfo=HANOI))  # the page stored yesterday has expired since
    assert validity_cell(client, decree) == "In force"


@pytest.mark.django_db
def test_the_list_filters_and_shows_the_derived_validity(client, clock):
    clock.travel(datetime(2025, 6, 2, 9, 0, tzinfo=HANOI))
    old = document("43/2011/NĐ-CP", issued_on=date(2011, 6, 13), effective_on=date(2011, 8, 1))
    new = document("42/2022/NĐ-CP", issued_on=date(2022, 6, 24), effective_on=date(2022, 8, 15))
    document("3/2020/NĐ-CP")
    DocumentRelation.objects.create(source=new, kind=K.REPLACES, target=old)

    def listed(validity_value):
        html = client.get("/en/documents/", {"validity": validity_value}).content.decode()
        rows = elements(html, "tr")[1:]
        return {texts(html, "td")[index * 5]: texts(html, "td")[index * 5 + 4] for index in range(len(rows))}

    assert listed("expired") == {"Decree 43/2011/NĐ-CP": "No longer in force"}
    assert listed("in_force") == {"Decree 42/2022/NĐ-CP": "In force"}
    assert listed("unknown") == {"Decree 3/2020/NĐ-CP": "Not recorded"}


@pytest.mark.django_db
def test_the_list_filter_and_the_pages_agree_on_every_document():
    # The filter spells the rules as conditions, the pages as one expression: they must name the same documents.
    law = document("61/2020/QH14", issued_on=date(2020, 6, 17), document_type="luat", effective_on=date(2021, 1, 1))
    document("1/2020/NĐ-CP", effective_on=date(2020, 3, 1))
    document("2/2025/NĐ-CP", issued_on=date(2025, 5, 20), effective_on=date(2025, 7, 1))
    document("3/2020/NĐ-CP")
    document("4/2020/KH-BKHĐT", document_type="ke-hoach", effective_on=date(2020, 1, 10), expires_on=date(2025, 1, 1))
    replaced = document("5/2020/NĐ-CP", effective_on=date(2020, 3, 1))
    amended = document("6/2020/NĐ-CP", effective_on=date(2020, 3, 1))
    document("7/2020/NĐ-CP", validity_override=V.UNKNOWN, validity_reason_vi="Chưa rõ", effective_on=date(2020, 3, 1))
    DocumentRelation.objects.create(source=law, kind=K.REPLACES, target=replaced)
    DocumentRelation.objects.create(source=law, kind=K.AMENDS, target=amended, parts="Điều 3")
    DocumentRelation.objects.create(source=law, kind=K.REPEALS, target=amended, parts="Điều 4")
    annotated = {}
    for directive in Directive.objects.with_validity(TODAY):
        annotated.setdefault(directive.validity_code, set()).add(directive.pk)
    assert set(annotated) == set(V.values)
    for value in V.values:
        assert set(Directive.objects.validity_is(value, TODAY).values_list("pk", flat=True)) == annotated[value], value


@pytest.mark.django_db
def test_setting_it_by_hand_needs_a_reason(act_as):
    directive = document("1/2020/NĐ-CP", effective_on=date(2020, 3, 1))
    from tests.pages import form_data

    client = act_as("administrator")
    url = f"/en/admin/news/directive/{directive.pk}/change/"
    data = {**form_data(client.get(url).content), "validity_override": V.EXPIRED}
    refused = client.post(url, data)
    assert refused.status_code == 200 and "Say why the validity is set by hand" in refused.content.decode()
    saved = client.post(url, {**data, "validity_reason_vi": "Đã bị thay thế, chưa nhập văn bản thay thế"})
    assert saved.status_code == 302
    assert validity(directive).validity_code == V.EXPIRED
    # The admin's list shows and filters what readers see.
    listing = client.get("/en/admin/news/directive/", {"validity": "expired"}).content.decode()
    assert "Decree 1/2020/NĐ-CP" in listing and "No longer in force" in listing


@pytest.mark.django_db
def test_the_upgrade_keeps_only_what_the_dates_cannot_say(clock):
    clock.travel(datetime(2025, 6, 2, 9, 0, tzinfo=HANOI))
    typed = {
        "1/2020/NĐ-CP": (date(2020, 3, 1), "in_force"),  # the dates say so: derived from now on
        "2/2025/NĐ-CP": (date(2025, 7, 1), "not_yet_in_force"),  # idem
        "3/2020/NĐ-CP": (None, "in_force"),  # no effective date: only the hand says so, kept
        "4/2020/NĐ-CP": (date(2020, 3, 1), "expired"),  # the dates say otherwise: kept
        "5/2020/NĐ-CP": (None, ""),  # never typed
    }
    for number, (effective_on, value) in typed.items():
        document(number, issued_on=date(2020, 1, 10), effective_on=effective_on, validity_override=value)
    migration = importlib.import_module("news.migrations.0010_document_relations_validity_full_text")
    migration.keep_only_what_cannot_be_derived(apps, SimpleNamespace(connection=connection))
    kept = dict(Directive.objects.values_list("number", "validity_override"))
    assert kept == {"1/2020/NĐ-CP": "", "2/2025/NĐ-CP": "", "3/2020/NĐ-CP": "in_force", "4/2020/NĐ-CP": "expired",
                    "5/2020/NĐ-CP": ""}
    now = {d.number: d.validity_code for d in Directive.objects.with_validity(timezone.localdate())}
    assert now == {"1/2020/NĐ-CP": "in_force", "2/2025/NĐ-CP": "not_yet_in_force", "3/2020/NĐ-CP": "in_force",
                   "4/2020/NĐ-CP": "expired", "5/2020/NĐ-CP": "unknown"}
