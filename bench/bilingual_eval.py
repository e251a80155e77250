#!/usr/bin/env python3
"""How precise and complete `corpus search` is on a bilingual database: Dân Trí (Vietnamese),
BBC and Reuters-21578 (English) in one file.

    bench/bilingual_eval.py [--corpus build/corpus] [--db /tmp/bilingual_eval.db]
                            [--data ../shared/data] [--quick] [--json]

The database is reused when it exists, else made with `corpus ingest` of the three files (about
20 s on 2 cores; the whole run takes about a minute, --quick about 20 s). A database made by another build of corpus may need `corpus reindex` (or a
fresh --db) before its answers mean anything.

Every judgement is this script's own reading of the article text, taken from the database's
`articles` table (title, lead and body), never corpus's matching; corpus only supplies the hits.
Words are runs of letters and digits of the NFC text (`children's` holds `children`); a phrase is
words in sequence within one paragraph (paragraphs are separated by blank lines; a single newline
is a line wrap), whatever punctuation stands between them.

Sections:
  1. English inflection. Each query word has its reference set of inflections written out below
     (INFLECTIONS): regular and irregular forms of the same word, never derived words (`organ`
     is not `organization`, `busy` not `business`, `university` not `universe`, `elections` not
     `elected`). Reported: hits, hits in Vietnamese articles, hits holding none of the set
     (whole words, case-insensitive, marks as written: Vietnamese `côn` is not `con`), English
     articles holding one that were not found, and the same for the word quoted, whose hits
     should hold the word itself. `matched as` is what corpus highlighted in the flagged hits
     (an explanation, not a judgement).
  1b. The same words inside operators, where an English inflection must hold too and still
     only in English articles: `w OR qzxjvw` (a word found nowhere) judged as in 1; `title:w` by
     the title alone; `said NOT w` must leave out every English article holding one of the
     inflections, and `của NOT w` only the Vietnamese articles that hold the word as typed
     (folded: marks and đ), never one that holds only a Vietnamese look-alike of an inflection
     (`ban` for `banned`).
  2. Acronyms (US, WHO, UN, EU): hits holding the capitalised form (`US`, or `U.S.`), hits holding
     the word only otherwise cased (`us`, `Un`), hits holding neither (found through a name), and
     articles holding the capitalised form that were not found.
  3. Vietnamese names, unaccented and accented: the count unquoted and quoted, and the hits
     that do not hold the syllables together in the folded text (marks and đ folded, case too).
     Quoted hits are also checked by the query's own rule: an unaccented query by the folded
     text, an accented one by its marks, every word of it (`Việt Nam` is not `Việt năm`).
  4. Countries across languages: each name's hits, the Jaccard overlap of the English names'
     and the Vietnamese names' hits, and how many of the articles in which the `mentions` table
     has the country each name finds.
  5. Alias-only hits: hits that the JSON field `matched` says were found only through an alias;
     how many do not hold that alias as written (case-insensitive, with its marks, NFC; old- and
     new-style tone placement, `hòa`/`hoà`, are one spelling; `Trung Hòa` is not `Trung Hoa`).
     Besides the issue's four queries, `"Liên minh châu Âu"` and `"Thỏa thuận Paris"`.

--json prints one JSON document: every count of the tables, with up to 20 example ids where a
table shows 3. Exit 1 when a search failed (or a field list was refused and ids alone asked for).

Decisions on the reference sets (INFLECTIONS):
  - `better`: the comparative is its own word here, with the verb `to better` (betters,
    bettered, bettering); `good`, `well` and `best` are not held to be forms of it: they are other
    degrees of two other words, and would make nearly every article a miss.
  - `longing`: longing, longings, longed, longs (the verb `to long`); bare `long` is left out,
    since it is nearly always the adjective, which is another word.
  - `cons`: con, cons, conned, conning. `con` is also a Vietnamese word: Vietnamese articles
    holding `con` as written count as holding it, so they show in the Vietnamese-hits column only.
  - `markets`, `rates`, `trade`: the verbs' -ing forms (marketing, rating, trading) count; nouns
    derived from them (ratings, traders) do not.
  - `busy`: busier and busiest are inflections of the adjective; business is not.
  - `said`, `went`, `children`: the whole paradigm of say, go, child.
"""
import argparse
import collections
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FILES = ["dantri_unc_2653.jsonl.gz", "bbc_2223.jsonl.gz", "reuters21578.jsonl.gz"]

# Query word -> its inflections (see the docstring for the choices).
INFLECTIONS = {
    "banned": ["ban", "bans", "banned", "banning"],
    "longing": ["longing", "longings", "longed", "longs"],
    "cons": ["con", "cons", "conned", "conning"],
    "organ": ["organ", "organs"],
    "busy": ["busy", "busier", "busiest", "busies", "busied", "busying"],
    "university": ["university", "universities"],
    "news": ["news"],
    "agreements": ["agreement", "agreements"],
    "talks": ["talk", "talks", "talked", "talking"],
    "talked": ["talk", "talks", "talked", "talking"],
    "companies": ["company", "companies"],
    "trade": ["trade", "trades", "traded", "trading"],
    "elections": ["election", "elections"],
    "minister": ["minister", "ministers"],
    "said": ["say", "says", "said", "saying"],
    "children": ["child", "children"],
    "went": ["go", "goes", "went", "gone", "going"],
    "better": ["better", "betters", "bettered", "bettering"],
    "markets": ["market", "markets", "marketed", "marketing"],
    "rates": ["rate", "rates", "rated", "rating"],
}
QUICK_WORDS = ["banned", "longing", "cons", "organ", "busy", "university", "talked", "went"]

