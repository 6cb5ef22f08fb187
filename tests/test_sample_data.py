"""The bulk sample data (manage.py generate_sample_data): marked, deterministic, consistent with what saves derive."""
import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import translation

from news import citations, search_index
from news.models import Article, Directive, SearchEntry, Tag
from news.sample_data import MARK, sample_articles, sample_counts
from news.sanitize import sanitize_html
from news.search import fold

SMALL = ["--articles", "60", "--directives", "15", "--organizations", "6", "--tags", "25"]


def generate(*extra, seed=1):
    out = io.StringIO()
    call_command("generate_sample_data", *SMALL, "--seed", str(seed), *extra, stdout=out)
    return out.getvalue()


def clear():
    call_command("generate_sample_data", "--clear", stdout=io.StringIO())


def snapshot():
    return list(sample_articles().order_by("pk").values_list("title_vi", "title_en", "published_at", "status"))


def public_sample():
    with translation.override("vi"):
        return sample_articles().published("vi").select_related("section").newest_first()


@pytest.mark.django_db
def test_same_seed_same_data_other_seed_other_data(demo):
    output = generate()
    assert "Sample data written" in output and "60 articles" in output
    first = snapshot()
    assert len(first) == 60
    clear()
    generate()
    assert snapshot() == first
    clear()
    generate(seed=2)
    assert snapshot() != first


@pytest.mark.django_db
def test_everything_is_marked_as_sample_and_clear_removes_only_it(demo):
    generate()
    marker = Tag.objects.get(slug_vi="du-lieu-mau")
    for article in sample_articles().prefetch_related("tags"):
        assert article.title_vi.startswith("[Dữ liệu mẫu] ")
        assert article.source_label == MARK
        assert marker in article.tags.all()
        if article.title_en:
            assert article.title_en.startswith("[Sample] ")
    assert Directive.objects.filter(summary_vi__startswith="[Dữ liệu mẫu] ").count() == 15
    # A decade of news, with a few articles that are not public.
    years = {article.published_at.year for article in sample_articles().exclude(published_at=None)}
    assert len(years) >= 5
    assert sample_articles().exclude(status=Article.Status.PUBLISHED).exists()

    clear()
    assert not any(sample_counts().values())
    assert Article.objects.filter(pk=demo.pk).exists()  # the demo is not sample data
    assert Directive.objects.filter(number="47-QĐ/TW").exists()
    generate()  # and it can be generated again
    assert sample_articles().count() == 60


@pytest.mark.django_db
def test_second_run_refuses_and_adds_nothing(demo):
    generate()
    with pytest.raises(CommandError, match="already in this database.*--clear"):
        generate(seed=5)
    assert sample_articles().count() == 60


@pytest.mark.django_db
@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--articles", "-5"], "--articles must be between 0"),
        (["--directives", "999999999"], "--directives must be between 0"),
        (["--articles", "10", "--sections", "0"], "at least one section"),
    ],
)
def test_bad_arguments_are_refused_with_a_clear_message(db, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate_sample_data", *arguments, stdout=io.StringIO())
    assert not any(sample_counts().values())


@pytest.mark.django_db
def test_derived_data_is_what_a_save_would_derive(demo):
    generate()
    stored = {}
    for article in sample_articles():
        for lang in ("vi", "en"):
            body = getattr(article, f"body_{lang}")
            assert not body or sanitize_html(body) == body
        stored[article.pk] = (
            [getattr(article, f"{field}_linked_{lang}") or "" for field in ("lead", "body") for lang in ("vi", "en")],
            set(article.cited_directives.values_list("pk", flat=True)),
        )
    assert sum(bool(cited) for _links, cited in stored.values()) >= 10  # enough articles cite a document
    for article in sample_articles():
        citations.refresh_citations(article)  # what the save signal does
        links = [getattr(article, f"{field}_linked_{lang}") or "" for field in ("lead", "body") for lang in ("vi", "en")]
        assert (links, set(article.cited_directives.values_list("pk", flat=True))) == stored[article.pk]
        assert article.unresolved_references == []

    def index():
        return sorted(SearchEntry.objects.values_list(
            "kind", "object_id", "language", "title", "body", "folded_title", "folded_body", "published_at"))

    written = index()
    search_index.rebuild()
    assert index() == written


@pytest.mark.django_db
def test_published_sample_articles_are_on_the_public_pages(demo, client):
    generate()
    article = public_sample().first()
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert article.title_vi in page.content.decode()
    section = client.get(reverse("news:section", kwargs={"slug": article.section.slug_vi}))
    assert article.title_vi in section.content.decode()
    draft = sample_articles().filter(status=Article.Status.DRAFT).first()
    if draft is not None:
        assert client.get(f"/tin-tuc/{draft.section.slug_vi}/{draft.slug_vi}/").status_code == 404


@pytest.mark.django_db
def test_search_without_diacritics_finds_sample_articles(demo, client):
    generate()
    article = public_sample().first()
    words = fold(article.title_vi.removeprefix("[Dữ liệu mẫu] "))
    assert words != article.title_vi.lower()
    page = client.get(reverse("news:search"), {"q": words})
    assert article.get_absolute_url() in page.content.decode()


@pytest.mark.django_db
def test_directive_page_lists_its_citing_sample_articles(demo, client):
    generate()
    article = next(a for a in public_sample() if a.cited_directives.exists())
    directive = article.cited_directives.first()
    body = client.get(article.get_absolute_url()).content.decode()
    assert f'<a href="{directive.get_absolute_url()}" class="directive-ref">' in body
    listing = client.get(directive.get_absolute_url()).content.decode()
    assert article.get_absolute_url() in listing


@pytest.mark.django_db
def test_sample_documents_have_relations_areas_and_full_texts_and_clear_takes_them(demo, client):
    from news.models import DocumentRelation, SubjectArea
    from news.models.directives import clean_full_text

    generate()
    sample = Directive.objects.filter(summary_vi__startswith="[Dữ liệu mẫu] ")
    relations = DocumentRelation.objects.filter(source__in=sample)
    assert relations.count() >= 5
    assert set(relations.values_list("kind", flat=True)) >= {"guides", "based_on"}
    # Each relation goes from a later document to an earlier one, each pair and kind once.
    for source_day, target_day in relations.exclude(target=None).values_list("source__issued_on", "target__issued_on"):
        assert target_day <= source_day
    assert SubjectArea.objects.filter(slug__startswith="du-lieu-mau").count() == 8
    texts_ = [d.full_text for d in sample.exclude(full_text="")]
    assert texts_ and all(clean_full_text(text) == text for text in texts_)  # as a save would store them
    # A document with relations shows them, with its table of contents.
    busiest = sample.annotate(n=Count("relations_to")).order_by("-n").first()
    page = client.get(busiest.get_absolute_url()).content.decode()
    assert 'class="relation-panel"' in page and page.count('class="relation-group"') >= 1

    clear()
    assert not DocumentRelation.objects.filter(source__summary_vi__startswith="[Dữ liệu mẫu] ").exists()
    assert not SubjectArea.objects.filter(slug__startswith="du-lieu-mau").exists()
    assert DocumentRelation.objects.count() == 2  # the demo's own relations stay
