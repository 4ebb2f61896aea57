import json

from click.testing import CliRunner

from conftest import assert_spans
from rasd import __version__
from rasd.cli import cli

AR1 = "أعلن الجيش الليبي أمس إسقاط طائرة مسيرة قرب طرابلس."
AR2 = "دعا وزير الخارجية إلى وقف إطلاق النار فورا."


def run(args, input=None):
    return CliRunner().invoke(cli, args, input=input, catch_exceptions=False)


def test_cli_extract_seed_json(seed_path):
    r = run(["extract", str(seed_path), "--published", "2020-02-19", "--format", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert isinstance(d, dict)  # one document in, one object out
    headline = "نتائج ليبيا ، 19 فبراير: حكومات الوفاق الوطني الليبية تخرج من مفاوضات جنيف"
    assert d["title"] == headline and d["text"].count(headline) == 1
    assert d["published"] == "2020-02-19" and d["id"] == "libya-2020-02-19"
    assert len(d["sentences"]) > 30 and len(d["stories"]) == 3
    assert [s["headline"]["text"] for s in d["stories"][1:]] == [
        "أعرب لافروف عن موقف روسيا من تسوية النزاع في ليبيا", "الجيش الوطني الليبي يسقط طائرتين تركيتين بدون طيار"]
    assert d["stories"][0]["lead"]["text"].startswith("ليبيا ، 19 فبراير:")
    for key in ("entities", "events", "quotes", "framing", "warnings", "url"):
        assert key in d
    assert "المشير خليفة حفتر" in d["text"] and "النار أولا" in d["text"]
    assert_spans(d)


def test_cli_extract_jsonl_keeps_order_and_ids(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text("\n".join(json.dumps({"id": i, "text": t}, ensure_ascii=False)
                           for i, t in [("b", AR2), ("a", AR1), ("c", AR2)]) + "\n", encoding="utf-8")
    r = run(["extract", str(p)])
    assert r.exit_code == 0
    docs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [d["id"] for d in docs] == ["b", "a", "c"]
    for d in docs:
        assert_spans(d)


def test_cli_extract_json_array_for_several_documents(tmp_path):
    (tmp_path / "one.txt").write_text(AR1, encoding="utf-8")
    (tmp_path / "two.txt").write_text(AR2, encoding="utf-8")
    r = run(["extract", str(tmp_path / "one.txt"), str(tmp_path / "two.txt"), "--format", "json", "--tokens"])
    docs = json.loads(r.stdout)
    assert [d["id"] for d in docs] == ["one", "two"]
    assert docs[0]["sentences"][0]["tokens"][0]["text"] == "أعلن"
    for d in docs:
        assert_spans(d)


def test_cli_extract_bad_documents_reported_rest_written(tmp_path):
    (tmp_path / "good.txt").write_text(AR1, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01\x02\xff" * 100)
    (tmp_path / "mixed.jsonl").write_text(json.dumps({"id": "ok", "text": AR2}, ensure_ascii=False) + '\n{"id": "cut", "te\n',
                                          encoding="utf-8")
    r = run(["extract", str(tmp_path), "--format", "jsonl"])
    assert r.exit_code == 1
    ids = [json.loads(line)["id"] for line in r.stdout.splitlines()]
    assert sorted(ids) == ["good", "ok"]
    assert "empty.txt: empty file" in r.stderr
    assert "blob.bin: looks binary" in r.stderr
    assert "mixed.jsonl:2: invalid JSON" in r.stderr
    assert "3 document(s) failed" in r.stderr


def test_cli_extract_stdin_with_published():
    r = run(["extract", "-", "--published", "2021-03-10", "--format", "json"], input=AR1.encode("utf-8"))
    d = json.loads(r.stdout)
    assert d["published"] == "2021-03-10" and d["text"] == AR1


def test_cli_extract_table():
    r = run(["extract", "-", "--format", "table"], input=(AR1 + " " + AR2).encode("utf-8"))
    assert r.exit_code == 0
    assert "sentences" in r.stdout and "طرابلس" in r.stdout


def test_cli_extract_rejects_bad_date_and_no_paths():
    r = CliRunner().invoke(cli, ["extract", "-", "--published", "19/02/2020"], input=b"x")
    assert r.exit_code == 2 and "YYYY-MM-DD" in r.output
    r = CliRunner().invoke(cli, ["extract"])
    assert r.exit_code == 2 and "PATH" in r.output


def test_cli_version_and_help():
    assert __version__ in run(["--version"]).output
    out = run(["extract", "--help"]).output
    for opt in ("--input-format", "--published", "--format"):
        assert opt in out


def test_cli_python_api_process():
    import rasd

    doc = rasd.process(AR1 + "\n\n" + AR2, published="2020-02-19")
    assert isinstance(doc, rasd.Document) and len(doc.sentences) == 2 and doc.published == "2020-02-19"
    assert all(doc.text[t.start:t.end] == t.text for t in doc.tokens)
