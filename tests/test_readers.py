import io
import json
import random

import pytest

from rasd.errors import InputError
from rasd.io import readers
from rasd.io.encodings import decode
from rasd.io.readers import RawDoc, read_paths, read_stream

AR = "أعلنت الحكومة الليبية استئناف المحادثات في جنيف يوم الاثنين."


def read_all(paths, fmt="auto"):
    return list(read_paths([str(p) for p in paths], fmt))


@pytest.mark.parametrize("encoding, prefix", [
    ("utf-8", b""),
    ("utf-8", b"\xef\xbb\xbf"),
    ("utf-16", b""),          # Python writes a BOM
    ("utf-16-le", b""),       # no BOM at all
    ("utf-16-be", b""),
    ("cp1256", b""),
])
def test_readers_decode_encodings(encoding, prefix):
    text, _ = decode(prefix + AR.encode(encoding), "x.txt")
    assert text == AR


@pytest.mark.parametrize("data, problem", [
    (b"", "empty file"),
    (b"   \n\n ", "empty document"),
    (bytes(random.Random(7).randrange(256) for _ in range(2000)) + b"\x00\x00", "binary"),
    ("Ceci n'est pas de l'arabe: été, château".encode("latin-1"), "not valid UTF-8"),
])
def test_readers_decode_rejects_bad_bytes_with_named_file(data, problem):
    with pytest.raises(InputError) as e:
        decode(data, "bad/file.txt")
    assert "bad/file.txt" in str(e.value) and problem in str(e.value)


def test_readers_text_file_id_is_its_stem(tmp_path):
    p = tmp_path / "khabar.txt"
    p.write_text(AR, encoding="utf-8")
    (doc,) = read_all([p])
    assert isinstance(doc, RawDoc) and doc.id == "khabar" and doc.text == AR


def test_readers_jsonl_streams_and_reports_bad_lines(tmp_path):
    p = tmp_path / "batch.jsonl"
    good = {"id": "a1", "text": AR, "published": "2020-02-17", "title": "عنوان", "source": "وكالة"}
    lines = [json.dumps(good, ensure_ascii=False),
             '{"id": "a2", "text": "نص مقطوع',
             "",
             json.dumps({"id": "a3", "title": "بلا نص"}, ensure_ascii=False),
             json.dumps({"id": "a4", "text": 42}),
             json.dumps(["قائمة"], ensure_ascii=False),
             json.dumps({"text": AR + " ثانية"}, ensure_ascii=False)]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = read_all([p])
    assert [type(o).__name__ for o in out] == ["RawDoc", "InputError", "InputError", "InputError", "InputError", "RawDoc"]
    assert out[0].id == "a1" and out[0].published == "2020-02-17" and out[0].source == "وكالة"
    assert out[1].line == 2 and "invalid JSON" in out[1].problem and str(p) in str(out[1])
    assert out[2].line == 4 and "neither" in out[2].problem
    assert out[3].line == 5 and '"text" must be a string' in out[3].problem
    assert out[4].line == 6 and "expected a JSON object" in out[4].problem
    assert len(out[5].id) == 16  # content-hash id when none is given


def test_readers_jsonl_over_long_line_is_skipped_not_loaded(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_DOC_BYTES", 1000)
    p = tmp_path / "big.jsonl"
    with p.open("w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "huge", "text": "ك" * 5000}, ensure_ascii=False) + "\n")
        f.write(json.dumps({"id": "ok", "text": AR}, ensure_ascii=False) + "\n")
    out = read_all([p])
    assert isinstance(out[0], InputError) and out[0].line == 1 and "limit" in out[0].problem
    assert isinstance(out[1], RawDoc) and out[1].id == "ok"


def test_readers_huge_text_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_DOC_BYTES", 1000)
    p = tmp_path / "huge.txt"
    p.write_text(AR * 100, encoding="utf-8")
    (err,) = read_all([p])
    assert isinstance(err, InputError) and "limit" in err.problem and str(p) in str(err)


HTML = """<!doctype html><html lang="ar" dir="rtl"><head><title>الجيش يعلن السيطرة على المطار</title>
<meta property="article:published_time" content="2020-05-18T09:30:00Z"></head>
<body><nav><a href="/">الرئيسية</a> | <a href="/sport">رياضة</a></nav>
<article><h1>الجيش يعلن السيطرة على المطار</h1>
<p>أعلنت قوات حكومة الوفاق الوطني اليوم سيطرتها الكاملة على قاعدة الوطية الجوية غرب العاصمة طرابلس بعد معارك استمرت أسابيع.</p>
<p>وقال المتحدث العسكري إن القوات دخلت القاعدة فجرا بعد انسحاب القوات المهاجمة منها، مؤكدا أن العمليات مستمرة في المنطقة الغربية.</p>
<p>ويأتي هذا التطور بعد سلسلة من الغارات الجوية التي استهدفت مواقع داخل القاعدة خلال الأيام الماضية.</p>
</article><footer>جميع الحقوق محفوظة</footer></body></html>"""


def test_readers_html_main_text_title_and_date(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(HTML, encoding="utf-8")
    (doc,) = read_all([p])
    assert isinstance(doc, RawDoc), doc
    assert "قاعدة الوطية" in doc.text and "جميع الحقوق" not in doc.text and "رياضة" not in doc.text
    assert doc.title == "الجيش يعلن السيطرة على المطار"
    assert doc.published == "2020-05-18"


def test_readers_html_sniffed_without_extension_and_jsonl_html_field(tmp_path):
    p = tmp_path / "page"
    p.write_text(HTML, encoding="utf-8")
    (doc,) = read_all([p])
    assert isinstance(doc, RawDoc) and "قاعدة الوطية" in doc.text
    j = tmp_path / "pages.jsonl"
    j.write_text(json.dumps({"id": "h1", "html": HTML, "source": "موقع"}, ensure_ascii=False) + "\n", encoding="utf-8")
    (doc,) = read_all([j])
    assert doc.id == "h1" and doc.source == "موقع" and "قاعدة الوطية" in doc.text


def test_readers_html_without_text_is_an_error(tmp_path):
    p = tmp_path / "empty.html"
    p.write_text("<html><body><nav><a href='/'>x</a></nav></body></html>", encoding="utf-8")
    (err,) = read_all([p])
    assert isinstance(err, InputError) and "no main text" in err.problem


def test_readers_stdin_text_and_jsonl():
    (doc,) = read_stream(io.BytesIO(AR.encode("utf-8")), "<stdin>")
    assert doc.text == AR
    data = (json.dumps({"id": "s1", "text": AR}, ensure_ascii=False) + "\n").encode() * 3
    docs = list(read_stream(io.BytesIO(data), "<stdin>"))
    assert [d.id for d in docs] == ["s1", "s1", "s1"]


def test_readers_directory_is_read_recursively_and_missing_file_reported(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text(AR, encoding="utf-8")
    (tmp_path / "two.txt").write_text(AR, encoding="utf-8")
    out = read_all([tmp_path, tmp_path / "missing.txt"])
    assert [getattr(o, "id", None) for o in out[:2]] == ["two", "one"]  # a folder's own files, then its subfolders
    assert isinstance(out[2], InputError) and "cannot open" in out[2].problem
