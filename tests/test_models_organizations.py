from datetime import date

import pytest
from django.core.exceptions import ValidationError

from news.models import Organization, OrganizationStatistics


@pytest.mark.django_db
def test_demo_statistics_are_data(demo):
    committee = Organization.objects.get(slug="dang-bo-khoi-cac-co-quan-trung-uong")
    figures = committee.latest_statistics()
    assert figures.as_of == date(2023, 12, 31)
    assert (figures.subordinate_committees, figures.members) == (61, 78432)
    assert (figures.cells_total, figures.grassroots_cells, figures.subordinate_cells) == (5529, 474, 5055)
    assert committee.established_by.number == "47-QĐ/TW"
    assert committee.predecessors.count() == 8
    assert Organization.objects.get(slug="ban-can-su-dang-ngoai-nuoc").successors.get() == committee


@pytest.mark.django_db
def test_cells_must_add_up():
    org = Organization.objects.create(name_vi="Đảng bộ thử")
    with pytest.raises(ValidationError) as refused:
        OrganizationStatistics(organization=org, as_of=date(2024, 1, 1), cells_total=10, grassroots_cells=3,
                               subordinate_cells=6).full_clean()
    assert "không bằng tổng số chi bộ" in str(refused.value)


@pytest.mark.django_db
def test_one_set_of_figures_per_date():
    org = Organization.objects.create(name_vi="Đảng bộ thử")
    OrganizationStatistics.objects.create(organization=org, as_of=date(2024, 1, 1), members=5)
    with pytest.raises(ValidationError) as refused:
        OrganizationStatistics(organization=org, as_of=date(2024, 1, 1), members=6).full_clean()
    assert "đã có số liệu" in str(refused.value)


@pytest.mark.django_db
def test_an_organization_cannot_be_its_own_ancestor():
    top = Organization.objects.create(name_vi="Cấp trên")
    child = Organization.objects.create(name_vi="Cấp dưới", parent=top)
    top.parent = child
    with pytest.raises(ValidationError) as refused:
        top.full_clean()
    assert "trực thuộc chính nó" in str(refused.value)


@pytest.mark.django_db
def test_dissolved_after_established():
    org = Organization(name_vi="Ban thử", established_on=date(2020, 1, 1), dissolved_on=date(2019, 1, 1))
    with pytest.raises(ValidationError) as refused:
        org.full_clean()
    assert "Ngày giải thể không được trước ngày thành lập." in str(refused.value)


@pytest.mark.django_db
def test_slug_keeps_d_for_đ():
    assert Organization.objects.create(name_vi="Đảng bộ Khối Đối ngoại thử").slug == "dang-bo-khoi-doi-ngoai-thu"
