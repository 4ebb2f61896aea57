"""Statistical named-entity recogniser: a CRF over tokens with word, affix, clitic, gazetteer and title features."""
from __future__ import annotations

from functools import cached_property
from importlib import resources
from operator import attrgetter
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from ..memo import remember
from ..model import Document, Mention, Sentence, Token
from ..text.lexicon import Lexicon
from ..text.normalize import normalize
from ..text.tokenize import analyse
from .kb import KnowledgeBase

MODEL_NAME = "ner.crfsuite"
OUTPUT_TYPES = {"PER": "PER", "PERS": "PER", "ORG": "ORG", "LOC": "LOC"}  # MISC is learnt, not output
TITLES = frozenset(normalize(w) for w in """
الرئيس رئيس الرئيسة رئيسة وزير الوزير وزيرة الوزيرة نائب النائب الملك ملك الأمير أمير الشيخ شيخ
المشير الفريق اللواء العميد العقيد المقدم الرائد النقيب الجنرال الأدميرال قائد القائد زعيم الزعيم
السيد السيدة الدكتور د المستشار المستشارة السفير سفير المبعوث مبعوث الأمين أمين المتحدث الناطق
الإمام البابا الشيخة السلطان سلطان ولي العاهل الحاكم حاكم محافظ المحافظ مدير المدير رئيسي
""".split())
ORG_HEADS = frozenset(normalize(w) for w in """
حكومة الحكومة وزارة الوزارة مجلس المجلس جيش الجيش قوات القوات حزب الحزب حركة الحركة منظمة المنظمة
اتحاد الاتحاد جامعة الجامعة شركة الشركة مؤسسة المؤسسة هيئة الهيئة وكالة الوكالة لجنة اللجنة بنك البنك
مصرف المصرف محكمة المحكمة جبهة الجبهة كتيبة الكتيبة لواء اللواء جهاز الجهاز بعثة البعثة مفوضية المفوضية
""".split())
LOC_CUES = frozenset(normalize(w) for w in """
مدينة المدينة بلدة قرية منطقة المنطقة محافظة ولاية إقليم مطار ميناء قاعدة شمال جنوب شرق غرب وسط
في من إلى قرب بالقرب عاصمة العاصمة حي ضواحي
""".split())


# A name does not start with one of these; a span that does is a tagging slip.
FUNCTION_WORDS = frozenset(normalize(w) for w in """
على في من إلى عن مع أن إن لا لم لن قد هذا هذه ذلك تلك التي الذي الذين ثم أو بعد قبل حول خلال عند منذ
كما لكن بين حتى إذا لو ما هو هي هم وهو وهي كان كانت يكون تم
""".split())
COMMON_WORD_FREQ = 30
VITERBI_GROUP = 512  # sentences tagged in one Viterbi pass, at most
VITERBI_CELLS = 32_768  # and at most this many sentences × positions (the longest sentence's)
NEIGHBOURS = (-1, 1)  # words around a word whose features it sees
_TEXT = attrgetter("text")


def _itself(x):
    return x


def shape(word: str) -> str:
    if word.isdigit() or normalize(word).isdigit():
        return "digit"
    if any("\u0621" <= c <= "\u064a" for c in word):
        return "ar"
    if word.isascii() and word.isalpha():
        return "Lat" if word[0].isupper() else "lat"
    if not any(c.isalnum() for c in word):
        return "punct"
    return "mixed"


