"""The event coder on hand-written Arabic sentences, with a small hand-made KB and lexicon (tests/data)."""
import pytest

from conftest import DATA, mini_pipeline
from rasd.events.code import EventCoder
from rasd.events.framing import FramingFinder
from rasd.events.lexicon import EventLexicon
from rasd.events.quotes import QuoteFinder


@pytest.fixture(scope="module")
def pipe(tmp_path_factory):
    return mini_pipeline(tmp_path_factory.mktemp("places"), [
        lambda kb: EventCoder(kb, EventLexicon(DATA / "events")), lambda kb: QuoteFinder(), FramingFinder])


def events(doc):
    return [(e.type, e.source.actor_id if e.source else None, e.target.actor_id if e.target else None) for e in doc.events]


@pytest.mark.parametrize("text, expected", [
    ("أسقط الجيش الوطني الليبي طائرة تركية.", ("ASSAULT", "lna", "tur")),                    # VSO
    ("الجيش الوطني الليبي أسقط طائرة تركية.", ("ASSAULT", "lna", "tur")),                    # SVO
    ("قصفت تركيا مواقع الجيش الوطني الليبي.", ("ASSAULT", "tur", "lna")),
    ("التقى سيرغي لافروف مع خليفة حفتر في موسكو.", ("CONSULT", "lavrov-sergey", "haftar-khalifa")),
    ("رفضت حكومة الوفاق الوطني الليبية مفاوضات جنيف.", ("REJECT", "gna", None)),
    ("اتهمت حكومة الوفاق الوطني تركيا بخرق الهدنة.", ("ACCUSE", "gna", "tur")),
    ("رحب مجلس الأمن بحكومة الوفاق الوطني.", ("SUPPORT", "unsc", "gna")),
])
def test_events_source_and_target(pipe, text, expected):
    assert expected in events(pipe.process(text, "2020-02-19"))


def test_events_coordinated_actors_give_one_event_per_pair(pipe):
    doc = pipe.process("اتهمت روسيا وتركيا الجيش الوطني الليبي.", "2020-02-19")
    assert sorted(events(doc)) == [("ACCUSE", "rus", "lna"), ("ACCUSE", "tur", "lna")]


def test_events_coordinated_subjects_of_a_meeting_meet_each_other(pipe):
    doc = pipe.process("التقى لافروف وحفتر في موسكو.", "2020-02-19")
    assert ("CONSULT", "lavrov-sergey", "haftar-khalifa") in events(doc)


def test_events_reporting_frame_codes_the_reported_event(pipe):
    doc = pipe.process("أعلنت روسيا أن تركيا قصفت الجيش الوطني الليبي.", "2020-02-19")
    assert events(doc) == [("ASSAULT", "tur", "lna")]
    doc = pipe.process("أعلن الجيش الوطني الليبي أنه أسقط طائرة تركية.", "2020-02-19")
    assert events(doc) == [("ASSAULT", "lna", "tur")]


def test_events_location_date_mode(pipe):
    doc = pipe.process("أسقط الجيش الوطني الليبي يوم الاثنين طائرة تركية بدون طيار فوق عين زارة.", "2020-02-19")
    (e,) = doc.events
    assert (e.date, e.date_precision, e.mode) == ("2020-02-17", "day", "drone")
    assert e.location.actor_id == "place-ain-zara" and e.location.lat is not None


def test_events_date_defaults_to_publication(pipe):
    (e,) = pipe.process("رفضت حكومة الوفاق الوطني المبادرة.", "2020-02-19").events
    assert (e.date, e.date_precision) == ("2020-02-19", "publication")


@pytest.mark.parametrize("text, negated, hypothetical", [
    ("لم يقصف الجيش الوطني الليبي المطار.", True, False),
    ("نفت تركيا أنها قصفت المطار.", True, False),
    ("سيلتقي لافروف مع حفتر.", False, True),
    ("إذا هاجمت تركيا فإن الجيش الوطني الليبي سيرد.", False, True),
    ("دعا مجلس الأمن إلى وقف إطلاق النار.", False, False),
])
def test_events_negation_and_hypothetical(pipe, text, negated, hypothetical):
    doc = pipe.process(text, "2020-02-19")
    assert doc.events
    e = doc.events[0]
    assert (e.negated, e.hypothetical) == (negated, hypothetical)


