"""Bulk sample content for benchmarks and trials: a decade of news, marked as sample everywhere it shows.

Deterministic: the same seed on the same database gives the same rows (``random.Random(seed)``, dates counted
back from BASE_DATE, never from now). Rows are written with ``bulk_create``, which sends no signals, so the
data the signals would derive is written here too: links and cited documents (news/sample_data/text.py),
the rows of the references table (``_reference_rows``), the search index (through news.search_index's own
entry builder) and the timestamps.

Every sample object is recognisable: Vietnamese slugs start with ``du-lieu-mau`` (articles, sections,
tags, organizations, subject areas), article titles with "[Dữ liệu mẫu] " / "[Sample] " and their source label is
"Dữ liệu mẫu"; a document's summary starts with "[Dữ liệu mẫu] ". ``clear()`` removes exactly those.
"""
import bisect
import itertools
import random
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, time, timedelta
from html import escape
from zoneinfo import ZoneInfo

from django.db import connections, transaction
from django.urls import reverse
from django.utils import translation

from news import citations as article_citations
from news import search_index
from news.models import (
    Article,
    ArticleReference,
    Directive,
    DocumentRelation,
    Organization,
    SearchEntry,
    Section,
    SubjectArea,
    Tag,
)
from news.references import normalize_number, references_in_html
from news.search import vietnamese_slugify

from . import words
from .directives import FULL_TEXT_SHARE, SUBJECT_AREAS, full_text, make_numbers
from .directives import relations as sample_relations
from .text import TITLE_PREFIX, Citation, article_text

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
BASE_DATE = datetime(2025, 12, 31, 17, 0, tzinfo=HANOI)  # the newest sample article is from this day
YEARS = 10
MARK = "Dữ liệu mẫu"
SLUG_MARK = "du-lieu-mau"
BATCH = 2000
# Article states: a few % are not public (drafts and pending review have no time; archived ones keep theirs).
STATUSES = [(Article.Status.PUBLISHED, 95), (Article.Status.DRAFT, 2.5), (Article.Status.REVIEW, 1),
            (Article.Status.ARCHIVED, 1.5)]
ENGLISH_SHARE = 0.7
LIMITS = {"articles": 2_000_000, "directives": 200_000, "organizations": 5_000, "sections": 50, "tags": 2_000}


def sample_articles(using="default"):
    return Article.objects.using(using).filter(source_label=MARK, slug_vi__startswith=SLUG_MARK)


def sample_querysets(using="default"):
    """Every kind of sample object, as querysets; the order is the order they can be deleted in."""
    return {
        "articles": sample_articles(using),
        "directives": Directive.objects.using(using).filter(summary_vi__startswith=TITLE_PREFIX["vi"]),
        "subject areas": SubjectArea.objects.using(using).filter(slug__startswith=SLUG_MARK),
        "tags": Tag.objects.using(using).filter(slug_vi__startswith=SLUG_MARK),
        "sections": Section.objects.using(using).filter(slug_vi__startswith=SLUG_MARK),
        "organizations": Organization.objects.using(using).filter(slug__startswith=SLUG_MARK),
    }


def sample_counts(using="default"):
    return {name: queryset.count() for name, queryset in sample_querysets(using).items()}


def _noop(phase, done, total):
    pass


def _zipf(count, exponent=1.1):
    """Cumulative weights of ``count`` items where the k-th is picked about 1/k^exponent as often."""
    return list(itertools.accumulate(1 / (rank ** exponent) for rank in range(1, count + 1)))


