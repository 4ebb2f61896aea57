"""Entities on hand-written Arabic cases with a small hand-made knowledge base (tests/data)."""
import pytest

from conftest import DATA, mini_pipeline
from rasd.entities.kb import KnowledgeBase, read_actors


@pytest.fixture(scope="module")
def pipe(tmp_path_factory):
    return mini_pipeline(tmp_path_factory.mktemp("places"))


def ents(doc):
    return [(m.text, m.type, m.actor_id) for m in doc.entities]


@pytest.mark.parametrize("text, expected", [
    ("وصل لافروف إلى أنقرة.", ("لافروف", "PER", "lavrov-sergey")),
    ("اتهمت حكومة الوفاق الوطني خصومها.", ("حكومة الوفاق الوطني", "ORG", "gna")),
    ("وتركيا ترفض.", ("تركيا", "LOC", "tur")),
    ("دعا لليبيا إلى الحوار.", ("ليبيا", "LOC", "lby")),
    ("رحب بحكومة الوفاق الوطني.", ("حكومة الوفاق الوطني", "ORG", "gna")),
    ("قدم شكوى للأمم المتحدة.", ("للأمم المتحدة", "ORG", "un")),
    ("اجتمع مجلس الأمن التابع للأمم المتحدة أمس.", ("مجلس الأمن التابع للأمم المتحدة", "ORG", "unsc")),
    ("أسقطت الدفاعات طائرتين تركيتين.", ("تركيتين", "LOC", "tur")),
])
def test_entities_kb_matches_with_clitics(pipe, text, expected):
    assert expected in ents(pipe.process(text, "2020-02-19"))


def test_entities_nisba_after_institution_names_its_country(pipe):
    doc = pipe.process("قصف الجيش التركي مواقع المسلحين.", "2020-02-19")
    m = next(m for m in doc.entities if m.actor_id == "tur")
    assert (m.text, m.type, m.country, m.sector) == ("الجيش التركي", "ORG", "TUR", "MIL")


def test_entities_title_resolved_by_date(pipe):
    doc = pipe.process("قال وزير الخارجية الروسي إن الحل سياسي.", "2020-02-19")
    m = next(m for m in doc.entities if m.type == "PER")
    assert m.actor_id == "lavrov-sergey" and m.text == "وزير الخارجية الروسي"
    doc = pipe.process("قال وزير الخارجية الروسي إن الحل سياسي.", "2002-05-01")
    assert next(m for m in doc.entities if m.type == "PER").actor_id == "ivanov-igor"


def test_entities_title_of_an_igo_office(pipe):
    doc = pipe.process("أعلن رئيس دبلوماسية الاتحاد الأوروبي إنشاء مهمة بحرية.", "2020-02-17")
    assert any(m.actor_id == "borrell-josep" for m in doc.entities)


def test_entities_short_title_refers_back(pipe):
    doc = pipe.process("التقى سيرغي لافروف نظيره. وقال الوزير الروسي إن اللقاء مثمر.", "2020-02-19")
    short = [m for m in doc.entities if m.text.startswith("الوزير")]
    assert short and short[0].actor_id == "lavrov-sergey"


def test_entities_the_latter(pipe):
    doc = pipe.process("انتقد المشاركون حكومة الوفاق وتركيا. هذا الأخير يرسل الأسلحة.", "2020-02-19")
    latter = next(m for m in doc.entities if m.text == "هذا الأخير")
    assert latter.actor_id == "tur"


def test_entities_places_with_coordinates_and_spelling_variants(pipe):
    doc = pipe.process("سقطت قذائف على مطار معيتيقة ثم أقلعت طائرة من ميتيغا نحو عين زارا.", "2020-02-19")
    places = {m.actor_id: (m.lat, m.lon) for m in doc.entities if m.type == "LOC"}
    assert places["place-mitiga-airport"] == (32.894, 13.276)
    assert "place-ain-zara" in places
    assert [m.text for m in doc.entities if m.actor_id == "place-mitiga-airport"] == ["مطار معيتيقة", "ميتيغا"]


def test_entities_tripoli_disambiguated_by_document_country(pipe):
    lby = pipe.process("قالت حكومة الوفاق إن الهدوء عاد إلى طرابلس.", "2020-02-19")
    m = next(m for m in lby.entities if m.text == "طرابلس")
    assert m.country == "LBY" and abs(m.lat - 32.89) < 0.1
    lbn = pipe.process("تظاهر آلاف اللبنانيين في بيروت وطرابلس ضد الحكومة في لبنان.", "2019-10-20")
    m = next(m for m in lbn.entities if m.text == "طرابلس")
    assert m.country == "LBN" and abs(m.lat - 34.43) < 0.1


def test_entities_unknown_name_stays_unlinked(pipe):
    doc = pipe.process("التقى سيرغي شويغو بمسؤول يدعى فلان الفلاني.", "2020-02-19")
    assert all(m.actor_id in (None, "shoigu-sergei") for m in doc.entities)
    assert ("سيرغي شويغو", "PER", "shoigu-sergei") in ents(doc)


def test_entities_offsets_index_the_text(pipe):
    doc = pipe.process("وأكد لافروف وشويغو دعم الجيش الوطني الليبي، فيما رفضت حكومة التوافق الوطنية ذلك.", "2020-02-19")
    assert len(doc.entities) >= 4
    for m in doc.entities:
        assert doc.text[m.start:m.end] == m.text


def test_entities_role_dates_and_holders():
    kb = KnowledgeBase(read_actors([DATA / "mini_kb.jsonl"]))
    assert kb.holder("foreign-minister", "RUS", "2020-02-19").id == "lavrov-sergey"
    assert kb.holder("foreign-minister", "RUS", "2001-01-01").id == "ivanov-igor"
    assert kb.holder("defence-minister", "RUS", "2025-01-01") is None
    assert kb.get("shoigu-sergei").sector_on("2020-02-19") == "MIL"
