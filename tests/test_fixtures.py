"""The demo fixture: loads into a migrated database, twice without change, with every language set explicitly."""
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from modeltranslation.translator import translator

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "demo.json"


def snapshot():
    """Every row of every news model, serialized: two equal snapshots mean nothing changed."""
    models = apps.get_app_config("news").get_models()
    return {model._meta.label: serializers.serialize("json", model.objects.order_by("pk")) for model in models}


@pytest.mark.django_db
def test_demo_loads_twice_and_changes_nothing():
    call_command("loaddata", "demo", verbosity=0)
    first = snapshot()
    call_command("loaddata", "demo", verbosity=0)
    assert snapshot() == first
    counts = {label: len(json.loads(rows)) for label, rows in first.items()}
    assert counts["news.Article"] == 1 and counts["news.Directive"] == 7 and counts["news.Organization"] == 13


@pytest.mark.django_db
def test_load_demo_command_is_repeatable_and_copies_media(media_root):
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    photo = media_root / "news/photos/2024/04/dang-bo-khoi-bch-khoa-xiii.jpg"
    assert photo.exists()
    from PIL import Image

    with Image.open(photo) as image:
        assert image.format == "JPEG" and image.size == (1200, 800)
    from news.models import Article

    assert Article.objects.get(pk=1).image.file.name == "news/photos/2024/04/dang-bo-khoi-bch-khoa-xiii.jpg"
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username="demo").is_staff


def test_fixture_sets_each_language_explicitly():
    for entry in json.loads(FIXTURE.read_text(encoding="utf-8")):
        model = apps.get_model(entry["model"])
        try:
            translated = translator.get_options_for_model(model).fields
        except Exception:
            continue
        for field in translated:
            if not model._meta.get_field(field).editable:
                continue  # derived on save (e.g. body_linked), not data
            assert field not in entry["fields"], f"{entry['model']} sets bare {field!r}"
            assert f"{field}_vi" in entry["fields"] and f"{field}_en" in entry["fields"], (entry["model"], field)


@pytest.mark.django_db
def test_demo_article_cites_the_documents_it_names(demo):
    numbers = set(demo.directives.values_list("number", flat=True))
    assert {"47-QĐ/TW", "03-CT/TW", "05-CT/TW", "01-KL/TW"} <= numbers
    plenums = demo.directives.filter(plenum=4).values_list("term", flat=True)
    assert sorted(plenums) == ["XI", "XII", "XIII"]
    assert demo.directives.get(number="05-CT/TW").issued_on.isoformat() == "2016-05-15"
    assert demo.directives.get(number="01-KL/TW").issued_on.isoformat() == "2021-05-18"


@pytest.mark.django_db
def test_demo_documents_carry_relations_from_public_record(demo):
    from news.models import DocumentRelation

    relations = {(r.source.number, r.kind, r.target.number, r.parts)
                 for r in DocumentRelation.objects.select_related("source", "target")}
    # Conclusion 01-KL/TW is, by its title, on continuing to implement Directive 05-CT/TW; Conclusion 21-KL/TW of
    # the fourth plenum of term XIII carries on the tasks of the fourth plenum of term XII (Resolution 04-NQ/TW).
    assert relations == {("01-KL/TW", "implements", "05-CT/TW", ""), ("21-KL/TW", "implements", "04-NQ/TW", "")}
    assert all(directive.subject_areas.exists() for directive in demo.directives.all())