class Generator:
    def __init__(self, seed, using="default", progress=_noop):
        self.rng = random.Random(seed)
        self.using = using
        self.progress = progress
        self.counts = {}

    def run(self, articles, directives, organizations, sections, tags):
        with transaction.atomic(using=self.using), translation.override("vi"):
            self.organizations = self.make_organizations(organizations)
            self.directives = self.make_directives(directives)
            self.sections = self.make_sections(sections)
            self.tags = self.make_tags(tags)
            self.make_articles(articles)
        return self.counts

    # --- Registry and taxonomy -----------------------------------------------------------------------

    def _save(self, model, objects, name):
        created = model.objects.using(self.using).bulk_create(objects, batch_size=BATCH)
        self.counts[name] = len(created)
        return created

    def _index(self, model, objects):
        entries = [entry for obj in objects for lang in search_index.languages()
                   if (entry := search_index._entry(model, obj, lang))]
        for start in range(0, len(entries), BATCH):
            search_index._write(entries[start:start + BATCH], self.using)

    def make_organizations(self, count):
        taken = set(Organization.objects.using(self.using).values_list("slug", flat=True))
        rng, organizations = self.rng, []
        root = ("Cơ quan mẫu của Bộ", "Sample agencies of the Ministry", "ministry")
        for i in range(count):
            vi, en, kind = root if i == 0 else rng.choice(words.ORGANIZATION_KINDS)
            topic, province = rng.choice(words.TOPICS), rng.choice(words.PROVINCES)
            name_vi = TITLE_PREFIX["vi"] + _upper_first(vi.format(t=topic[0], p=province[0]))
            name_en = TITLE_PREFIX["en"] + _upper_first(en.format(t=topic[1], p=province[1]))
            slug, suffix = vietnamese_slugify(name_vi), 1
            while slug in taken:
                suffix += 1
                slug = f"{vietnamese_slugify(name_vi, 190)}-{suffix}"
                name_vi, name_en = f"{name_vi} {suffix}", f"{name_en} {suffix}"
            taken.add(slug)
            organizations.append(Organization(
                name_vi=name_vi, name_en=name_en, slug=slug, kind=kind,
                established_on=(BASE_DATE - timedelta(days=rng.randrange(365 * 5, 365 * 40))).date(),
                description_vi=f"{MARK}: đơn vị mẫu phụ trách {topic[0]}.",
                description_en=f"Sample data: a sample unit in charge of {topic[1]}.",
            ))
        created = self._save(Organization, organizations, "organizations")
        # A tree: the first is the root, the first ten hang under it, the others under any earlier one.
        for i, organization in enumerate(created[1:], start=1):
            organization.parent = created[0] if i <= 10 else created[rng.randrange(i)]
        Organization.objects.using(self.using).bulk_update(created[1:], ["parent"], batch_size=BATCH)
        self._index(Organization, created)
        self.progress("organizations", len(created), count)
        return created

    def make_directives(self, count):
        rng = self.rng
        taken = {normalize_number(n) for n in Directive.objects.using(self.using).values_list("number", flat=True)}
        numbers = make_numbers(rng, count, BASE_DATE.date(), taken)
        directives = []
        for document_type, number, issued_on, term in numbers:
            topic = rng.choice(words.TOPICS)
            summary = rng.choice(words.SUMMARIES)
            effective = issued_on + timedelta(days=rng.choice([0, 0, 15, 45])) if rng.random() < 0.8 else None
            directives.append(Directive(
                number=normalize_number(number), document_type=document_type, term=term, issued_on=issued_on,
                effective_on=effective, signer=rng.choice(words.SIGNERS),
                issuing_body=rng.choice(self.organizations) if self.organizations and rng.random() < 0.5 else None,
                # Validity is derived from these dates and the relations below; plans run for five years.
                expires_on=issued_on + timedelta(days=365 * 5) if document_type == "ke-hoach" else None,
                full_text=full_text(rng, topic[0], words.SENTENCES) if rng.random() < FULL_TEXT_SHARE else "",
                summary_vi=TITLE_PREFIX["vi"] + summary[0].format(t=topic[0]),
                summary_en=TITLE_PREFIX["en"] + summary[1].format(t=topic[1]),
            ))
            # Directive.save() would fill the slug; bulk_create does not call it.
            directives[-1].slug = directives[-1]._default_slug()
            directives[-1].written_number = number  # as text cites it ("QĐ-TTg"; the registry stores "QĐ-TTG")
        created = self._save(Directive, directives, "directives")
        self.make_registry_links(created)
        self._index(Directive, created)
        self.progress("directives", len(created), count)
        totals = {}
        for directive in Directive.objects.using(self.using).values_list("number", flat=True):
            totals[directive] = totals.get(directive, 0) + 1
        labels = {"vi": dict(Directive.DocumentType.choices)}
        with translation.override("en"):
            labels["en"] = {key: str(label) for key, label in Directive.DocumentType.choices}
        type_vi = {slug: text for text, slug in _VI_TYPE_WORDS.items()}
        citations = []
        for directive in created:
            urls = {}
            for lang in ("vi", "en"):
                with translation.override(lang):
                    urls[lang] = reverse("news:directive", kwargs={"slug": directive.slug})
            citations.append(Citation(
                directive.pk, directive.written_number, type_vi[directive.document_type],
                labels["en"][directive.document_type], directive.issued_on, urls, totals[directive.number] == 1,
            ))
        return citations

    def make_registry_links(self, directives):
        """Subject areas (a few per document) and relations between the documents (news/models/relations.py)."""
        rng, using = self.rng, self.using
        areas = self._save(SubjectArea, [
            SubjectArea(name_vi=TITLE_PREFIX["vi"] + vi, name_en=TITLE_PREFIX["en"] + en, position=100 + position,
                        slug=vietnamese_slugify(f"{SLUG_MARK} {vi}"))
            for position, (vi, en) in enumerate(SUBJECT_AREAS)
        ], "subject areas")
        through = Directive.subject_areas.through
        through.objects.using(using).bulk_create([
            through(directive_id=directive.pk, subjectarea_id=area.pk)
            for directive in directives for area in rng.sample(areas, rng.randrange(0, 3))
        ], batch_size=BATCH * 2)
        rows = sample_relations(rng, directives, [d.number.endswith("/TW") for d in directives])
        self._save(DocumentRelation, [
            DocumentRelation(source_id=directives[source].pk, kind=kind,
                             target_id=directives[target].pk if target is not None else None,
                             parts=parts, target_number=number, target_issued_on=day,
                             target_type="nghi-dinh" if number else "")
            for source, kind, target, parts, number, day in rows
        ], "relations")

    def make_sections(self, count):
        existing = list(Section.objects.using(self.using).exclude(slug_vi__startswith=SLUG_MARK).order_by("position", "pk"))
        if len(existing) >= count:
            self.counts["sections"] = 0
            return existing[:count]
        taken = {s.slug_vi for s in existing}
        new = []
        for position, (vi, en) in enumerate(words.SECTIONS, start=100):
            name_vi, name_en = TITLE_PREFIX["vi"] + vi, TITLE_PREFIX["en"] + en
            if vietnamese_slugify(name_vi) in taken or len(existing) + len(new) >= count:
                continue
            new.append(Section(name_vi=name_vi, name_en=name_en, slug_vi=vietnamese_slugify(name_vi),
                               slug_en=vietnamese_slugify(name_en), position=position))
        return existing + self._save(Section, new, "sections")

    def make_tags(self, count):
        topics, provinces = words.TOPICS, words.PROVINCES
        names = [*topics, *provinces]
        names += [(f"{vi} {year}", f"{en} {year}") for vi, en in topics for year in range(2016, 2026)]
        tags = [Tag(name_vi=MARK, name_en="Sample data", slug_vi=SLUG_MARK, slug_en="sample-data")]
        for vi, en in names[: max(0, count - 1)]:
            name_vi, name_en = TITLE_PREFIX["vi"] + _upper_first(vi), TITLE_PREFIX["en"] + _upper_first(en)
            tags.append(Tag(name_vi=name_vi, name_en=name_en, slug_vi=vietnamese_slugify(name_vi),
                            slug_en=vietnamese_slugify(name_en)))
        created = self._save(Tag, tags[:count], "tags")
        # The marker tag goes on every article; the others in a skewed order, so a few tags hold most articles.
        self.marker_tag, topical = created[0], created[1:]
        self.rng.shuffle(topical)
        return topical

    # --- Articles --------------------------------------------------------------------------------------

    def _publication_times(self, count):
        rng, first_day = self.rng, BASE_DATE.date() - timedelta(days=365 * YEARS)
        times = []
        for _ in range(count):
            day = first_day + timedelta(days=rng.randrange(365 * YEARS + 1))
            if day.weekday() == 6:  # little news on Sundays
                day += timedelta(days=1)
            moment = time(rng.randrange(7, 18), rng.randrange(60))
            times.append(min(datetime.combine(day, moment, tzinfo=HANOI), BASE_DATE))
        return sorted(times)

    def _citations_for(self, day):
        """0 to 2 documents issued by ``day``: popular ones (the first fifty) take a third of citations."""
        rng, issued = self.rng, self._issued_days
        roll = rng.random()
        wanted = 0 if roll < 0.5 else 1 if roll < 0.9 else 2
        available = bisect.bisect_right(issued, day)
        chosen = {}
        for _ in range(wanted if available else 0):
            popular = [i for i in self._popular if i < available]
            index = rng.choice(popular) if popular and rng.random() < 0.33 else rng.randrange(available)
            chosen[self.directives[index].pk] = self.directives[index]
        return list(chosen.values())

    def make_articles(self, count):
        rng = self.rng
        self._issued_days = [c.issued_on for c in self.directives]
        self._popular = sorted(rng.sample(range(len(self.directives)), min(50, len(self.directives))))
        times = self._publication_times(count)
        status_names, status_weights = zip(*STATUSES)
        tag_weights = _zipf(len(self.tags))
        organization_weights = _zipf(len(self.organizations))
        through = {name: getattr(Article, name).through for name in ("tags", "organizations", "cited_directives")}
        done = 0
        for start in range(0, count, BATCH):
            batch, relations, cited_texts = [], [], []
            for number in range(start + 1, min(count, start + BATCH) + 1):
                published_at = times[number - 1]
                status = rng.choices(status_names, status_weights)[0]
                citations = self._citations_for(published_at.date())
                text = article_text(rng, published_at.year, citations)
                english = rng.random() < ENGLISH_SHARE
                section = self.sections[rng.randrange(len(self.sections))]
                article = Article(
                    section=section, status=status, source_label=MARK,
                    published_at=None if status in (Article.Status.DRAFT, Article.Status.REVIEW) else published_at,
                    # Timestamps follow the story, not the moment of generation.
                    created_at=published_at - timedelta(hours=2), updated_at=published_at,
                )
                for lang in ("vi", "en"):
                    # A save writes "" into the links of a language the article is not written in (not NULL).
                    setattr(article, f"body_linked_{lang}", "")
                    setattr(article, f"lead_linked_{lang}", "")
                languages = ("vi", "en") if english else ("vi",)
                article.en_made_from = 1 if english else None  # as a save derives it (news/translation_status.py)
                cited_texts.append({lang: text[lang]["body"] for lang in languages})
                for lang in languages:
                    values = text[lang]
                    setattr(article, f"title_{lang}", values["title"])
                    setattr(article, f"slug_{lang}", f"{vietnamese_slugify(values['title'], 180)}-{number}")
                    setattr(article, f"lead_{lang}", values["lead"])
                    setattr(article, f"body_{lang}", values["body"])
                    setattr(article, f"body_linked_{lang}", values["body_linked"])
                    setattr(article, f"lead_linked_{lang}", "")
                tags = {self.marker_tag.pk}
                if self.tags:
                    tags.update(t.pk for t in rng.choices(self.tags, cum_weights=tag_weights, k=rng.randrange(1, 5)))
                organizations = set()
                if self.organizations and rng.random() < 0.35:
                    organizations.update(o.pk for o in rng.choices(
                        self.organizations, cum_weights=organization_weights, k=rng.randrange(1, 3)))
                batch.append(article)
                # The Vietnamese text always links its citations, so every cited document is a cited_directives row.
                relations.append((tags, organizations, {c.pk for c in citations}, citations))
            with _stamped_by_hand(Article, "created_at", "updated_at"):
                created = Article.objects.using(self.using).bulk_create(batch)
            rows = {"tags": [], "organizations": [], "cited_directives": []}
            references = []
            for article, (tags, organizations, cited, citations), bodies in zip(created, relations, cited_texts):
                references += _reference_rows(article.pk, citations, bodies)
                rows["tags"] += [through["tags"](article_id=article.pk, tag_id=pk) for pk in tags]
                rows["organizations"] += [through["organizations"](article_id=article.pk, organization_id=pk)
                                          for pk in organizations]
                rows["cited_directives"] += [through["cited_directives"](article_id=article.pk, directive_id=pk)
                                             for pk in cited]
            for name, objects in rows.items():
                through[name].objects.using(self.using).bulk_create(objects, batch_size=BATCH * 2)
            ArticleReference.objects.using(self.using).bulk_create(references, batch_size=BATCH * 2)
            self._index(Article, created)
            done += len(created)
            self.progress("articles", done, count)
        self.counts["articles"] = done


