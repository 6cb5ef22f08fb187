"""Relations between documents, as readers of a legal database and the staff who enter them meet them.

Labels are read on the English pages: the Vietnamese ones arrive with the lead engineer's translation pass.
"""
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from news.models import Directive, DocumentRelation
from tests.pages import elements, form_data, texts

K = DocumentRelation.Kind


def document(number, document_type="nghi-dinh", issued_on=date(2020, 3, 1), **fields):
    return Directive.objects.create(number=number, document_type=document_type, issued_on=issued_on, **fields)


def english(directive):
    with translation.override("en"):
        return directive.get_absolute_url()


def panel_html(client, directive):
    """The relations panel of the document's English page."""
    response = client.get(english(directive))
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('<section class="relation-panel"')
    ends = [html.find(marker, start) for marker in ('aria-labelledby="full-text-heading"', 'id="citing-heading"')]
    return html[start:min(end for end in ends if end != -1)]


def panel(client, directive):
    """{heading: [the text of each item]} of the document's relations panel, on its English page."""
    groups = {}
    for group in panel_html(client, directive).split('<section class="relation-group"')[1:]:
        heading = texts(group, "h3")[0]
        groups[heading.rsplit(" (", 1)[0]] = texts(group.split("</ul>")[0], "li")
    return groups


def links_in_panel(client, directive):
    return {link.text: link.attrs["href"] for link in elements(panel_html(client, directive), "a")}


@pytest.mark.django_db
def test_a_relation_entered_once_shows_from_both_sides(client):
    old = document("43/2011/NĐ-CP", issued_on=date(2011, 6, 13), effective_on=date(2011, 8, 1))
    new = document("42/2022/NĐ-CP", issued_on=date(2022, 6, 24), effective_on=date(2022, 8, 15))
    DocumentRelation.objects.create(source=new, kind=K.REPLACES, target=old)

    on_new = panel(client, new)
    assert list(on_new) == ["Replaces"]
    [item] = on_new["Replaces"]
    assert "Decree 43/2011/NĐ-CP" in item and "13/06/2011" in item and "No longer in force" in item
    on_old = panel(client, old)
    assert list(on_old) == ["Replaced by"]
    assert "Decree 42/2022/NĐ-CP" in on_old["Replaced by"][0] and "In force" in on_old["Replaced by"][0]
    assert links_in_panel(client, old)["Decree 42/2022/NĐ-CP"] == english(new)


@pytest.mark.django_db
def test_every_kind_is_named_from_each_side(client):
    centre = document("10/2020/NĐ-CP")
    for number, kind in enumerate(K, start=11):
        DocumentRelation.objects.create(source=centre, kind=kind, target=document(f"{number}/2020/NĐ-CP"))
        DocumentRelation.objects.create(source=document(f"{number}/2021/TT-BKHĐT", "thong-tu"), kind=kind,
                                        target=centre)
    headings = set(panel(client, centre))
    assert headings == {
        "Amends or supplements", "Amended or supplemented by", "Replaces", "Replaced by", "Repeals", "Repealed by",
        "Guides or details", "Guided or detailed by", "Is based on", "Basis for", "Corrects", "Corrected by",
        "Consolidates", "Consolidated by", "Implements", "Implemented by",
    }


@pytest.mark.django_db
def test_in_part_names_the_articles(client):
    law = document("61/2020/QH14", "luat", issued_on=date(2020, 6, 17), effective_on=date(2021, 1, 1))
    amending = document("03/2022/QH15", "luat", issued_on=date(2022, 1, 11), effective_on=date(2022, 3, 1))
    DocumentRelation.objects.create(source=amending, kind=K.AMENDS, target=law, parts="Điều 67, Điều 68")
    [item] = panel(client, law)["Amended or supplemented by"]
    assert "In part: Điều 67, Điều 68" in item
    html = client.get(english(law)).content.decode()
    assert elements(html, "span", lang="vi")[-1].text == "Điều 67, Điều 68"  # Vietnamese text on the English page