# Acronym -> its capitalised forms (a dotted form is matched as written, with its dots).
ACRONYMS = {"US": ["US", "U.S."], "WHO": ["WHO"], "UN": ["UN", "U.N."], "EU": ["EU"]}
QUICK_ACRONYMS = ["US", "WHO"]

# Names, unaccented then accented.
NAMES = [("nguyen phu trong", "Nguyễn Phú Trọng"), ("ha noi", "Hà Nội"), ("nam phi", "Nam Phi"),
         ("viet nam", "Việt Nam"), ("thu tuong", "Thủ tướng"), ("trung quoc", "Trung Quốc"),
         ("hoa ky", "Hoa Kỳ"), ("ho chi minh", "Hồ Chí Minh"), ("da nang", "Đà Nẵng")]
QUICK_NAMES = 3

# Country: ISO code, English names, Vietnamese names.
COUNTRIES = [
    ("United States", "US", ["United States"], ["Hoa Kỳ", "Mỹ"]),
    ("China", "CN", ["China"], ["Trung Quốc"]),
    ("United Kingdom", "GB", ["Britain", "United Kingdom"], ["Anh"]),
    ("Japan", "JP", ["Japan"], ["Nhật Bản"]),
    ("Russia", "RU", ["Russia"], ["Nga"]),
    ("France", "FR", ["France"], ["Pháp"]),
    ("Germany", "DE", ["Germany"], ["Đức"]),
    ("South Africa", "ZA", ["South Africa"], ["Nam Phi"]),
    ("Australia", "AU", ["Australia"], ["Úc"]),
    ("India", "IN", ["India"], ["Ấn Độ"]),
    ("South Korea", "KR", ["South Korea"], ["Hàn Quốc"]),
    ("Vietnam", "VN", ["Vietnam"], ["Việt Nam"]),
]
QUICK_COUNTRIES = 4

ALIAS_QUERIES = ['"Trung Quốc"', '"Liên hợp quốc"', "South Africa", "Hanoi Convention", '"Liên minh châu Âu"',
                 '"Thỏa thuận Paris"']
QUICK_ALIAS_QUERIES = 2

EXAMPLES = 3  # example ids per table row (the JSON output has up to 20)

WORD = re.compile(r"[^\W_]+")
# Nonspacing marks: the common block by a regular expression (fast), any other by a table.
COMMON_MARKS = re.compile("[\u0300-\u036f]+")
MARKS = dict.fromkeys(c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Mn")
# Old- and new-style tone placement on the open syllables oa, oe, uy: one spelling.
STYLE = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "òe": "oè", "óe": "oé", "ỏe": "oẻ",
         "õe": "oẽ", "ọe": "oẹ", "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ"}
STYLE_AT_END = re.compile("(" + "|".join(STYLE) + r")(?![^\W_])")


def nfc(s):
    return unicodedata.normalize("NFC", s or "")


def fold(s):
    """Marks, đ and case folded away: `Đà Nẵng` -> `da nang`."""
    s = unicodedata.normalize("NFD", (s or "").casefold()).replace("đ", "d").replace("ð", "d")
    s = COMMON_MARKS.sub("", s)
    return s if s.isascii() else s.translate(MARKS)


def canon(s):
    """NFC, case-folded, tone placement new-style: how a spelling `as written` is compared."""
    return STYLE_AT_END.sub(lambda m: STYLE[m.group(1)], nfc(s).casefold())


PARAGRAPH = re.compile(r"\n[^\S\n]*\n\s*")  # a blank line: single newlines are line wraps (Reuters)
NON_WORD = re.compile(r"[\W_]+")


def phrase_text(parts, norm):
    """The article's words as `norm` makes them, a space between words and a newline between
    paragraphs (blank lines) and fields, with a newline at both ends: a phrase is ` a b ` inside it."""
    lines = []
    for part in parts:
        for para in PARAGRAPH.split(norm(part or "")):
            words = NON_WORD.sub(" ", para).strip()
            if words:
                lines.append(words)
    return "\n" + "\n".join(lines) + "\n"


def holds_phrase(text, words):
    """Whether `text` (from phrase_text) holds the word sequence `words`."""
    p = " ".join(words)
    if p not in text:
        return False
    return re.search(r"[ \n]" + re.escape(p) + r"[ \n]", text) is not None


# --- the database ------------------------------------------------------------------------------