class Gazetteer:
    """Token-level knowledge from the actor KB: which types a word form takes part in."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.word_cache: dict = {}  # (word, info) → its features, for sentence_features

    @cached_property
    def token_types(self) -> dict[str, frozenset[str]]:
        index: dict[str, set[str]] = {}
        for key, entries in self.kb.aliases.items():
            words = key.split()
            for e in entries:
                a = self.kb.actors[e.actor_id]
                t = "LOC" if a.type == "LOC" and e.kind != "nisba" else ("NIS" if e.kind == "nisba" else a.type)
                for i, w in enumerate(words):
                    index.setdefault(w, set()).add(t + ("_1" if len(words) == 1 else ("_B" if i == 0 else "_I")))
        return {k: frozenset(v) for k, v in index.items()}

    def features(self, norm: str, stem: str) -> list[str]:
        out = [f"gz={t}" for t in self.token_types.get(norm, ())]
        if stem != norm:
            out += [f"gzs={t}" for t in self.token_types.get(stem, ())]
        return out


def word_info(word: str, lexicon: Lexicon) -> tuple[str, str, str]:
    """(normalised word, normalised stem, proclitic tags) of one token."""
    n = normalize(word)
    if shape(word) != "ar":
        return n, n, ""
    letters = "".join(c for c in word if "\u0621" <= c <= "\u064a" or "\u0671" <= c <= "\u06d3")
    pieces = analyse(letters, lexicon) if letters else []
    stem = n
    procl = []
    for a, b, role, tag in pieces:
        if role == "stem":
            stem = normalize(letters[a:b])
        elif role == "proclitic":
            procl.append(tag)
    return n, stem, "+".join(procl)


def word_features(w: str, info: tuple[str, str, str], lexicon: Lexicon, gaz: Gazetteer) -> list[str]:
    """Features of one word on its own (the sentence adds its neighbours')."""
    n, stem, procl = info
    f = [f"w={n}", f"stem={stem}", f"sh={shape(w)}", f"procl={procl}",
         f"p2={stem[:2]}", f"p3={stem[:3]}", f"s1={stem[-1:]}", f"s2={stem[-2:]}", f"s3={stem[-3:]}",
         f"len={min(len(stem), 8)}"]
    if stem in TITLES or n in TITLES:
        f.append("title")
    if stem in ORG_HEADS or n in ORG_HEADS:
        f.append("orghead")
    if n in LOC_CUES or stem in LOC_CUES:
        f.append("loccue")
    if stem.endswith("ي") and len(stem) > 3:
        f.append("nisba_shape")
    if not lexicon.known(n) and not lexicon.known(stem):
        f.append("oov")
    f += gaz.features(n, stem)
    return f


def token_info(t: Token) -> tuple[str, str, str]:
    """word_info from a token the tokenizer already segmented (same analysis, no second pass)."""
    if t.kind != "word":
        return t.norm, t.norm, ""
    procl = [m.tag for m in t.morphs if m.role == "proclitic"]
    return t.norm, t.stem_norm or t.norm, "+".join(procl)


def word_parts(w: str, info: tuple[str, str, str], lexicon: Lexicon, gaz: Gazetteer):
    """A word's own CRF features and what it shows its neighbours ({offset: features})."""
    f = word_features(w, info, lexicon, gaz)
    ctx = [x for x in f if x.startswith(("w=", "stem=", "gz", "sh=")) or x in ("title", "orghead", "loccue")]
    n_, st, procl = info
    near = [f"s3={st[-3:]}", f"p3={st[:3]}", f"procl={procl}"]
    f += [f"wp2={n_[:2]}", f"wp3={n_[:3]}", f"ws2={n_[-2:]}", f"ws3={n_[-3:]}"]  # affixes with clitics on
    return f, {off: [f"{off}:{x}" for x in ctx + (near if off in (-1, 1) else [])] for off in NEIGHBOURS}


def cached_word_parts(w: str, info: tuple[str, str, str], lexicon: Lexicon, gaz: Gazetteer):
    """word_parts, remembered on the gazetteer (training featurises the same words again and again)."""
    key = (w, info)
    cached = gaz.word_cache.get(key)
    return cached if cached is not None else remember(gaz.word_cache, key, word_parts(w, info, lexicon, gaz))


def pair_features(infos: list[tuple[str, str, str]], i: int) -> list[str]:
    """Features of word i made of its stem and its neighbours' stems."""
    f = []
    if i > 0:
        f.append(f"bi={infos[i - 1][1]}|{infos[i][1]}")
    if i + 1 < len(infos):
        f.append(f"bn={infos[i][1]}|{infos[i + 1][1]}")
    if i > 1:
        f.append(f"tri={infos[i - 2][1]}|{infos[i - 1][1]}")
    return f


def sentence_features(words: Sequence[str], lexicon: Lexicon, gaz: Gazetteer,
                      infos: list[tuple[str, str, str]] | None = None) -> list[list[str]]:
    """CRF features of each word of a sentence (`infos` from token_info saves re-analysing)."""
    if infos is None:
        infos = [word_info(w, lexicon) for w in words]
    parts = [cached_word_parts(w, info, lexicon, gaz) for w, info in zip(words, infos)]
    feats: list[list[str]] = []
    n = len(words)
    for i in range(n):
        f = list(parts[i][0])
        for off in NEIGHBOURS:
            j = i + off
            f += parts[j][1][off] if 0 <= j < n else [f"{off}:BOUND"]
        feats.append(f + pair_features(infos, i))
    return feats


class CompiledCRF:
    """The trained CRF's weights as arrays, so tagging sums cached per-word score vectors and runs
    Viterbi in numpy over all of a document's sentences at once, instead of passing ~40 feature
    strings a word to crfsuite. Gives crfsuite's tags (its dump rounds weights to 6 decimals;
    tests compare the two)."""

    def __init__(self, tagger, lexicon: Lexicon, gaz: Gazetteer):
        info = tagger.info()
        self.labels = tagger.labels()
        index = {lab: k for k, lab in enumerate(self.labels)}
        L = self.L = len(self.labels)
        self.trans = np.zeros((L, L))
        for (a, b), w in info.transitions.items():
            self.trans[index[a], index[b]] = w
        weights: dict[str, np.ndarray] = {}
        for (attr, lab), w in info.state_features.items():
            weights.setdefault(attr, np.zeros(L))[index[lab]] += w
        # weight rows by feature (row 0 all zero, opening every sum so that none is empty)
        self.row_of = {attr: k for k, attr in enumerate(weights, start=1)}
        self.W = np.vstack([np.zeros(L)] + list(weights.values())) if weights else np.zeros((1, L))
        self.bound = {off: weights.get(f"{off}:BOUND", np.zeros(L)) for off in NEIGHBOURS}
        # stem-pair features (pair_features) keyed by the pair, every way the string can split
        self.pairs: dict[str, dict[tuple[str, str], np.ndarray]] = {"bi": {}, "bn": {}, "tri": {}}
        for attr, vec in weights.items():
            kind, eq, rest = attr.partition("=")
            if eq and kind in self.pairs:
                for k in range(len(rest)):
                    if rest[k] == "|":
                        self.pairs[kind][(rest[:k], rest[k + 1:])] = vec
        self.lexicon, self.gaz = lexicon, gaz
        self.cache: dict = {}  # word (or word + analysis) → (own | left-context | right-context row, stem)

    def _rows(self, words: dict) -> dict:
        """Score vectors of new words ({key: (word, info)}), each its own features, then as each
        neighbour sees it: all of them gathered and summed in one numpy call, and remembered."""
        row_of = self.row_of
        idx: list[int] = []
        starts: list[int] = []
        for w, info in words.values():
            own, ctx = word_parts(w, info, self.lexicon, self.gaz)
            for feats in [own] + [ctx[off] for off in NEIGHBOURS]:
                starts.append(len(idx))
                idx.append(0)
                idx += filter(None, map(row_of.get, feats))  # rows of the known features (row 0 is none's)
        sums = np.add.reduceat(self.W[idx], starts).reshape(len(words), -1)
        return {key: remember(self.cache, key, (row, info[1])) for (key, (_, info)), row in zip(words.items(), sums)}

    def _rows_for(self, sentences: list[list], key: Callable, word_and_info: Callable) -> list[list]:
        """Each item's cached row (by key(item)); items whose key is new are scored together (_rows
        of word_and_info(item)), each key once."""
        cache = self.cache
        rows = [[cache.get(key(x)) for x in items] for items in sentences]
        new: dict = {}
        for items, row in zip(sentences, rows):
            if None in row:
                for x, got in zip(items, row):
                    if got is None and key(x) not in new:
                        new[key(x)] = word_and_info(x)
        if new:
            scored = self._rows(new)
            for items, row in zip(sentences, rows):
                if None in row:
                    row[:] = [got if got is not None else scored[key(x)] for x, got in zip(items, row)]
        return rows

    def tag_tokens(self, sentences: list[list[Token]]) -> list[list[str]]:
        """Tags of each sentence's tokens (the tokenizer's clitic analysis is the word's info).

        Viterbi runs one numpy step per position for a whole group of sentences, so its cost is
        the number of groups times their longest sentence: sentences go in groups of similar length,
        and many documents' sentences tagged together (Recognizer.prepare) cost little more than one's."""
        rows = self._rows_for(sentences, _TEXT, lambda t: (t.text, token_info(t)))
        order = sorted(range(len(rows)), key=lambda k: len(rows[k]))
        out: list[list[str]] = [[] for _ in rows]
        group: list[int] = []
        for n, k in enumerate(order):
            group.append(k)
            nxt = len(rows[order[n + 1]]) if n + 1 < len(order) else None
            # a group is padded to its longest sentence: keep its cells (sentences × positions) bounded
            if nxt is None or len(group) >= VITERBI_GROUP or (len(group) + 1) * nxt > VITERBI_CELLS:
                for j, tags in zip(group, self._viterbi([rows[j] for j in group])):
                    out[j] = tags
                group = []
        return out

    def tag_words(self, words: Sequence[str], infos: list[tuple[str, str, str]]) -> list[str]:
        pairs = list(zip(words, infos))  # a (word, info) pair is its own key
        return self._viterbi(self._rows_for([pairs], _itself, _itself))[0]

    def _emissions(self, rows) -> np.ndarray:
        """Each word's score for each label: its own features, its neighbours', its stem pairs."""
        n, L = len(rows), self.L
        M = np.array([r[0] for r in rows])
        emit = M[:, :L].copy()
        for k, off in enumerate(NEIGHBOURS, start=1):
            ctx = M[:, k * L:(k + 1) * L]
            if off < 0:
                emit[-off:] += ctx[:n + off]
                emit[:-off] += self.bound[off]
            else:
                emit[:n - off] += ctx[off:]
                emit[n - off:] += self.bound[off]
        stems = [r[1] for r in rows]
        bi, bn, tri = self.pairs["bi"], self.pairs["bn"], self.pairs["tri"]
        for i in range(n):
            if i > 0:
                v = bi.get((stems[i - 1], stems[i]))
                if v is not None:
                    emit[i] += v
                if i > 1:
                    v = tri.get((stems[i - 2], stems[i - 1]))
                    if v is not None:
                        emit[i] += v
            if i + 1 < n:
                v = bn.get((stems[i], stems[i + 1]))
                if v is not None:
                    emit[i] += v
        return emit

    def _viterbi(self, sentences: list[list]) -> list[list[str]]:
        """Best label paths, all sentences in step (one numpy step per position, not per word)."""
        if not sentences:
            return []
        lens = [len(r) for r in sentences]
        T, B, L = max(lens), len(sentences), self.L
        if T == 0:
            return [[] for _ in sentences]
        E = np.zeros((T, B, L))
        for b, rows in enumerate(sentences):
            if rows:
                E[:len(rows), b] = self._emissions(rows)
        scores = [E[0]]
        backs = []
        trans = self.trans[None]
        for i in range(1, T):
            cand = scores[-1][:, :, None] + trans  # (sentence, from, to)
            backs.append(cand.argmax(axis=1))
            scores.append(cand.max(axis=1) + E[i])
        labels = self.labels
        out = []
        for b, n in enumerate(lens):
            if n == 0:
                out.append([])
                continue
            path = [int(scores[n - 1][b].argmax())]
            for i in range(n - 2, -1, -1):
                path.append(int(backs[i][b, path[-1]]))
            out.append([labels[k] for k in reversed(path)])
        return out


class Recognizer:
    """Adds PER/ORG/LOC mentions found by the trained CRF model to Document.entities."""

    def __init__(self, kb: KnowledgeBase, lexicon: Lexicon, model_path: Path | None = None):
        self.kb, self.lexicon = kb, lexicon
        self.model_path = model_path or Path(str(resources.files("rasd") / "data" / "models" / MODEL_NAME))
        self._tagged: dict[int, tuple[Sentence, list[str]]] = {}  # id(sentence) → (sentence, tags), see prepare

    @cached_property
    def tagger(self):
        import pycrfsuite

        if not self.model_path.is_file():
            from ..errors import RasdError
            raise RasdError(f"{self.model_path}: NER model missing; rebuild it with tools/train_ner.py")
        t = pycrfsuite.Tagger()
        t.open(str(self.model_path))
        return t

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return Gazetteer(self.kb)

    @cached_property
    def compiled(self) -> CompiledCRF:
        return CompiledCRF(self.tagger, self.lexicon, self.gazetteer)

    def tag(self, words: Sequence[str], infos: list[tuple[str, str, str]] | None = None) -> list[str]:
        if not words:
            return []
        if infos is None:
            infos = [word_info(w, self.lexicon) for w in words]
        return self.compiled.tag_words(words, infos)

    def prepare(self, docs: list[Document]) -> None:
        """Tag the sentences of many documents in one go (mentions() then reads their tags)."""
        sents = [s for doc in docs for s in doc.sentences]
        self._tagged = {id(s): (s, tags) for s, tags in zip(sents, self.compiled.tag_tokens([s.tokens for s in sents]))}

    def mentions(self, doc: Document) -> list[Mention]:
        out: list[Mention] = []
        sents = [s.tokens for s in doc.sentences]
        ready = [self._tagged.pop(id(s), (None, None)) for s in doc.sentences]
        if all(s is got for s, (got, _) in zip(doc.sentences, ready)):
            tagged = [tags for _, tags in ready]
        else:
            tagged = self.compiled.tag_tokens(sents)
        for toks, tags in zip(sents, tagged):
            out += [m for m in spans_from_tags(doc.text, toks, tags) if self.plausible(m)]
        return out

    def plausible(self, m: Mention) -> bool:
        """Drop slips: a span opening with a function word, or a person or organisation that is one
        common word the KB never uses in a name (places are checked against the gazetteer instead)."""
        words = [normalize(w) for w in m.text.split()]
        if not words or words[0] in FUNCTION_WORDS:
            return False
        if len(words) == 1 and m.type != "LOC" and self.lexicon.freq(words[0]) >= COMMON_WORD_FREQ \
                and words[0] not in self.gazetteer.token_types:
            return False
        return True

    def __call__(self, doc: Document) -> Document:
        doc.entities.extend(self.mentions(doc))
        return doc


def spans_from_tags(text: str, toks: list[Token], tags: list[str]) -> list[Mention]:
    """Mentions from BIO tags; a leading conjunction/preposition clitic is left out of the span."""
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        tag = tags[i]
        if tag == "O" or "-" not in tag:
            i += 1
            continue
        typ = tag.split("-", 1)[1]
        j = i + 1
        while j < len(toks) and tags[j] == f"I-{typ}":
            j += 1
        if typ in OUTPUT_TYPES:
            start = strip_proclitics(toks[i])
            end = toks[j - 1].end
            if end > start:
                out.append(Mention(text[start:end], OUTPUT_TYPES[typ], start, end))
        i = j
    return out


def strip_proclitics(tok: Token) -> int:
    """Start of a name inside its first token: after و ف ب ل ك, but keeping the article ال."""
    start = tok.start
    morphs = tok.morphs
    for k, m in enumerate(morphs):
        elided_article = k + 1 < len(morphs) and morphs[k + 1].tag == "DET" and morphs[k + 1].text.startswith("ل")
        if m.role == "proclitic" and m.tag in ("CONJ", "PREP") and not elided_article:
            start = m.end
        else:
            break
    return start