@pytest.mark.django_db
def test_a_document_not_in_the_registry_is_named_and_links_once_added(client, clock,
                                                                      django_capture_on_commit_callbacks):
    circular = document("05/2021/TT-BKHĐT", "thong-tu", issued_on=date(2021, 7, 1))
    relation = DocumentRelation.objects.create(
        source=circular, kind=K.GUIDES, target_number="31/2021/nđ-cp", target_issued_on=date(2021, 3, 26),
        target_type="nghi-dinh",
    )
    assert relation.target is None and relation.target_number == "31/2021/NĐ-CP"
    clock.shift(5)
    [item] = panel(client, circular)["Guides or details"]
    assert "Decree 31/2021/NĐ-CP" in item and "Not in the registry yet" in item
    assert "Decree 31/2021/NĐ-CP" not in links_in_panel(client, circular)  # stored now, without a link

    clock.shift(5)
    with django_capture_on_commit_callbacks(execute=True):
        decree = document("31/2021/NĐ-CP", issued_on=date(2021, 3, 26))
    clock.shift(5)
    relation.refresh_from_db()
    assert relation.target == decree and relation.target_number == "" and relation.target_issued_on is None
    assert links_in_panel(client, circular)["Decree 31/2021/NĐ-CP"] == english(decree)  # the cached page dropped
    assert panel(client, decree)["Guided or detailed by"][0].startswith("Circular 05/2021/TT-BKHĐT")


@pytest.mark.django_db
def test_a_number_of_another_date_does_not_link(client):
    circular = document("05/2021/TT-BKHĐT", "thong-tu", issued_on=date(2021, 7, 1))
    relation = DocumentRelation.objects.create(source=circular, kind=K.BASED_ON, target_number="05-CT/TW",
                                               target_issued_on=date(2016, 5, 15))
    document("05-CT/TW", "chi-thi", issued_on=date(2021, 1, 1))  # the same number in another term
    relation.refresh_from_db()
    assert relation.target is None


@pytest.mark.django_db
def test_typing_the_number_of_a_registered_document_links_it_at_once():
    decree = document("31/2021/NĐ-CP", issued_on=date(2021, 3, 26))
    circular = document("05/2021/TT-BKHĐT", "thong-tu", issued_on=date(2021, 7, 1))
    relation = DocumentRelation.objects.create(source=circular, kind=K.GUIDES, target_number="31/2021/NĐ-CP",
                                               target_issued_on=date(2021, 3, 26))
    assert relation.target == decree and relation.target_number == ""


@pytest.mark.django_db
def test_a_deleted_document_becomes_a_placeholder_and_links_again_when_it_comes_back(client):
    decree = document("31/2021/NĐ-CP", issued_on=date(2021, 3, 26))
    circular = document("05/2021/TT-BKHĐT", "thong-tu", issued_on=date(2021, 7, 1))
    relation = DocumentRelation.objects.create(source=circular, kind=K.GUIDES, target=decree)
    assert "Decree 31/2021/NĐ-CP" in links_in_panel(client, circular)
    decree.delete()
    relation.refresh_from_db()
    assert (relation.target, relation.target_number, relation.target_issued_on) == (
        None, "31/2021/NĐ-CP", date(2021, 3, 26))
    [item] = panel(client, circular)["Guides or details"]
    assert "Not in the registry yet" in item
    again = document("31/2021/NĐ-CP", issued_on=date(2021, 3, 26))
    relation.refresh_from_db()
    assert relation.target == again


@pytest.mark.django_db
def test_a_document_without_a_number_is_a_record_like_any_other(client):
    # Party conclusions are often cited by plenum and term, without a number.
    conclusion = Directive.objects.create(document_type="ket-luan", plenum=6, term="XIII", issued_on=date(2022, 10, 9),
                                          summary_en="Conclusion of the sixth plenum")
    same_day = Directive.objects.create(document_type="ket-luan", issued_on=date(2022, 10, 9))
    other_same_day = Directive.objects.create(document_type="ket-luan", issued_on=date(2022, 10, 9))
    assert len({conclusion.slug, same_day.slug, other_same_day.slug}) == 3  # no clash of addresses
    plan = document("12/KH-BKHĐT", "ke-hoach", issued_on=date(2022, 11, 1))
    DocumentRelation.objects.create(source=plan, kind=K.IMPLEMENTS, target=conclusion)
    assert panel(client, conclusion)["Implemented by"][0].startswith("Plan 12/KH-BKHĐT")
    assert panel(client, plan)["Implements"][0].startswith("Conclusion of Plenum 6, term XIII")
    # Named by type and date only, it links when exactly one numberless document of that type has that date.
    waiting = DocumentRelation.objects.create(source=plan, kind=K.BASED_ON, target_type="nghi-quyet",
                                              target_issued_on=date(2022, 10, 20))
    resolution = Directive.objects.create(document_type="nghi-quyet", issued_on=date(2022, 10, 20))
    waiting.refresh_from_db()
    assert waiting.target == resolution


