"""Actor knowledge base: actors with Arabic names and aliases, country, sector and roles over time."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Iterable

from ..errors import RasdError
from ..text.normalize import normalize

TYPES = ("PER", "ORG", "LOC")
ARTICLE = "ال"


@dataclass(slots=True)
class Role:
    office: str
    start: str | None = None
    end: str | None = None
    country: str | None = None
    org: str | None = None
    sector: str | None = None
    title_ar: str | None = None

    def active(self, date: str | None) -> bool:
        """Held on `date` (YYYY-MM-DD); partial dates cover their whole month or year."""
        if date is None:
            return self.end is None
        if self.start and date < _pad(self.start, "01"):
            return False
        if self.end and date > _pad(self.end, "31"):
            return False
        return True


def _pad(d: str, fill: str) -> str:
    parts = d.split("-")
    while len(parts) < 3:
        parts.append("12" if len(parts) == 1 and fill == "31" else fill)
    return "-".join(parts)


@dataclass(slots=True)
class Actor:
    id: str
    type: str
    name_en: str
    name_ar: str
    aliases_ar: list[str] = field(default_factory=list)
    aliases_en: list[str] = field(default_factory=list)
    nisba_ar: list[str] = field(default_factory=list)
    country: str | None = None
    sector: str | None = None
    wikidata: str | None = None
    parent: str | None = None
    roles: list[Role] = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None
    capital: dict | None = None

    def sector_on(self, date: str | None) -> str | None:
        """The sector of the office held on `date`, else the actor's own."""
        for r in self.roles:
            if r.sector and r.active(date):
                return r.sector
        return self.sector


class KBError(RasdError):
    pass


def parse_actor(obj: dict, where: str) -> Actor:
    for key in ("id", "type", "name_en", "name_ar"):
        if not isinstance(obj.get(key), str) or not obj[key].strip():
            raise KBError(f"{where}: actor needs a string {key!r}")
    if obj["type"] not in TYPES:
        raise KBError(f"{where}: type must be one of {TYPES}, not {obj['type']!r}")
    roles = []
    for r in obj.get("roles") or []:
        if not isinstance(r, dict) or not r.get("office"):
            raise KBError(f"{where}: each role needs an 'office'")
        roles.append(Role(office=r["office"], start=r.get("from"), end=r.get("to"), country=r.get("country"),
                          org=r.get("org"), sector=r.get("sector"), title_ar=r.get("title_ar")))
    return Actor(id=obj["id"], type=obj["type"], name_en=obj["name_en"], name_ar=obj["name_ar"],
                 aliases_ar=list(obj.get("aliases_ar") or []), aliases_en=list(obj.get("aliases_en") or []),
                 nisba_ar=list(obj.get("nisba_ar") or []), country=obj.get("country"), sector=obj.get("sector"),
                 wikidata=obj.get("wikidata"), parent=obj.get("parent"), roles=roles,
                 lat=obj.get("lat"), lon=obj.get("lon"), capital=obj.get("capital"))


def read_actors(paths: Iterable[Path]) -> list[Actor]:
    actors: list[Actor] = []
    seen: dict[str, str] = {}
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path.name}:{n}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise KBError(f"{where}: invalid JSON ({e.msg})") from None
            a = parse_actor(obj, where)
            if a.id in seen:
                raise KBError(f"{where}: actor id {a.id!r} already defined at {seen[a.id]}")
            seen[a.id] = where
            actors.append(a)
    return actors


def alias_key(alias: str) -> str:
    """Matching key of an alias: normalised, single-spaced, without quotes or tatweel."""
    return " ".join(normalize(alias).replace('"', " ").split())


@dataclass(slots=True)
class AliasEntry:
    actor_id: str
    kind: str  # "name" | "alias" | "nisba"


class KnowledgeBase:
    """All actors, indexed by id, by alias and by office. Loads lazily from rasd/data/kb."""

    def __init__(self, actors: list[Actor] | None = None, directory: Path | None = None):
        self._actors = actors
        self._dir = directory

    @cached_property
    def actors(self) -> dict[str, Actor]:
        if self._actors is not None:
            return {a.id: a for a in self._actors}
        base = self._dir or Path(str(resources.files("rasd") / "data" / "kb"))
        return {a.id: a for a in read_actors(sorted(base.glob("*.jsonl")))}

    def get(self, actor_id: str | None) -> Actor | None:
        return self.actors.get(actor_id) if actor_id else None

    def __len__(self) -> int:
        return len(self.actors)

    @cached_property
    def aliases(self) -> dict[str, list[AliasEntry]]:
        """Normalised alias → actors it names. A name without its article is also indexed when the
        article is the only difference that news writing makes (الاتحاد الأوروبي / اتحاد أوروبي is not)."""
        index: dict[str, list[AliasEntry]] = {}

        def add(alias: str, actor_id: str, kind: str) -> None:
            key = alias_key(alias)
            if len(key) < 2:
                return
            entries = index.setdefault(key, [])
            if not any(e.actor_id == actor_id for e in entries):
                entries.append(AliasEntry(actor_id, kind))

        for a in self.actors.values():
            add(a.name_ar, a.id, "name")
            for al in a.aliases_ar:
                add(al, a.id, "alias")
            for n in a.nisba_ar:
                add(n, a.id, "nisba")
            # A capital is a place (see places.py), not an alias of its country: "talks in Moscow".
        return index

    @cached_property
    def offices(self) -> dict[tuple[str, str], list[tuple[Actor, Role]]]:
        """(office, country or org) → holders with the role, for resolving titles by date."""
        index: dict[tuple[str, str], list[tuple[Actor, Role]]] = {}
        for a in self.actors.values():
            for r in a.roles:
                for scope in {r.country, r.org} - {None}:
                    index.setdefault((r.office, scope), []).append((a, r))
        return index

    def holder(self, office: str, scope: str, date: str | None) -> Actor | None:
        """Who held `office` for `scope` (country code or org id) on `date`; None when unknown or ambiguous."""
        found = {a.id: a for a, r in self.offices.get((office, scope), []) if r.active(date)}
        return next(iter(found.values())) if len(found) == 1 else None

    @cached_property
    def by_country(self) -> dict[str, Actor]:
        """ISO alpha-3 → the country actor."""
        return {a.country: a for a in self.actors.values()
                if a.type == "LOC" and a.country and a.id == a.country.lower()}