def ensure_db(corpus, db, data, say):
    if os.path.exists(db):
        say(f"reusing {db}")
        return 0.0
    paths = [os.path.join(data, f) for f in FILES]
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        sys.exit(f"bilingual_eval: no {', '.join(missing)} (--data DIR)")
    tmp = db + ".building"
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(tmp + suffix):
            os.remove(tmp + suffix)
    say(f"building {db} from {', '.join(FILES)} ...")
    t = time.monotonic()
    # Exit 1 means some records were rejected (the good ones go in); 2 is a failure.
    r = subprocess.run([corpus, "--db", tmp, "ingest", "-q", *paths], capture_output=True, text=True)
    if r.returncode not in (0, 1) or not os.path.exists(tmp):
        sys.exit(f"bilingual_eval: ingest failed (exit {r.returncode}): {r.stderr.strip()[-2000:]}")
    for suffix in ("-wal", "-shm", ""):  # the main file last: it is what marks the cache as made
        if os.path.exists(tmp + suffix):
            os.replace(tmp + suffix, db + suffix)
    return time.monotonic() - t


class Article:
    __slots__ = ("uid", "lang", "title", "lead", "body", "ci", "cs", "_folded", "_canon")

    def __init__(self, uid, lang, title, lead, body):
        self.uid, self.lang = uid, lang or ""
        self.title, self.lead, self.body = nfc(title), nfc(lead), nfc(body)
        self.ci = self.cs = frozenset()
        self._folded = self._canon = None

    def parts(self):
        return (self.title, self.lead, self.body)

    def text(self):
        return "\n".join(self.parts())

    def folded(self):
        if self._folded is None:
            self._folded = phrase_text(self.parts(), fold)
        return self._folded

    def canon(self):
        if self._canon is None:
            self._canon = phrase_text(self.parts(), canon)
        return self._canon


def load_articles(db, ci_words, cs_words):
    """Every article, with the words of `ci_words` it holds (case-folded) and those of
    `cs_words` it holds as written (case and all; dotted forms too)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    have = {row[1] for row in con.execute("PRAGMA table_info(articles)")}
    cols = [c if c in have else "''" for c in ("uid", "lang", "title", "lead", "body")]
    dotted = [w for w in cs_words if "." in w]
    dotted_re = {w: re.compile(r"(?<![^\W_])" + re.escape(w)) for w in dotted}
    arts = {}
    for uid, lang, title, lead, body in con.execute(f"SELECT {', '.join(cols)} FROM articles"):
        if uid is None:
            continue
        a = Article(uid, lang, title, lead, body)
        text = a.text()
        ws = set(WORD.findall(text))
        a.cs = frozenset((ws & cs_words) | {w for w in dotted if dotted_re[w].search(text)})
        a.ci = frozenset({w.casefold() for w in ws} & ci_words)
        arts[uid] = a
    entity_articles = {}
    try:
        uid_of = dict(con.execute("SELECT id, uid FROM articles"))
        ecols = {row[1] for row in con.execute("PRAGMA table_info(entities)")}
        where = " AND e.type = 'country'" if "type" in ecols else ""
        for code, aid in con.execute("SELECT DISTINCT e.code, m.article_id FROM mentions m"
                                     f" JOIN entities e ON e.id = m.entity_id WHERE e.code IS NOT NULL{where}"):
            if aid in uid_of and code:
                entity_articles.setdefault(code.upper(), set()).add(uid_of[aid])
    except sqlite3.Error:
        pass  # no entity tables: section 4 reports none
    con.close()
    return arts, entity_articles


# --- corpus ------------------------------------------------------------------------------------

class Corpus:
    def __init__(self, binary, db):
        self.binary, self.db = binary, db
        self.calls, self.errors = 0, []

    def _run(self, query, options, quiet=False):
        args = [self.binary, "--db", self.db, "search", *options]
        args += ["--", query] if query.startswith("-") else [query]
        self.calls += 1
        r = subprocess.run(args, capture_output=True, text=True)
        failed = r.returncode not in (0, 1)  # 1: nothing matched
        if failed and not quiet:
            self.errors.append(f"{query} {' '.join(options)}: exit {r.returncode}: {r.stderr.strip()[:300]}")
        return failed, r.stdout

    def count(self, query):
        out = self._run(query, ["--count"])[1].strip().splitlines()
        try:
            return int(out[-1]) if out else 0
        except ValueError:
            return None

    def hits(self, query, fields="id,lang"):
        """The hits, in order, as dicts (lines that are not JSON objects are skipped). A binary
        that refuses one of the fields is asked again for the ids alone."""
        options = ["--json", "--fields", fields, "--limit", "100000"]
        failed, out = self._run(query, options, quiet=fields != "id")
        if failed and fields != "id":
            failed, out = self._run(query, ["--json", "--fields", "id", "--limit", "100000"])
            if not failed:
                self.errors.append(f"{query}: --fields {fields} refused; asked for id alone")
        hits = []
        for line in out.splitlines():
            try:
                h = json.loads(line)
            except ValueError:
                continue
            if isinstance(h, dict) and (h.get("id") or h.get("uid")):
                h["id"] = str(h.get("id") or h.get("uid"))
                hits.append(h)
        return hits


def highlighted(h):
    """The words corpus highlighted in a hit's snippet (case-folded)."""
    snippet, ranges = h.get("snippet"), h.get("highlights")
    if not isinstance(snippet, str) or not isinstance(ranges, list):
        return []
    raw, out = snippet.encode("utf-8"), []
    for r in ranges:
        try:
            b, e = int(r[0]), int(r[1])
        except (TypeError, ValueError, IndexError):
            continue
        w = raw[b:e].decode("utf-8", "replace").strip().casefold()
        if w:
            out.append(w)
    return out