@pytest.mark.django_db
def test_the_panel_shows_ten_per_relation_and_links_to_all_of_them(client):
    law = document("61/2020/QH14", "luat", issued_on=date(2020, 6, 17), effective_on=date(2021, 1, 1))
    for number in reversed(range(1, 14)):  # entered newest first: the panel orders by date, not by entry
        guide = document(f"{number}/2021/NĐ-CP", issued_on=date(2021, 1, number))
        DocumentRelation.objects.create(source=guide, kind=K.GUIDES, target=law)
    html = client.get(english(law)).content.decode()
    assert "Guided or detailed by (13)" in texts(html, "h3")
    shown = [item.split()[1] for item in panel(client, law)["Guided or detailed by"]]
    assert shown == [f"{number}/2021/NĐ-CP" for number in range(13, 3, -1)]  # the ten newest, newest first
    [more] = [link for link in elements(html, "a") if link.text == "All 13 documents"]
    listing = client.get(more.attrs["href"]).content.decode()
    assert more.attrs["href"] == f"/en/documents/?relation=guides&of={law.slug}"  # the documents guiding it
    assert "13 documents" in texts(listing, "p", class_="result-count")[0]
    assert "Decree 1/2021/NĐ-CP" in [link.text for link in elements(listing, "a")]


@pytest.mark.django_db
def test_the_list_finds_documents_guiding_a_given_one(client):
    law = document("61/2020/QH14", "luat", issued_on=date(2020, 6, 17))
    guiding = document("31/2021/NĐ-CP", issued_on=date(2021, 3, 26))
    amending = document("03/2022/QH15", "luat", issued_on=date(2022, 1, 11))
    document("99/2021/NĐ-CP", issued_on=date(2021, 9, 9))  # related to nothing
    DocumentRelation.objects.create(source=guiding, kind=K.GUIDES, target=law)
    DocumentRelation.objects.create(source=amending, kind=K.AMENDS, target=law)

    def listed(query):
        html = client.get(f"{reverse('news:directive_list')}?{query}").content.decode()
        if 'class="directive-table"' not in html:
            return set()
        return {link.text for link in elements(html[html.index('class="directive-table"'):], "a")
                if link.attrs.get("href", "").startswith("/van-ban/")}

    assert listed("relation=guides&of=61%2F2020%2FQH14") == {"Nghị định 31/2021/NĐ-CP"}  # by the number typed
    assert listed(f"relation=amends&of={law.slug}") == {"Luật 03/2022/QH15"}  # by the panel's address
    assert listed("relation=guided-by&of=31%2F2021%2FNĐ-CP") == {"Luật 61/2020/QH14"}  # the other way
    assert listed("of=61%2F2020%2FQH14") == {"Nghị định 31/2021/NĐ-CP", "Luật 03/2022/QH15"}  # any relation
    assert listed("relation=guides") == {"Nghị định 31/2021/NĐ-CP"}  # guiding anything
    # The list says which document the filter is about, or that none has that number.
    html = client.get("/en/documents/", {"relation": "guides", "of": "61/2020/QH14"}).content.decode()
    assert texts(html, "p", class_="filter-subject") == ["Guides or details: Law 61/2020/QH14"]
    html = client.get("/en/documents/", {"of": "62/2020/QH14"}).content.decode()
    assert texts(html, "p", class_="filter-subject") == [
        "Related to: no document in the registry has this number or address"]
    assert listed("of=62%2F2020%2FQH14") == set()


@pytest.mark.django_db
def test_a_document_cannot_relate_to_itself_nor_twice_the_same_way():
    from django.core.exceptions import ValidationError

    decree = document("31/2021/NĐ-CP")
    law = document("61/2020/QH14", "luat")
    with pytest.raises(ValidationError):
        DocumentRelation(source=decree, kind=K.GUIDES, target=decree).full_clean()
    DocumentRelation.objects.create(source=decree, kind=K.GUIDES, target=law)
    with pytest.raises(ValidationError):
        DocumentRelation(source=decree, kind=K.GUIDES, target=law).full_clean()
    with pytest.raises(ValidationError):
        DocumentRelation(source=decree, kind=K.GUIDES, target_number="1/2020/NĐ-CP").full_clean()  # no date


# --- Admin ------------------------------------------------------------------------------------------------------


def change_url(directive):
    return f"/en/admin/news/directive/{directive.pk}/change/"


