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


@pytest.mark.django_db
def test_demo_blocs_were_dissolved_when_the_central_agencies_committee_was_formed(demo):
    committee = Organization.objects.get(slug="dang-bo-khoi-cac-co-quan-trung-uong")
    predecessors = list(committee.predecessors.all())
    assert {org.dissolved_on for org in predecessors} == {committee.established_on} == {date(2007, 4, 11)}
    assert set(Organization.objects.dissolved()) == set(predecessors)
    assert committee in Organization.objects.current() and not committee.is_dissolved()


@pytest.mark.django_db
def test_dissolved_from_its_day_on():
    org = Organization.objects.create(name_vi="Ban hợp nhất", dissolved_on=date(2025, 3, 1))
    assert not org.is_dissolved(date(2025, 2, 28)) and org.is_dissolved(date(2025, 3, 1))
    assert list(Organization.objects.current(date(2025, 2, 28))) == [org]
    assert list(Organization.objects.dissolved(date(2025, 3, 1))) == [org]
    assert not Organization.objects.dissolved(date(2025, 2, 28)).exists()


def org(pk, name, parent=None, dissolved_on=None):
    """An unsaved organization, enough for the directory's shape (which makes no query)."""
    return Organization(pk=pk, name_vi=name, parent_id=parent, dissolved_on=dissolved_on)


def shape(nodes):
    """The trees as nested tuples: (name, units, formerly)."""
    return [(node["organization"].name_vi, shape(node["children"]), shape(node["formerly"])) for node in nodes]


GONE = date(2007, 4, 11)


def test_directory_puts_dissolved_ones_under_their_successor_never_among_units():
    top = org(1, "Trung ương")
    successor = org(2, "Đảng bộ Khối", parent=1)
    bloc = org(3, "Khối Kinh tế", parent=1, dissolved_on=GONE)  # once a unit too: not listed as one now
    alone = org(4, "Ban cũ", dissolved_on=GONE)
    its_unit = org(5, "Vụ của Ban cũ", parent=4, dissolved_on=GONE)
    kept_unit = org(6, "Viện của Ban cũ", parent=4)
    current, dissolved = Organization.directory(
        [top, successor, bloc, alone, its_unit, kept_unit], succession=[(2, 3)], on=date(2024, 1, 1)
    )
    assert shape(current) == [
        ("Trung ương", [("Đảng bộ Khối", [], [("Khối Kinh tế", [], [])])], []),
        ("Viện của Ban cũ", [], []),  # current: at the top rather than hidden under a dissolved parent
    ]
    assert shape(dissolved) == [("Ban cũ", [("Vụ của Ban cũ", [], [])], [])]
    # Before the date, the bloc is current again, among the units, and nothing is in the dissolved part.
    current, dissolved = Organization.directory(
        [top, successor, bloc], succession=[(2, 3)], on=date(2007, 4, 10)
    )
    assert shape(current) == [("Trung ương", [("Đảng bộ Khối", [], []), ("Khối Kinh tế", [], [])], [])]
    assert dissolved == []


def test_directory_survives_loops_stored_around_the_checks():
    a = org(1, "A", parent=2, dissolved_on=GONE)
    b = org(2, "B", parent=1, dissolved_on=GONE)
    c = org(3, "C")
    current, dissolved = Organization.directory([a, b, c], succession=[(1, 2), (2, 1), (3, 3)])
    assert shape(current) == [("C", [], [])] and dissolved == []
    assert [o.name_vi for o in Organization.in_tree_order([a, b, c])] == ["C", "A", "B"]


def test_in_tree_order_puts_units_after_their_parent_and_the_dissolved_last():
    ministry = org(1, "Bộ")
    department = org(2, "Cục", parent=1)
    gone = org(3, "Ban đã giải thể", dissolved_on=GONE)
    other = org(4, "Ủy ban")
    ordered = Organization.in_tree_order([department, gone, ministry, other])
    assert [o.name_vi for o in ordered] == ["Bộ", "Cục", "Ủy ban", "Ban đã giải thể"]


def test_alphabetical_is_vietnamese_order_on_every_database():
    names = ["Đảng bộ Khối Tư tưởng", "Đảng bộ Khối Đối ngoại", "Ban Bí thư", "Đảng bộ Khối Dân vận"]
    ordered = Organization.alphabetical([org(pk, name) for pk, name in enumerate(names, 1)])
    assert [o.name_vi for o in ordered] == [
        "Ban Bí thư", "Đảng bộ Khối Dân vận", "Đảng bộ Khối Đối ngoại", "Đảng bộ Khối Tư tưởng"
    ]
