"""Every public page costs a fixed number of SQL queries, whatever the amount of data (no N+1)."""
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import (
    Article,
    Directive,
    DocumentRelation,
    Organization,
    OrganizationStatistics,
    Section,
    SubjectArea,
    Tag,
)

PAGES = [
    "/",
    "/en/",
    "/tin-tuc/thoi-su/tin-so-0/",
    "/en/news/current-affairs/news-number-0/",
    "/tin-tuc/thoi-su/tin-so-0/in/",
    "/chuyen-muc/thoi-su/",
    "/tag/dau-tu/",
    "/luu-tru/2025/",
    "/luu-tru/2025/01/",
    "/van-ban/",
    "/van-ban/?type=chi-thi&term=XIII",
    "/van-ban/chi-thi-0-ct-tw-2021-01-01/",
    # A document related to every other one, from both sides; the list filtered on what relations derive.
    "/van-ban/luat-1-2020-qh14-2020-01-01/",
    "/van-ban/?validity=partly_in_force&area=dau-tu",
    "/van-ban/?relation=amends&of=luat-1-2020-qh14-2020-01-01",
    "/to-chuc/",
    "/to-chuc/dang-bo-0/",
    "/rss/",
    "/en/rss/current-affairs/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-documents.xml",
]


def build(count):
    """``count`` articles, documents and organizations, all linked to one another; a law related to each document."""
    section = Section.objects.create(name_vi="Thời sự", name_en="Current affairs")
    tag = Tag.objects.create(name_vi="Đầu tư", name_en="Investment")
    parent = Organization.objects.create(name_vi="Cơ quan cấp trên")
    area = SubjectArea.objects.create(name_vi="Đầu tư", name_en="Investment")
    law = Directive.objects.create(number="1/2020/QH14", document_type="luat", issued_on=date(2020, 1, 1),
                                   effective_on=date(2020, 7, 1))
    law.subject_areas.add(area)
    start = timezone.now() - timedelta(days=count + 1)
    for number in range(count):
        organization = Organization.objects.create(name_vi=f"Đảng bộ {number}", name_en=f"Committee {number}",
                                                   parent=parent)
        OrganizationStatistics.objects.create(organization=organization, as_of=date(2020 + number % 5, 12, 31),
                                              members=number)
        directive = Directive.objects.create(
            number=f"{number}-CT/TW", document_type="chi-thi", issued_on=date(2021, 1, 1), term="XIII",
            issuing_body=organization,
            full_text="<p>Điều 1. Phạm vi.</p><p>Điều 2. Đối tượng.</p><p>Điều 3. Hiệu lực.</p>",
        )
        directive.subject_areas.add(area)
        # Every document amends the law in part, and the law guides each: both sides of its panel grow.
        DocumentRelation.objects.create(source=directive, kind="amends", target=law, parts="Điều 2")
        DocumentRelation.objects.create(source=law, kind="guides", target=directive)
        article = Article.objects.create(
            title_vi=f"Tin số {number}", title_en=f"News number {number}", section=section,
            body_vi=f"<p>Thực hiện Chỉ thị số {number}-CT/TW ngày 01/01/2021.</p>", body_en="<p>Body.</p>",
            lead_vi="Sapo.", status=Article.Status.PUBLISHED,
            published_at=start + timedelta(days=number) if number else timezone.make_aware(timezone.datetime(2025, 1, 5)),
        )
        article.tags.add(tag)
        article.organizations.add(organization, parent)
        article.directives.add(directive)
        article.attachments.create(title_vi=f"Tệp {number}", file="news/attachments/x.pdf", size=10)


def query_counts(client):
    counts = {}
    for path in PAGES:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path] = len(queries)
    return counts


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_data(client, clock):
    # On the test's clock: whether the page cache's memo of the next go-live is fresh (one query less) depends
    # on how long ago the data was saved, which a busy machine would otherwise decide.
    build(1)
    small = query_counts(client)
    Article.objects.all().delete()
    Directive.objects.all().delete()
    SubjectArea.objects.all().delete()
    Organization.objects.exclude(parent=None).delete()
    Organization.objects.all().delete()
    Section.objects.all().delete()
    Tag.objects.all().delete()
    build(50)
    large = query_counts(client)
    assert large == small
    assert max(small.values()) <= 12, small


def build_succession(count):
    """One current committee that replaced ``count`` dissolved ones, each with a dissolved unit; one article
    about all of them."""
    section = Section.objects.create(name_vi="Thời sự", name_en="Current affairs")
    successor = Organization.objects.create(name_vi="Đảng bộ mới", name_en="New committee")
    article = Article.objects.create(
        title_vi="Tin số 0", title_en="News number 0", section=section, body_vi="<p>Nội dung.</p>",
        body_en="<p>Body.</p>", status=Article.Status.PUBLISHED, published_at=timezone.now() - timedelta(days=1),
    )
    article.organizations.add(successor)
    for number in range(count):
        old = Organization.objects.create(name_vi=f"Đảng bộ cũ {number}", dissolved_on=date(2007, 4, 11))
        Organization.objects.create(name_vi=f"Chi bộ cũ {number}", parent=old, dissolved_on=date(2007, 4, 11))
        successor.predecessors.add(old)
        article.organizations.add(old)


ORGANIZATION_PAGES = [
    "/tin-tuc/thoi-su/tin-so-0/",
    "/en/news/current-affairs/news-number-0/",
    "/to-chuc/",
    "/en/organizations/",
    "/to-chuc/dang-bo-moi/",
    "/to-chuc/dang-bo-cu-0/",
]


@pytest.mark.django_db
def test_dissolved_organizations_and_related_ones_cost_no_more_queries(client, clock):
    def counts():
        found = {}
        for path in ORGANIZATION_PAGES:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            assert response.status_code == 200, path
            found[path] = len(queries)
        return found

    build_succession(1)
    small = counts()
    Article.objects.all().delete()
    Organization.objects.exclude(parent=None).delete()
    Organization.objects.all().delete()
    Section.objects.all().delete()
    build_succession(50)
    large = counts()
    assert large == small
    assert max(small.values()) <= 12, small
