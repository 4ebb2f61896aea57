"""The data the project ships: actor KB, places, event lexicon and cues are well-formed."""
import datetime as dt
import json
from collections import Counter
from importlib import resources
from pathlib import Path

from rasd.entities.kb import KnowledgeBase
from rasd.events.lexicon import EventLexicon
from rasd.plover import EVENT_TYPES, MODES, SECTORS
from rasd.text.normalize import normalize

DATA = Path(str(resources.files("rasd") / "data"))


def test_data_kb_size_types_and_unique_ids():
    kb = KnowledgeBase()
    assert len(kb) >= 2000
    types = Counter(a.type for a in kb.actors.values())
    assert types["PER"] > 1500 and types["ORG"] > 200 and types["LOC"] >= 193
    for a in kb.actors.values():
        assert a.id == a.id.lower() and " " not in a.id, a.id
        assert a.sector is None or a.sector in SECTORS, (a.id, a.sector)
        assert a.country is None or (len(a.country) == 3 and a.country.isupper()), (a.id, a.country)


def test_data_kb_role_dates_parse_and_are_ordered():
    def parse(d):
        parts = d.split("-") + ["01"] * (3 - len(d.split("-")))
        return dt.date(*map(int, parts[:3]))

    for a in KnowledgeBase().actors.values():
        for r in a.roles:
            if r.start:
                parse(r.start)
            if r.start and r.end:
                assert parse(r.start) <= parse(r.end), (a.id, r)


def test_data_kb_aliases_rarely_ambiguous():
    kb = KnowledgeBase()
    ambiguous = [k for k, v in kb.aliases.items() if len({e.actor_id for e in v}) > 1]
    assert len(ambiguous) <= 5, ambiguous


def test_data_places_have_coordinates_in_range():
    for path in (DATA / "places").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            p = json.loads(line)
            assert -90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180, p["id"]
            if p.get("country") == "LBY":
                assert 19 <= p["lat"] <= 34 and 9 <= p["lon"] <= 26, p["id"]


def test_data_event_lexicon_covers_all_types_with_valid_modes():
    lex = EventLexicon()
    types = Counter(t.type for _, t in lex.entries)
    assert set(types) == set(EVENT_TYPES)
    form_types: dict[str, set[str]] = {}
    for form, t in lex.entries:
        assert t.mode is None or t.mode in MODES[t.type]
        form_types.setdefault(normalize(form), set()).add(t.type)
    clashes = {f: ts for f, ts in form_types.items() if len(ts) > 1}
    assert not clashes, clashes
    for etype, modes in lex.cues.mode_cues.items():
        assert set(modes) <= set(MODES[etype]), etype
