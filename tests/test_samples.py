"""The bundled sample corpus and the deliberately broken files under samples/broken/."""
import datetime as dt
import json

from click.testing import CliRunner

from conftest import SAMPLES, assert_spans
from rasd.cli import cli
from rasd.errors import InputError
from rasd.io.readers import RawDoc, read_paths


def test_samples_corpus_is_well_formed():
    lines = (SAMPLES / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    docs = [json.loads(line) for line in lines if line.strip()]
    assert len(docs) >= 40
    assert len({d["id"] for d in docs}) == len(docs)
    for d in docs:
        assert {"id", "title", "published", "source", "text"} <= d.keys()
        dt.date.fromisoformat(d["published"])
    assert len({d["source"] for d in docs}) >= 3


def test_samples_broken_files_each_give_a_named_error():
    out = list(read_paths([str(SAMPLES / "broken")]))
    errors = [o for o in out if isinstance(o, InputError)]
    docs = [o for o in out if isinstance(o, RawDoc)]
    by_file = {(e.path.rsplit("/", 1)[-1], e.line) for e in errors}
    assert ("empty.txt", None) in by_file
    assert ("binary.bin", None) in by_file
    assert ("latin1_garbage.txt", None) in by_file
    assert ("truncated.jsonl", 2) in by_file
    assert {("bad_fields.jsonl", 2), ("bad_fields.jsonl", 3), ("bad_fields.jsonl", 4)} <= by_file
    ids = {d.id for d in docs}
    assert "cp1256" in ids  # Windows-1256 is valid input, decoded
    assert {"broken-trunc-1", "broken-trunc-3"} <= ids  # the lines around a bad one survive
    cp = next(d for d in docs if d.id == "cp1256")
    assert "طرابلس" in cp.text
    html = next(d for d in docs if d.id == "malformed")  # unclosed tags still give the article
    assert "ترهونة" in html.text


def test_samples_articles_in_every_input_format():
    docs = [o for o in read_paths([str(SAMPLES / "articles")])]
    assert all(isinstance(d, RawDoc) for d in docs), docs
    html = next(d for d in docs if d.id.startswith("geneva"))
    assert html.published == "2020-10-23" and html.title
    utf16 = next(d for d in docs if "utf16" in d.id)
    assert "مجلس الأمن" in utf16.text


def test_samples_make_run_command_prints_the_table():
    r = CliRunner().invoke(cli, ["extract", str(SAMPLES / "corpus.jsonl"), "--format", "table"])
    assert r.exit_code == 0, r.output
    assert "document(s)" in r.stdout and "lby-2020-03-05-digest" in r.stdout


def test_samples_digest_article_has_stories_and_lead():
    r = CliRunner().invoke(cli, ["extract", str(SAMPLES / "corpus.jsonl"), "--format", "jsonl"])
    docs = {d["id"]: d for d in map(json.loads, r.stdout.splitlines())}
    digest = docs["lby-2020-03-05-digest"]
    assert len(digest["stories"]) >= 4  # the title's story and three sections
    assert digest["stories"][0]["lead"] is not None
    assert all(s["headline"] for s in digest["stories"][1:])
    assert sum(digest["text"].count(h) for h in [digest["title"]]) <= 1
    for d in docs.values():
        assert_spans(d)
