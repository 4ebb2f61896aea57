"""Entities on the founding document: the actors and places its gold annotation names, linked."""
import json

import pytest

from conftest import SEED, SEED_GOLD
from rasd.evaluate import score_entities
from rasd.text.normalize import normalize

# Quality floors measured on the seed gold (see the closing notes); they only move up.
SEED_ENTITY_F1_FLOOR = 0.90


@pytest.fixture(scope="module")
def seed_doc(pipeline):
    if not SEED.is_file():
        pytest.skip("../shared/seed is absent")
    return pipeline.process(SEED.read_text(encoding="utf-8"), published="2020-02-19", id="seed")


def linked(doc, actor_id):
    return [m for m in doc.entities if m.actor_id == actor_id]


@pytest.mark.parametrize("actor_id", [
    "haftar-khalifa", "sarraj-fayez", "lavrov-sergey", "shoigu-sergei", "safadi-ayman", "borrell-josep",
    "macron-emmanuel", "lna", "eu", "unsc", "tur", "rus", "jor", "fra",
])
def test_entities_seed_actor_found_and_linked(seed_doc, actor_id):
    assert linked(seed_doc, actor_id), actor_id


def test_entities_seed_gna_under_its_names(seed_doc):
    texts = {normalize(m.text) for m in linked(seed_doc, "gna")}
    assert normalize("حكومة الوفاق الوطني") in texts
    assert normalize("حكومة التوافق الوطنية") in {t[:len(normalize("حكومة التوافق الوطنية"))] for t in texts}
    assert any("الوفاق" in t for t in texts if t.startswith(normalize("حكومات")) or t == normalize("الوفاق"))


def test_entities_seed_turkey_via_adjectives(seed_doc):
    texts = {m.text for m in linked(seed_doc, "tur")}
    assert {"تركيا", "تركيتين", "تركية"} <= texts


@pytest.mark.parametrize("surface, country, lat, lon", [
    ("طرابلس", "LBY", 32.9, 13.2),
    ("مطار معيتيقة", "LBY", 32.9, 13.3),
    ("ميتيغا", "LBY", 32.9, 13.3),
    ("عين زارا", "LBY", 32.8, 13.2),
    ("جنيف", "CHE", 46.2, 6.1),
    ("بروكسل", "BEL", 50.8, 4.35),
    ("برلين", "DEU", 52.5, 13.4),
    ("موسكو", "RUS", 55.75, 37.6),
])
def test_entities_seed_places_geocoded(seed_doc, surface, country, lat, lon):
    found = [m for m in seed_doc.entities if m.type == "LOC" and surface in m.text and m.lat is not None]
    assert found, surface
    m = found[0]
    assert m.country == country
    assert abs(m.lat - lat) < 0.3 and abs(m.lon - lon) < 0.3


def test_entities_seed_gold_f1_floor(seed_doc):
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    scores = score_entities(gold["entities"], seed_doc)
    assert scores["ALL"].f1 >= SEED_ENTITY_F1_FLOOR, {k: v.to_dict() for k, v in scores.items()}