def test_events_call_makes_the_called_for_event_hypothetical(pipe):
    doc = pipe.process("دعا مجلس الأمن الأطراف إلى وقف إطلاق النار.", "2020-02-19")
    by_type = {e.type: e for e in doc.events}
    assert by_type["REQUEST"].source.actor_id == "unsc" and not by_type["REQUEST"].hypothetical
    assert by_type["RETREAT"].hypothetical and by_type["RETREAT"].mode == "ceasefire"


def test_events_trigger_inside_a_name_is_not_an_event(pipe):
    doc = pipe.process("حكومة الوفاق الوطني تعقد جلسة.", "2020-02-19")
    assert doc.events == []


def test_events_offsets_and_contract(pipe):
    doc = pipe.process("أسقط الجيش الوطني الليبي طائرة تركية قرب طرابلس.", "2020-02-19")
    d = doc.to_dict()
    (e,) = d["events"]
    t = d["text"]
    for key in ("trigger", "source", "target", "location"):
        assert t[e[key]["start"]:e[key]["end"]] == e[key]["text"]
    assert t[e["sentence"]["start"]:e["sentence"]["end"]].startswith("أسقط")
    assert e["source"]["country"] == "LBY" and e["source"]["sector"] == "MIL"
    assert 0 < e["confidence"] <= 1 and len(e["id"]) == 16


def test_quotes_direct_and_reported_with_speaker(pipe):
    doc = pipe.process('وقال لافروف: "لدينا موقف مشترك مع شركائنا في المنطقة". وأكد شويغو أن الحوار هو الحل الوحيد.',
                       "2020-02-19")
    q = [(x.speaker.actor_id if x.speaker else None, x.text) for x in doc.quotes]
    assert ("lavrov-sergey", "لدينا موقف مشترك مع شركائنا في المنطقة") in q
    assert ("shoigu-sergei", "الحوار هو الحل الوحيد") in q
    for x in doc.quotes:
        assert doc.text[x.start:x.end] == x.text


def test_quotes_according_to_him_continues_the_speaker(pipe):
    doc = pipe.process("قال لافروف إن الأزمة سياسية. ووفقا له ، من المقرر عقد جولة جديدة.", "2020-02-19")
    assert [x.speaker.actor_id for x in doc.quotes] == ["lavrov-sergey", "lavrov-sergey"]


def test_framing_markers_and_their_targets(pipe):
    doc = pipe.process('أعلنت ما يسمى بحكومة الوفاق الوطني رفضها. وهاجمت عصابات حكومة الوفاق الوطني المواقع. '
                       'ولم يمنع ذلك "سلطات" طرابلس من الاحتجاج.', "2020-02-19")
    f = [(x.kind, x.text, x.about) for x in doc.framing]
    assert ("so-called", "ما يسمى", "gna") in f
    assert ("pejorative", "عصابات", "gna") in f
    assert any(k == "scare-quotes" and t == '"سلطات"' for k, t, _ in f)
    for x in doc.framing:
        assert doc.text[x.start:x.end] == x.text


def test_events_subject_after_a_title_phrase_and_target_in_apposition(pipe):
    doc = pipe.process("التقى وزير الدفاع الروسي سيرغي شويغو مع قائد الجيش الوطني الليبي ، المشير خليفة حفتر.",
                       "2020-02-19")
    assert ("CONSULT", "shoigu-sergei", "haftar-khalifa") in events(doc)


def test_events_prepositional_target_after_a_title(pipe):
    doc = pipe.process("وأجرى لافروف محادثات مع وزير الخارجية التركي في موسكو.", "2020-02-19")
    assert ("CONSULT", "lavrov-sergey", "tur") in events(doc)


def test_events_said_that_attributes_the_sentence_before(pipe):
    doc = pipe.process("ودعت الأطراف إلى الحوار. وقد ذكر ذلك سيرغي لافروف.", "2020-02-19")
    req = [e for e in doc.events if e.type == "REQUEST"]
    assert req and req[0].source is not None and req[0].source.actor_id == "lavrov-sergey"