def _reference_rows(article_id, citations, bodies):
    """The references table's rows of a sample article, as a save derives them (news/citations.py).

    Its only references are in the citation sentences (a paragraph each, naming the document cited): each is
    read alone, by the recogniser a save uses, rather than the whole body.
    """
    rows = []
    for lang, body in bodies.items():
        for citation in citations:
            if not citation.links_in(lang):
                continue
            paragraph = f"<p>{escape(citation.sentence(lang, linked=False), quote=False)}</p>"
            offset = body.index(paragraph)
            rows += [
                article_citations.reference_row(
                    article_id, lang, "body", replace(ref, start=ref.start + offset, end=ref.end + offset),
                    citation.pk, ArticleReference.Status.LINKED,
                )
                for ref in references_in_html(paragraph)
            ]
    return rows


_VI_TYPE_WORDS = {
    "Nghị quyết": "nghi-quyet", "Quyết định": "quyet-dinh", "Chỉ thị": "chi-thi", "Kết luận": "ket-luan",
    "Quy định": "quy-dinh", "Hướng dẫn": "huong-dan", "Thông báo": "thong-bao", "Nghị định": "nghi-dinh",
    "Thông tư": "thong-tu", "Luật": "luat", "Công văn": "cong-van", "Kế hoạch": "ke-hoach",
}