def top(counter, n=3):
    return ", ".join(f"{w} {c}" for w, c in counter.most_common(n))


def matched_names(h):
    m = h.get("matched")
    if isinstance(m, str):
        m = [m]
    return [x for x in m if isinstance(x, str)] if isinstance(m, list) else []


def typed_form(s):
    return " ".join(WORD.findall(canon(s)))


def split_matched(h, query):
    """(found by the query as typed, the aliases that found it). No `matched` field: as typed."""
    names = matched_names(h)
    if not names:
        return True, []
    q = typed_form(query)
    typed = [n for n in names if n == query or typed_form(n) == q]
    return bool(typed), [n for n in names if n not in typed]


# --- sections ----------------------------------------------------------------------------------

def mention_forms(db, code, uids):
    """How the articles `uids` write the country `code`, as its mention spans in the `mentions`
    table give it (byte offsets into the stored title, lead or body), most frequent first."""
    forms = collections.Counter()
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        ecols = {row[1] for row in con.execute("PRAGMA table_info(entities)")}
        where = " AND e.type = 'country'" if "type" in ecols else ""
        rows = con.execute("SELECT a.uid, a.title, a.lead, a.body, m.spans FROM mentions m"
                           " JOIN entities e ON e.id = m.entity_id JOIN articles a ON a.id = m.article_id"
                           f" WHERE upper(e.code) = ?{where}", (code,))
        for uid, title, lead, body, spans in rows:
            if uid not in uids:
                continue
            fields = [(x or "").encode("utf-8") for x in (title, lead, body)]
            for span in (spans or "").split(";"):
                parts = span.split()
                try:
                    f, b, e = int(parts[0]), int(parts[1]), int(parts[2])
                    forms[nfc(fields[f][b:e].decode("utf-8", "replace"))] += 1
                except (ValueError, IndexError):
                    continue
        con.close()
    except sqlite3.Error:
        pass
    return forms


