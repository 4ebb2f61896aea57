"""Events on the founding document: the digest's headline events, with actors, places and dates,
and the framing markers about the GNA (issue: Events, "Done when")."""
import json

import pytest

from conftest import SEED, SEED_GOLD
from rasd.evaluate import score_events

# Floors measured on the seed gold. Trigger+type went from 0.615 to 0.588 when the ASSAULT/PROTEST
# detector was retrained with 600 more hard examples (GSR held-out F1: ASSAULT 0.69 → 0.73, PROTEST
# 0.20 → 0.46): it now gates out "وشنت القوات الجوية عدة هجمات على الجيش" (p = 0.11), a report
# phrased like the GSR's many non-reports. The larger held-out set decided.
TRIGGER_TYPE_F1_FLOOR = 0.58
TYPE_SOURCE_TARGET_F1_FLOOR = 0.31


@pytest.fixture(scope="module")
def seed_doc(pipeline):
    if not SEED.is_file():
        pytest.skip("../shared/seed is absent")
    return pipeline.process(SEED.read_text(encoding="utf-8"), published="2020-02-19", id="seed")


def find(doc, etype, source=None, target=None):
    return [e for e in doc.events if e.type == etype
            and (source is None or (e.source is not None and e.source.actor_id in source))
            and (target is None or (e.target is not None and e.target.actor_id in target))]


def test_events_seed_gna_rejects_geneva_talks(seed_doc):
    assert find(seed_doc, "REJECT", source={"gna"})


def test_events_seed_eu_embargo_mission(seed_doc):
    hits = find(seed_doc, "SANCTION", source={"borrell-josep", "eu", "council-eu"})
    dated = [e for e in hits if e.date == "2020-02-17" and e.location and e.location.country == "BEL"]
    assert dated, [(e.trigger.text, e.date, e.location) for e in hits]


def test_events_seed_lavrov_calls_on_outside_actors(seed_doc):
    assert find(seed_doc, "REQUEST", source={"lavrov-sergey"})


def test_events_seed_lavrov_safadi_talks(seed_doc):
    assert find(seed_doc, "CONSULT", source={"lavrov-sergey"}, target={"safadi-ayman"})


def test_events_seed_shoigu_haftar_meeting_on_wednesday(seed_doc):
    hits = find(seed_doc, "CONSULT", source={"shoigu-sergei"}, target={"haftar-khalifa"})
    assert hits and all(e.date == "2020-02-19" and not e.negated for e in hits)


def test_events_seed_lna_downs_turkish_drones_near_tripoli(seed_doc):
    hits = find(seed_doc, "ASSAULT", source={"lna"}, target={"tur"})
    assert any(e.mode == "drone" for e in hits)
    near_tripoli = [e for e in hits if e.location and e.location.text == "طرابلس" and e.location.country == "LBY"]
    assert near_tripoli and near_tripoli[0].mode == "drone" and near_tripoli[0].date == "2020-02-19"


def test_events_seed_framing_about_the_gna(seed_doc):
    kinds = {(f.kind, f.about) for f in seed_doc.framing}
    assert ("so-called", "gna") in kinds
    assert ("pejorative", "gna") in kinds
    assert ("scare-quotes", "gna") in kinds


def test_events_seed_gold_floors(seed_doc):
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    scores = score_events(gold["events"], seed_doc)
    assert scores["trigger+type"].f1 >= TRIGGER_TYPE_F1_FLOOR, scores["trigger+type"].to_dict()
    assert scores["type+source+target"].f1 >= TYPE_SOURCE_TARGET_F1_FLOOR, scores["type+source+target"].to_dict()
    assert scores["date_accuracy"] >= 0.85
