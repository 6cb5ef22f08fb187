"""One filter definition for the document registry (news/filters.py): the public list, the API and the CSV use it.

The list's own tests (test_views_registry.py, test_registry_relations.py, test_query_counts.py) read the HTML;
these read the filter set itself, and what an API view built on it (DjangoFilterBackend) answers and documents.
"""
from datetime import date

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import translation
from rest_framework import generics, serializers
from rest_framework.test import APIRequestFactory

from news.filters import DirectiveFilterSet
from news.models import Directive, DocumentRelation, Organization, SubjectArea


def document(number, document_type="nghi-dinh", issued_on=date(2020, 3, 1), **fields):
    return Directive.objects.create(number=number, document_type=document_type, issued_on=issued_on, **fields)


@pytest.fixture
def registry(db, clock):
    """A small registry with something for each filter to tell apart."""
    ministry = Organization.objects.create(name_vi="Bộ Kế hoạch và Đầu tư", name_en="Ministry of Planning")
    politburo = Organization.objects.create(name_vi="Bộ Chính trị", name_en="Politburo")
    investment = SubjectArea.objects.create(name_vi="Đầu tư", name_en="Investment")
    law = document("61/2020/QH14", "luat", date(2020, 6, 17), effective_on=date(2021, 1, 1),
                   summary_vi="Luật Đầu tư", summary_en="Law on Investment")
    law.subject_areas.add(investment)
    decree = document("31/2021/NĐ-CP", issued_on=date(2021, 3, 26), effective_on=date(2021, 3, 26),
                      issuing_body=ministry, summary_vi="Hướng dẫn Luật Đầu tư")
    amending = document("03/2022/QH15", "luat", date(2022, 1, 11), effective_on=date(2022, 3, 1))
    directive = document("05-CT/TW", "chi-thi", date(2016, 5, 15), term="XII", issuing_body=politburo,
                         summary_vi="Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
    older = document("03-CT/TW", "chi-thi", date(2011, 5, 14), term="XI", issuing_body=politburo)
    future = document("99/2030/NĐ-CP", issued_on=date(2026, 9, 9), effective_on=date(2030, 1, 1))
    DocumentRelation.objects.create(source=decree, kind=DocumentRelation.Kind.GUIDES, target=law)
    DocumentRelation.objects.create(source=amending, kind=DocumentRelation.Kind.AMENDS, target=law)
    return {"law": law, "decree": decree, "amending": amending, "directive": directive, "older": older,
            "future": future}


def numbers(query, language="vi"):
    with translation.override(language):
        filterset = DirectiveFilterSet(QueryDict(query), queryset=Directive.objects.all())
        return {directive.number for directive in filterset.qs}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("type=chi-thi", {"05-CT/TW", "03-CT/TW"}),
        ("body=bo-chinh-tri", {"05-CT/TW", "03-CT/TW"}),
        ("year=2021", {"31/2021/NĐ-CP"}),
        ("term=XII", {"05-CT/TW"}),
        ("area=dau-tu", {"61/2020/QH14"}),
        ("validity=partly_in_force", {"61/2020/QH14"}),  # amended in part
        ("validity=not_yet_in_force", {"99/2030/NĐ-CP"}),
        ("q=05-ct/tw", {"05-CT/TW"}),  # the number as typed, folded as numbers are stored
        ("q=%2031/2021/ND-CP%20", set()),  # without the Đ it is another number
        ("q=phong+cách", {"05-CT/TW"}),  # words of the summary in the reader's language
        ("relation=guides&of=61%2F2020%2FQH14", {"31/2021/NĐ-CP"}),  # by number
        ("relation=amends&of=luat-61-2020-qh14-2020-06-17", {"03/2022/QH15"}),  # by the panel's address
        ("relation=guided-by&of=31%2F2021%2FNĐ-CP", {"61/2020/QH14"}),  # the other way round
        ("of=61%2F2020%2FQH14", {"31/2021/NĐ-CP", "03/2022/QH15"}),  # any relation
        ("relation=guides", {"31/2021/NĐ-CP"}),  # guiding anything
        ("type=chi-thi&term=XI", {"03-CT/TW"}),
        ("q=&type=", {"61/2020/QH14", "31/2021/NĐ-CP", "03/2022/QH15", "05-CT/TW", "03-CT/TW", "99/2030/NĐ-CP"}),
    ],
)
def test_each_filter_finds_what_the_list_found(registry, query, expected):
    assert numbers(query) == expected


def test_words_are_searched_in_the_readers_language(registry):
    assert numbers("q=Investment", "en") == {"61/2020/QH14"}
    assert numbers("q=Investment", "vi") == set()