@pytest.mark.django_db
def test_administrators_enter_relations_inline_from_either_side(act_as):
    decree = document("31/2021/NĐ-CP", issued_on=date(2021, 3, 26))
    law = document("61/2020/QH14", "luat", issued_on=date(2020, 6, 17))
    circular = document("05/2021/TT-BKHĐT", "thong-tu", issued_on=date(2021, 7, 1))
    client = act_as("administrator")
    data = form_data(client.get(change_url(decree)).content)
    data.update({
        # From this side: the decree guides the law...
        "relations_from-TOTAL_FORMS": "2",
        "relations_from-0-kind": "guides", "relations_from-0-target": str(law.pk),
        "relations_from-0-parts": "Điều 5",
        # ... and is based on a decision the registry does not have yet.
        "relations_from-1-kind": "based_on", "relations_from-1-target_number": "1234/QĐ-TTg",
        "relations_from-1-target_issued_on": "01/02/2021", "relations_from-1-target_type": "quyet-dinh",
        # From the other side: the circular guides the decree.
        "relations_to-TOTAL_FORMS": "1",
        "relations_to-0-source": str(circular.pk), "relations_to-0-kind": "guides",
    })
    response = client.post(change_url(decree), data)
    assert response.status_code == 302, texts(response.content, "ul", class_="errorlist")
    saved = {(r.source.number, r.kind, r.target.number if r.target else r.target_number, r.parts)
             for r in DocumentRelation.objects.select_related("source", "target")}
    assert saved == {
        ("31/2021/NĐ-CP", "guides", "61/2020/QH14", "Điều 5"),
        ("31/2021/NĐ-CP", "based_on", "1234/QĐ-TTG", ""),
        ("05/2021/TT-BKHĐT", "guides", "31/2021/NĐ-CP", ""),
    }
    # The law's form shows the relation from its side, to edit there too.
    law_form = form_data(client.get(change_url(law)).content)
    assert law_form["relations_to-0-source"] == str(decree.pk) and law_form["relations_to-0-kind"] == "guides"


@pytest.mark.django_db
def test_a_relation_without_a_document_or_twice_is_refused_with_a_message(act_as):
    decree = document("31/2021/NĐ-CP", issued_on=date(2021, 3, 26))
    law = document("61/2020/QH14", "luat", issued_on=date(2020, 6, 17))
    client = act_as("administrator")
    data = form_data(client.get(change_url(decree)).content)
    data.update({"relations_from-TOTAL_FORMS": "1", "relations_from-0-kind": "guides"})
    response = client.post(change_url(decree), data)
    assert response.status_code == 200
    assert "Choose the related document" in response.content.decode()
    DocumentRelation.objects.create(source=decree, kind=K.GUIDES, target=law)
    data = form_data(client.get(change_url(decree)).content)
    data.update({"relations_from-TOTAL_FORMS": "2", "relations_from-1-kind": "guides",
                 "relations_from-1-target": str(law.pk)})
    response = client.post(change_url(decree), data)
    assert response.status_code == 200 and DocumentRelation.objects.count() == 1


@pytest.mark.django_db
def test_the_related_document_is_chosen_by_autocomplete(act_as):
    document("31/2021/NĐ-CP", issued_on=date(2021, 3, 26), summary_vi="Quy định chi tiết Luật Đầu tư")
    document("61/2020/QH14", "luat", issued_on=date(2020, 6, 17), summary_vi="Luật Đầu tư")
    law = Directive.objects.get(number="61/2020/QH14")
    html = act_as("administrator").get(change_url(law)).content.decode()
    assert 'data-model-name="documentrelation"' in html and 'data-field-name="target"' in html
    found = act_as("editor").get("/en/admin/autocomplete/", {
        "term": "31/2021", "app_label": "news", "model_name": "documentrelation", "field_name": "target",
    }).json()["results"]
    assert [item["text"] for item in found] == ["Decree 31/2021/NĐ-CP"]


@pytest.mark.django_db
def test_writers_read_relations_without_changing_them(act_as):
    decree = document("31/2021/NĐ-CP", issued_on=date(2021, 3, 26))
    law = document("61/2020/QH14", "luat", issued_on=date(2020, 6, 17))
    DocumentRelation.objects.create(source=decree, kind=K.GUIDES, target=law)
    page = act_as("writer").get(change_url(decree))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Decree 31/2021/NĐ-CP → Guides or details → Law 61/2020/QH14" in html
    assert 'name="relations_from-0-kind"' not in html and 'name="relations_from-0-target"' not in html