class Eval:
    def __init__(self, corpus, arts, entity_articles, db):
        self.c, self.arts, self.entity_articles, self.db = corpus, arts, entity_articles, db
        self.en = [a for a in arts.values() if a.lang == "en"]

    def lang(self, h):
        a = self.arts.get(h["id"])
        return a.lang if a else (h.get("lang") or "?")

    def inflection(self, words):
        rows, quoted = [], []
        for w in words:
            forms = set(INFLECTIONS[w])
            n = self.c.count(w)
            hits = self.c.hits(w, "id,lang,snippet,highlights")
            ids = {h["id"] for h in hits}
            vi = sum(1 for h in hits if self.lang(h) == "vi")
            none, none_vi, unknown, seen_as = [], 0, 0, collections.Counter()
            for h in hits:
                a = self.arts.get(h["id"])
                if a is None:
                    unknown += 1
                elif not (a.ci & forms):
                    none.append(h["id"])
                    none_vi += a.lang == "vi"
                    seen_as.update(set(highlighted(h)))
            missed = [a.uid for a in self.en if a.ci & forms and a.uid not in ids]
            rows.append({"word": w, "forms": sorted(forms), "count": n, "hits": len(hits), "hits_vi": vi,
                         "holding_none": len(none), "holding_none_vi": none_vi, "unknown_ids": unknown,
                         "missed_en": len(missed), "matched_as": top(seen_as),
                         "examples_none": none[:20], "examples_missed": missed[:20]})
            # Quoted: the word itself, nothing else, in any language.
            q = f'"{w}"'
            qn = self.c.count(q)
            qhits = self.c.hits(q, "id,lang,snippet,highlights")
            qids = {h["id"] for h in qhits}
            wrong, seen_as = [], collections.Counter()
            for h in qhits:
                a = self.arts.get(h["id"])
                if a is not None and w not in a.ci:
                    wrong.append(h["id"])
                    seen_as.update(set(highlighted(h)))
            qmissed = [a.uid for a in self.arts.values() if w in a.ci and a.uid not in qids]
            quoted.append({"query": q, "count": qn, "hits": len(qhits),
                           "hits_vi": sum(1 for h in qhits if self.lang(h) == "vi"),
                           "not_holding_word": len(wrong), "missed": len(qmissed), "matched_as": top(seen_as),
                           "examples_wrong": wrong[:20], "examples_missed": qmissed[:20]})
        return {"unquoted": rows, "quoted": quoted}

    def operators(self, words):
        """The words inside operators: `w OR <nothing>` must find what `w` finds; `title:w` the
        articles whose title holds an inflection, English ones for an inflection that is not the
        word; `said NOT w` must leave out every English article holding an inflection of w, and
        `của NOT w` only the Vietnamese articles that hold the word as typed (folded)."""
        rows = []
        vi_cua = [a for a in self.arts.values() if a.lang == "vi" and "của" in a.ci]
        vi_folded = {a.uid: {fold(x) for x in WORD.findall(a.text().casefold())} for a in vi_cua}
        ids = lambda q: {h["id"] for h in self.c.hits(q, "id")}
        known = lambda us: [u for u in us if u in self.arts]
        title_words = lambda a: {x.casefold() for x in WORD.findall(a.title)}
        for w in words:
            forms = set(INFLECTIONS[w])
            hits = known(ids(f"{w} OR qzxjvw"))
            none = [u for u in hits if not (self.arts[u].ci & forms)]
            missed = [a.uid for a in self.en if a.ci & forms and a.uid not in hits]
            thits = known(ids(f"title:{w}"))
            tnone = [u for u in thits if not (title_words(self.arts[u]) & forms)
                     and (self.arts[u].lang == "en" or w not in title_words(self.arts[u]))]
            tmissed = [a.uid for a in self.en if title_words(a) & forms and a.uid not in thits]
            ex = known(ids(f"said NOT {w}"))
            leak = [u for u in ex if self.arts[u].lang == "en" and self.arts[u].ci & forms]
            vhits = set(known(ids(f"của NOT {w}")))
            dropped = [a.uid for a in vi_cua if w not in vi_folded[a.uid] and a.uid not in vhits]
            kept_typed = [u for u in vhits if self.arts[u].lang == "vi" and w in vi_folded.get(u, ())]
            rows.append({"word": w, "or_hits": len(hits), "or_holding_none": len(none),
                         "or_holding_none_vi": sum(self.arts[u].lang == "vi" for u in none),
                         "or_missed_en": len(missed), "title_hits": len(thits), "title_holding_none": len(tnone),
                         "title_missed_en": len(tmissed), "not_hits": len(ex), "not_en_holding_inflection": len(leak),
                         "not_vi_dropped": len(dropped), "not_vi_kept_typed": len(kept_typed),
                         "examples": (none + tnone + tmissed + leak + dropped)[:20]})
        return rows

    def acronyms(self, words):
        rows = []
        for w in words:
            caps = set(ACRONYMS[w])
            n = self.c.count(w)
            hits = self.c.hits(w, "id,lang,matched")
            ids = {h["id"] for h in hits}
            cap = lower = neither = neither_alias = caps_title = alias_only = 0
            ex_lower, ex_neither, ex_title = [], [], []
            for h in hits:
                typed, aliases = split_matched(h, w)
                by_alias = not typed and bool(aliases)
                alias_only += by_alias
                a = self.arts.get(h["id"])
                if a is None:
                    continue
                if a.cs & caps:
                    cap += 1
                    # Held only in a headline written in capitals (Reuters): `WHO` may be the pronoun.
                    rest = "\n".join((a.lead, a.body))
                    in_rest = any(re.search(r"(?<![^\W_])" + re.escape(f) + r"(?![^\W_])", rest) for f in caps)
                    if not in_rest and a.title.upper() == a.title:
                        caps_title += 1
                        ex_title.append(a.uid)
                elif w.casefold() in a.ci:
                    lower += 1
                    ex_lower.append(a.uid)
                else:
                    neither += 1
                    neither_alias += by_alias
                    ex_neither.append(a.uid)
            missed = [a.uid for a in self.arts.values() if a.cs & caps and a.uid not in ids]
            rows.append({"query": w, "capitalised_forms": sorted(caps), "count": n, "hits": len(hits),
                         "hits_vi": sum(1 for h in hits if self.lang(h) == "vi"), "capitalised": cap,
                         "capitalised_only_in_caps_title": caps_title, "lowercase_only": lower,
                         "neither": neither, "neither_alias_only": neither_alias, "alias_only": alias_only, "missed_capitalised": len(missed),
                         "examples_lowercase_only": ex_lower[:20], "examples_neither": ex_neither[:20],
                         "examples_caps_title": ex_title[:20], "examples_missed": missed[:20]})
        return rows

    def names(self, pairs):
        rows = []
        for pair in pairs:
            for q in pair:
                qw = WORD.findall(nfc(q))
                accented = fold(q) != q.casefold()
                folded_words = [fold(x) for x in qw]
                exact_words = [canon(x) for x in qw]
                # The query's own rule: unaccented matches any marks, accented its own marks.
                def as_typed(a):
                    return (holds_phrase(a.canon(), exact_words) if accented
                            else holds_phrase(a.folded(), folded_words))
                n, nq = self.c.count(q), self.c.count(f'"{q}"')
                hits = self.c.hits(q, "id,lang,matched")
                apart, apart_alias = [], 0
                for h in hits:
                    a = self.arts.get(h["id"])
                    if a is not None and not holds_phrase(a.folded(), folded_words):
                        apart.append(a.uid)
                        typed, aliases = split_matched(h, q)
                        apart_alias += not typed and bool(aliases)
                qhits = self.c.hits(f'"{q}"', "id,lang,matched")
                qids = {h["id"] for h in qhits}
                qwrong, qwrong_alias = [], []  # found as typed (so it says), found through a name
                for h in qhits:
                    if h["id"] in self.arts and not as_typed(self.arts[h["id"]]):
                        typed, aliases = split_matched(h, f'"{q}"')
                        (qwrong_alias if not typed and aliases else qwrong).append(h["id"])
                qwrong, qwrong_alias = qwrong + qwrong_alias, len(qwrong_alias)
                truth = [a.uid for a in self.arts.values() if as_typed(a)]
                qmissed = [u for u in truth if u not in qids]
                rows.append({"query": q, "accented": accented, "count": n, "hits": len(hits), "count_quoted": nq,
                             "hits_quoted": len(qhits), "apart": len(apart), "apart_alias_only": apart_alias,
                             "quoted_not_as_typed": len(qwrong),
                             "quoted_not_as_typed_alias_only": qwrong_alias, "holding_as_typed": len(truth),
                             "quoted_missed": len(qmissed), "examples_apart": apart[:20],
                             "examples_quoted_wrong": qwrong[:20], "examples_quoted_missed": qmissed[:20]})
        return rows

    def countries(self, countries):
        names, summary = [], []
        for label, code, en_names, vi_names in countries:
            ent = self.entity_articles.get(code, set())
            sets = {}
            for lang, group in (("en", en_names), ("vi", vi_names)):
                for q in group:
                    ids = {h["id"] for h in self.c.hits(q, "id")}
                    sets[q] = ids
                    names.append({"country": label, "code": code, "name": q, "name_lang": lang, "hits": len(ids),
                                  "hits_en": sum(1 for i in ids if i in self.arts and self.arts[i].lang == "en"),
                                  "hits_vi": sum(1 for i in ids if i in self.arts and self.arts[i].lang == "vi"),
                                  "entity_articles": len(ent), "entity_covered": len(ids & ent),
                                  "outside_entity": len(ids - ent),
                                  "uncovered_forms": top(mention_forms(self.db, code, ent - ids))})
            en = set().union(*(sets[q] for q in en_names))
            vi = set().union(*(sets[q] for q in vi_names))
            union = en | vi
            summary.append({"country": label, "code": code, "en_names": en_names, "vi_names": vi_names,
                            "hits_en_names": len(en), "hits_vi_names": len(vi), "both": len(en & vi),
                            "jaccard": round(len(en & vi) / len(union), 3) if union else None,
                            "entity_articles": len(ent), "covered_en_names": len(en & ent),
                            "covered_vi_names": len(vi & ent), "covered_all": len(union & ent),
                            "entity_missed_examples": sorted(ent - union)[:20],
                            "uncovered_forms": top(mention_forms(self.db, code, ent - union))})
        return {"names": names, "summary": summary}

    def aliases(self, queries):
        rows, per_alias = [], []
        for q in queries:
            hits = self.c.hits(q, "id,lang,matched")
            typed_n, alias_only, lacking = 0, [], []
            by_alias = collections.defaultdict(lambda: [0, []])
            for h in hits:
                typed, aliases = split_matched(h, q)
                typed_n += typed
                if typed or not aliases:
                    continue
                alias_only.append(h["id"])
                a = self.arts.get(h["id"])
                if a is None:
                    continue
                held = []
                for al in aliases:
                    ok = holds_phrase(a.canon(), WORD.findall(canon(al)))
                    held.append(ok)
                    by_alias[al][0] += 1
                    if not ok:
                        by_alias[al][1].append(a.uid)
                if not any(held):
                    lacking.append(a.uid)
            rows.append({"query": q, "hits": len(hits), "with_matched": sum(1 for h in hits if matched_names(h)),
                         "typed": typed_n, "alias_only": len(alias_only), "alias_only_lacking_alias": len(lacking),
                         "examples_lacking": lacking[:20]})
            for al, (n, bad) in sorted(by_alias.items(), key=lambda kv: -kv[1][0]):
                per_alias.append({"query": q, "alias": al, "alias_only_hits": n, "lacking": len(bad),
                                  "examples_lacking": bad[:20]})
        return {"queries": rows, "per_alias": per_alias}