def test_the_choices_come_from_the_data_at_request_time(registry):
    form = DirectiveFilterSet(QueryDict(""), queryset=Directive.objects.all()).form
    assert [label for _value, label in form.fields["body"].choices] == ["Tất cả", "Bộ Chính trị", "Bộ Kế hoạch và Đầu tư"]
    assert [value for value, _label in form.fields["year"].choices] == ["", 2026, 2022, 2021, 2020, 2016, 2011]
    assert [value for value, _label in form.fields["term"].choices] == ["", "XI", "XII"]  # in Roman order
    document("1-CT/TW", "chi-thi", date(2024, 1, 2), term="XIII")
    form = DirectiveFilterSet(QueryDict(""), queryset=Directive.objects.all()).form
    assert [value for value, _label in form.fields["term"].choices] == ["", "XI", "XII", "XIII"]


def test_choices_are_read_once_per_request_whatever_the_form_does_with_them(registry):
    with CaptureQueriesContext(connection) as queries:
        filterset = DirectiveFilterSet(QueryDict("type=chi-thi&year=2016"), queryset=Directive.objects.all())
        assert filterset.is_valid()
        str(filterset.form)  # rendered: every select iterates its choices again
        str(filterset.form)
    assert len(queries) == 4  # bodies, years, terms, areas


def test_a_value_not_understood_matches_nothing_and_says_which(registry):
    filterset = DirectiveFilterSet(QueryDict("year=abc&type=nonsense&q=05"), queryset=Directive.objects.all())
    assert not filterset.is_valid()
    assert set(filterset.errors) == {"year", "type"}
    assert list(filterset.qs) == []
    assert numbers("year=1999") == set()  # a year with no document is not a choice either
    assert numbers("relation=xyz") == set()


@pytest.mark.parametrize("query", ["year=1999", "year=0", "year=-5", "body=bo-da-doi-ten", "term=XCIX",
                                   "area=khong-co"])
def test_a_well_formed_value_the_registry_holds_nothing_of_is_no_error_but_an_empty_list(registry, query):
    # A bookmarked list of a body since renamed, a year without documents: nothing found, as a search finds nothing.
    filterset = DirectiveFilterSet(QueryDict(query), queryset=Directive.objects.all())
    assert filterset.is_valid(), filterset.errors
    assert list(filterset.qs) == []
    response = api(query)
    assert response.status_code == 200 and response.data["count"] == 0


# --- The same filters behind an API view ---------------------------------------------------------------------


class NumberSerializer(serializers.ModelSerializer):
    class Meta:
        model = Directive
        fields = ["number"]


class DocumentList(generics.ListAPIView):
    queryset = Directive.objects.order_by("-issued_on", "number")
    serializer_class = NumberSerializer
    filterset_class = DirectiveFilterSet


def api(query):
    request = APIRequestFactory().get("/api/documents/?" + query)
    return DocumentList.as_view()(request)


def test_an_api_view_filters_the_same_way(registry):
    response = api("relation=guides&of=61%2F2020%2FQH14")
    assert response.status_code == 200
    assert [row["number"] for row in response.data["results"]] == ["31/2021/NĐ-CP"]
    assert response.data["count"] == 1


def test_an_api_view_refuses_a_value_it_does_not_understand_with_400_and_the_reason(registry):
    response = api("validity=valid&year=abc")
    assert response.status_code == 400
    assert set(response.data) == {"validity", "year"}
    assert "valid" in str(response.data["validity"][0])


def test_the_schema_documents_each_parameter_with_its_type_and_the_fixed_choices(db):
    from drf_spectacular.generators import SchemaGenerator

    generator = SchemaGenerator(patterns=[path("api/documents/", DocumentList.as_view())])
    with CaptureQueriesContext(connection) as queries:
        schema = generator.get_schema(request=None, public=True)
    assert len(queries) == 0  # no choice read from the database to write the schema
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/documents/"]["get"]["parameters"]}
    assert {"q", "type", "body", "year", "term", "validity", "area", "relation", "of"} <= set(parameters)
    assert parameters["year"]["type"] == "integer"
    assert parameters["q"]["type"] == parameters["of"]["type"] == parameters["body"]["type"] == "string"
    assert set(parameters["type"]["enum"]) == set(Directive.DocumentType.values)
    assert set(parameters["validity"]["enum"]) == set(Directive.Validity.values)
    assert "guided-by" in parameters["relation"]["enum"] and "" not in parameters["relation"]["enum"]
    assert "enum" not in parameters["body"]  # read from the data: its values change, the schema does not


def test_the_list_page_cache_keeps_the_filters_in_its_key():
    from news.urls import DIRECTIVE_FILTERS

    assert set(DIRECTIVE_FILTERS) == {"q", "type", "body", "year", "term", "validity", "area", "relation", "of", "page"}