@contextmanager
def _stamped_by_hand(model, *names):
    """Let bulk_create keep the values given to these auto_now/auto_now_add fields, for this block only."""
    fields = [model._meta.get_field(name) for name in names]
    saved = [(field.auto_now, field.auto_now_add) for field in fields]
    try:
        for field in fields:
            field.auto_now = field.auto_now_add = False
        yield
    finally:
        for field, (auto_now, auto_now_add) in zip(fields, saved):
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def analyze(using="default"):
    """Refresh the planner's statistics after a bulk load (PostgreSQL: VACUUM ANALYZE; SQLite: ANALYZE).

    Without it PostgreSQL plans the first hours of queries with the statistics of an empty table (estimates
    of a few hundred rows where there are 100,000) and picks bitmap scans that read whole sections.
    """
    connection = connections[using]
    tables = [model._meta.db_table for model in (
        Article, ArticleReference, Directive, DocumentRelation, Organization, SearchEntry, Section, SubjectArea, Tag,
    )]
    tables += [getattr(Article, name).through._meta.db_table for name in ("tags", "organizations", "cited_directives")]
    tables.append(Directive.subject_areas.through._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # VACUUM (which also lets index-only scans skip the heap) cannot run inside a transaction (tests).
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            cursor.execute(f"{command} {', '.join(connection.ops.quote_name(t) for t in tables)}")
        elif connection.vendor == "sqlite":
            cursor.execute("ANALYZE")


def _upper_first(text):
    return text[:1].upper() + text[1:]


def generate(articles, directives, organizations=40, sections=6, tags=300, seed=1, using="default",
             progress=_noop):
    """Write the sample data; returns {kind: number created}. Raises ValueError on impossible arguments."""
    for name, value in (("articles", articles), ("directives", directives), ("organizations", organizations),
                        ("sections", sections), ("tags", tags)):
        if value < 0 or value > LIMITS[name]:
            raise ValueError(f"--{name} must be between 0 and {LIMITS[name]:,} (got {value}).")
    if articles and sections < 1:
        raise ValueError("Articles need at least one section: use --sections 1 or more.")
    if articles and tags < 1:
        raise ValueError("Articles carry the sample tag: use --tags 1 or more.")
    return Generator(seed, using, progress).run(articles, directives, organizations, sections, tags)
