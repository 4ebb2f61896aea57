"""`rasd eval`: score rasd against gold files (DESIGN.md gold format) or GSR-style detection files."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ..evaluate import load_gold, score_detection, score_entities, score_events
from ..pipeline import Pipeline


def _is_detection(path: Path) -> bool:
    with path.open(encoding="utf-8") as f:
        first = f.readline()
    try:
        return "event_type" in json.loads(first) and "label" in json.loads(first)
    except json.JSONDecodeError:
        return False


def evaluate_file(path: Path, pipeline: Pipeline, held_out: bool = False) -> dict:
    if path.suffix == ".jsonl" and _is_detection(path):
        scores = score_detection(path, pipeline, held_out_only=held_out)
        return {"file": str(path), "kind": "detection", "held_out_only": held_out,
                "detection": {t: p.to_dict() for t, p in sorted(scores.items())}}
    gold = load_gold(path)
    doc = pipeline.process(gold["text"], published=gold.get("published"), id=gold.get("id"))
    ents = score_entities(gold.get("entities", []), doc)
    evs = score_events(gold.get("events", []), doc)
    return {"file": str(path), "kind": "gold",
            "entities": {t: p.to_dict() for t, p in ents.items()},
            "events": {k: (v.to_dict() if hasattr(v, "to_dict") else v) for k, v in evs.items()}}


@click.command("eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--held-out", is_flag=True,
              help="Detection files: score only the fifth of the rows the shipped detector was not trained on.")
def eval_cmd(gold: tuple[Path, ...], fmt: str, held_out: bool) -> None:
    """Score rasd against GOLD files: a gold document (entities, events by trigger+type and by
    type+source+target, dates) or a detection file like arabic_event_gsr/detection_dev.jsonl
    (precision/recall/F1 of "this sentence reports an ASSAULT/PROTEST event"). The detector is
    trained on four fifths of the GSR development split: use --held-out for honest figures there."""
    pipeline = Pipeline()
    results = [evaluate_file(p, pipeline, held_out) for p in gold]
    if fmt == "json":
        click.echo(json.dumps(results if len(results) > 1 else results[0], ensure_ascii=False, indent=2))
        return
    console = Console(file=sys.stdout, width=120)
    for r in results:
        t = Table(title=r["file"])
        for col in ("what", "precision", "recall", "f1", "tp", "fp", "fn"):
            t.add_column(col, justify="right" if col != "what" else "left")
        rows = []
        if r["kind"] == "detection":
            rows = [(f"detection {k}", v) for k, v in r["detection"].items()]
        else:
            rows = [(f"entities {k}", v) for k, v in r["entities"].items()]
            rows += [(f"events {k}", v) for k, v in r["events"].items() if isinstance(v, dict)]
        for name, v in rows:
            t.add_row(name, f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}", str(v["tp"]), str(v["fp"]), str(v["fn"]))
        console.print(t)
        if r["kind"] == "gold" and r["events"].get("date_accuracy") is not None:
            console.print(f"event dates right: {r['events']['date_accuracy']:.3f} of {r['events']['dated_gold']} dated gold events")