# --- output ------------------------------------------------------------------------------------

def table(headers, rows):
    def cell(v):
        if isinstance(v, bool):
            return "yes" if v else "no"
        if isinstance(v, int):
            return f"{v:,}"
        if isinstance(v, float):
            return f"{v:.3f}"
        if isinstance(v, (list, tuple)):
            return " ".join(str(x) for x in v[:EXAMPLES])
        return "" if v is None else str(v).replace("|", "\\|")
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(cell(v) for v in r) + " |" for r in rows]
    return "\n".join(out)


def markdown(result):
    db, s = result["database"], result["sections"]
    out = [f"# bilingual_eval: {db['path']}", "",
           table(["lang", "articles"], [[k, v] for k, v in sorted(db["articles_by_lang"].items())]
                 + [["all", db["articles"]]]), "",
           table(["step", "seconds"], [[k, f"{v:.1f}"] for k, v in result["seconds"].items()]), ""]
    if "inflection" in s:
        out += ["## 1. English inflection", "",
                "Reference: the word's inflections (whole words, case-insensitive, marks as written); "
                "missed = English articles holding one that were not found.", "",
                table(["query", "inflections", "count", "hits", "in vi", "holding none", "of which vi",
                       "missed (en)", "matched as (holding none)", "e.g. holding none", "e.g. missed"],
                      [[r["word"], " ".join(r["forms"]), r["count"], r["hits"], r["hits_vi"], r["holding_none"],
                        r["holding_none_vi"], r["missed_en"], r["matched_as"], r["examples_none"],
                        r["examples_missed"]] for r in s["inflection"]["unquoted"]]), "",
                "Quoted: the hits should hold the word itself; missed = articles (any language) holding it "
                "that were not found.", "",
                table(["query", "count", "hits", "in vi", "not holding the word", "missed", "matched as",
                       "e.g. not holding", "e.g. missed"],
                      [[r["query"], r["count"], r["hits"], r["hits_vi"], r["not_holding_word"], r["missed"],
                        r["matched_as"], r["examples_wrong"], r["examples_missed"]]
                       for r in s["inflection"]["quoted"]]), ""]
    if "operators" in s:
        out += ["### 1b. The same words inside operators", "",
                "`w OR qzxjvw` (a word found nowhere): hits holding none of the inflections, of which "
                "Vietnamese, English articles holding one missed; `title:w`: hits whose title holds none "
                "(in English; in Vietnamese, not the word as typed), English titles holding one missed; "
                "`said NOT w`: English hits holding an inflection (left in); `của NOT w`: Vietnamese "
                "articles with `của` and without the word as typed, folded, that were left out, and "
                "those holding it that were kept.", "",
                table(["word", "OR hits", "holding none", "of which vi", "missed (en)", "title: hits",
                       "holding none", "missed (en)", "said NOT w", "en holding an inflection",
                       "của NOT w: vi left out", "vi kept holding w", "e.g."],
                      [[r["word"], r["or_hits"], r["or_holding_none"], r["or_holding_none_vi"],
                        r["or_missed_en"], r["title_hits"], r["title_holding_none"], r["title_missed_en"],
                        r["not_hits"], r["not_en_holding_inflection"], r["not_vi_dropped"],
                        r["not_vi_kept_typed"], r["examples"]] for r in s["operators"]]), ""]
    if "acronyms" in s:
        out += ["## 2. Acronyms", "",
                "capitalised = holds a capitalised form as written (of which caps title only: only in an "
                "all-capitals headline); other case only = holds the word only otherwise cased (`us`, `Un`); "
                "neither = holds no form of it (of which alias only: found only through a name); alias only "
                "(all) = hits `matched` says a name alone found; missed = articles holding a capitalised form "
                "that were not found.", "",
                table(["query", "forms", "count", "hits", "in vi", "capitalised", "caps title only",
                       "other case only", "neither", "of which alias only", "alias only (all)", "missed",
                       "e.g. other case only", "e.g. neither", "e.g. missed"],
                      [[r["query"], " ".join(r["capitalised_forms"]), r["count"], r["hits"], r["hits_vi"],
                        r["capitalised"], r["capitalised_only_in_caps_title"], r["lowercase_only"], r["neither"],
                        r["neither_alias_only"], r["alias_only"], r["missed_capitalised"],
                        r["examples_lowercase_only"], r["examples_neither"], r["examples_missed"]]
                       for r in s["acronyms"]]), ""]
    if "names" in s:
        out += ["## 3. Vietnamese names", "",
                "apart = unquoted hits not holding the syllables together in the folded text (of which "
                "alias only: found only through another name); quoted checks use the query's own rule "
                "(unaccented: folded; accented: its marks, case-insensitive).", "",
                table(["query", "count", "quoted", "apart", "of which alias only", "quoted not as typed",
                       "of which alias only", "articles holding it", "quoted missed", "e.g. apart",
                       "e.g. quoted not as typed", "e.g. quoted missed"],
                      [[r["query"], r["count"], r["count_quoted"], r["apart"], r["apart_alias_only"],
                        r["quoted_not_as_typed"], r["quoted_not_as_typed_alias_only"], r["holding_as_typed"],
                        r["quoted_missed"], r["examples_apart"], r["examples_quoted_wrong"],
                        r["examples_quoted_missed"]] for r in s["names"]]), ""]
    if "countries" in s:
        c = s["countries"]
        out += ["## 4. Countries across languages", "",
                "entity articles = articles where the mentions table has the country (entities.code); "
                "covered = of those, found by the name; forms = how the entity articles not found write "
                "the country (mention spans, mentions counted).", "",
                table(["country", "code", "name", "hits", "en", "vi", "entity articles", "covered",
                       "outside entity articles", "forms where not covered"],
                      [[r["country"], r["code"], r["name"], r["hits"], r["hits_en"], r["hits_vi"],
                        r["entity_articles"], r["entity_covered"], r["outside_entity"], r["uncovered_forms"]]
                       for r in c["names"]]), "",
                "Jaccard: of the hits of the English names (together) and those of the Vietnamese names.", "",
                table(["country", "English names' hits", "Vietnamese names' hits", "both", "Jaccard",
                       "entity articles", "covered by en names", "by vi names", "by all", "forms where not covered",
                       "e.g. not covered"],
                      [[r["country"], r["hits_en_names"], r["hits_vi_names"], r["both"], r["jaccard"],
                        r["entity_articles"], r["covered_en_names"], r["covered_vi_names"], r["covered_all"],
                        r["uncovered_forms"], r["entity_missed_examples"]] for r in c["summary"]]), ""]
    if "aliases" in s:
        a = s["aliases"]
        out += ["## 5. Alias-only hits", "",
                "alias only = `matched` lists aliases but not the query as typed; lacking = holds none of "
                "those aliases as written (case-insensitive, marks kept, NFC, tone placement either style).", "",
                table(["query", "hits", "with matched", "as typed", "alias only", "lacking the alias",
                       "e.g. lacking"],
                      [[r["query"], r["hits"], r["with_matched"], r["typed"], r["alias_only"],
                        r["alias_only_lacking_alias"], r["examples_lacking"]] for r in a["queries"]]), "",
                table(["query", "alias", "alias-only hits", "lacking it", "e.g. lacking"],
                      [[r["query"], r["alias"], r["alias_only_hits"], r["lacking"], r["examples_lacking"]]
                       for r in a["per_alias"]]), ""]
    if result["errors"]:
        out += ["## corpus errors and fallbacks", ""] + [f"- {e}" for e in result["errors"]] + [""]
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=os.path.join(ROOT, "build", "corpus"), help="the binary (build/corpus)")
    ap.add_argument("--db", default="/tmp/bilingual_eval.db",
                    help="the database: reused if it exists, else ingested (/tmp/bilingual_eval.db)")
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"),
                    help="where the three .jsonl.gz files are (../shared/data)")
    ap.add_argument("--json", action="store_true", help="one JSON document on stdout")
    ap.add_argument("--quick", action="store_true", help="fewer queries")
    args = ap.parse_args()
    if not os.access(args.corpus, os.X_OK):
        sys.exit(f"bilingual_eval: no corpus binary at {args.corpus} (--corpus PATH)")
    say = lambda m: print(m, file=sys.stderr, flush=True)

    seconds = {"ingest": ensure_db(args.corpus, args.db, args.data, say)}
    words = QUICK_WORDS if args.quick else list(INFLECTIONS)
    acronyms = QUICK_ACRONYMS if args.quick else list(ACRONYMS)
    t = time.monotonic()
    ci = {f for w in words for f in INFLECTIONS[w]} | set(words) | {a.casefold() for a in acronyms}
    ci |= {"của", "said"}  # the bases of the exclusions (section 1b)
    cs = {f for a in acronyms for f in ACRONYMS[a]}
    arts, entity_articles = load_articles(args.db, ci, cs)
    seconds["read articles"] = time.monotonic() - t
    if not arts:
        sys.exit(f"bilingual_eval: {args.db} holds no articles; remove it to have it made again")
    by_lang = collections.Counter(a.lang for a in arts.values())

    corpus = Corpus(args.corpus, args.db)
    ev = Eval(corpus, arts, entity_articles, args.db)
    sections = {}
    plan = [("inflection", "1. English inflection", lambda: ev.inflection(words)),
            ("operators", "1b. inflection inside operators", lambda: ev.operators(words)),
            ("acronyms", "2. acronyms", lambda: ev.acronyms(acronyms)),
            ("names", "3. Vietnamese names", lambda: ev.names(NAMES[:QUICK_NAMES] if args.quick else NAMES)),
            ("countries", "4. countries",
             lambda: ev.countries(COUNTRIES[:QUICK_COUNTRIES] if args.quick else COUNTRIES)),
            ("aliases", "5. alias-only hits",
             lambda: ev.aliases(ALIAS_QUERIES[:QUICK_ALIAS_QUERIES] if args.quick else ALIAS_QUERIES))]
    for key, label, run in plan:
        say(f"{label} ...")
        t = time.monotonic()
        sections[key] = run()
        seconds[label] = time.monotonic() - t
    seconds["total"] = sum(seconds.values())

    result = {"database": {"path": args.db, "corpus": args.corpus, "articles": len(arts),
                           "articles_by_lang": dict(by_lang)},
              "seconds": {k: round(v, 2) for k, v in seconds.items()}, "searches": corpus.calls,
              "errors": corpus.errors, "sections": sections}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(markdown(result))
    return 1 if corpus.errors else 0


if __name__ == "__main__":
    sys.exit(main())
