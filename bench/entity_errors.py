#!/usr/bin/env python3
"""Counts of known entity-extraction error classes on real data, so that each fix can be
measured before and after it (standard library only).

    bench/entity_errors.py [--corpus BIN] [--data DIR] [--db-vi DB] [--db-en DB] [--keep DIR]
                           [--json FILE] [--orders] [--lists DIR] [--examples N] [--verbose]

Builds two databases (unless given): vi = VietNews test (22,644 articles), en = BBC + Reuters-21578
(`zcat F | corpus --db DB ingest -q --jsonl -`), reads their entity tables with Python's sqlite3
(entities, entity_aliases, mentions with their spans "field start end kind" in bytes into the
title / lead / body, roles) and the article text, and prints one line per count:

    label  vi N/D (share)  en N/D (share)  e.g. examples

A count is of distinct entities unless its label says mentions, roles or articles. Word lists come
from the repository's src/data (titles.tsv; the `surname`, `stop` and `place` classes of
vietnamese_words.tsv); a missing file falls back to a short list written here, and the report
says so. "Word" below means a run of letters, digits, marks, `-` and `'`; names are compared
NFC-normalised.

Counts (the short label printed, then its definition). "Share" is of the denominator printed
after the slash; examples are the most mentioned first.

 1a vi-name-no-surname: officials (country VN or none, 2+ words) whose every word looks Vietnamese
    (Vietnamese letters and marks only, and unmarked one Vietnamese syllable: onset + vowel
    group + final) and whose first word is no `surname` of vietnamese_words.tsv (place names
    such as `Hoà Liên`, `Thanh Sơn` are counted, and so are the Sino-Vietnamese readings of
    Chinese names not marked CN). Share: of the Vietnamese-looking officials.
 1b vi-word-glued-to-foreign: officials with a word that does not look Vietnamese, whose first
    word is a marked Vietnamese word that is no surname (`Điện Kremlin Dmitry Peskov`). Share:
    of the officials with a non-Vietnamese word.
 1c en-one-word-junk: one-word English officials whose word is no one's name, by the first of:
    `initial` (one letter, Jr, Sr); `country` (a word of a country's alias in the index:
    `Kong`); `place` (a word of a Reuters dateline, `WASHINGTON, March 3 -`); `org` (the whole
    of an organisation's alias: `Citibank`); `org word` (a word in 2+ organisation names and in
    more of them than of 2+-word officials' names: `League`, `Boeing`); `word` (a common word:
    a lower-case entry of /usr/share/dict/words or hunspell en_US.dic when one is there, else
    the index's own counts: written lower-case in the lead / body 5+ times and at least as
    often as capitalised away from a sentence start: `Rugby`, `General`). Share: of one-word
    officials.
 1d en-name-with-place-word: English officials of 2+ words with a word that is a one-word
    country alias or a one-word Reuters dateline (`George Shultz China`).
 2a org-starts-with-title: organisations whose name starts with a title or rank of titles.tsv
    and a space (vi: case-insensitive, not `... quán`, embassy; en: titles only, as written).
 2b role-org-is-title (roles): roles whose organisation is the whole title (org == title); share
    of the roles with an organisation.
 3a agr-after-org-head: agreements with a mention right after an organisation head (vi: the
    text before it ends in `Tổ chức`, `Chính phủ`, `Liên minh`, `Ủy ban`, ...) or right before
    one (en: the next word is `Organization`, `Council`, ...), or whose name starts with one.
 3b agr-technical-protocol: agreements whose name has the word Protocol (or Nghị định thư) and
    a technical word (Internet, File, Transfer, IP, ...), or that only BBC `tech` articles
    mention.
 4a agr-runs-into-clause: agreements whose name has, after its head (Hiệp định, Treaty, ...), a
    comma or a verb / function word (vi: được, sắp, đã, sẽ, là, bị, ký, không, làm, ở, ...;
    en: by, is, was, to, signed, ...: VI_CLAUSE, EN_CLAUSE).
 4b agr-stops-short: agreements whose name ends in a connector or preposition (và, về, của,
    với, -, of, and, on, the, ...), or (vi) in the first half of a compound (công, thông, đào,
    thảo, ...), or that stops before a compound's second half as in 5c (shown `+N`).
 5a org-ends-connector: organisations whose name ends in và, &, -, của, về, với, of, and, the,
    for, on, in.
 5b org-ends-cut-abbrev: organisations of 2+ words whose last word is TP, Tp, TX, Q, P, H or T
    (`Công an TP` for `Công an TP.HCM`); `articles`: the articles mentioning one of them.
 5c org-cut-compound: organisations of 2+ words with a lower-case word N that follows (after
    one space) at least a fifth of their mentions and completes their last word L: `L N` is in
    2+ other organisation names and in 30%+ of the names where L is followed by a word, or (L
    capitalised, vi) the text writes N after the name's last two words 10+ times and in 45%+
    of the times a lower-case content word follows them (`Sở Giáo dục và Đào` +tạo, `Uỷ ban
    An` +toàn).
 5d en-org-starts-cut: English organisations whose name starts lower-case (`of Statistics`),
    or half or more of whose mentions (2+) follow one same `X's` (X no country or organisation
    name) or `X and` / `X &` (X capitalised, no Inc/Corp/...): `Investors Service` after
    Moody's, `Loan Association` after Savings and.
 6a en-role-bare-head (roles): English roles whose title is one lower-case word (`chairman`,
    `spokesman`, `minister`).
 6b en-role-with-org (roles): English roles with an organisation.
 6c en-past-roles: articles with a role marked past, of the articles whose lead / body has
    `former` then, within three words, an English title of titles.tsv (case-insensitive); the
    past roles and the `former` articles without one are in the examples and the JSON.
 7a NA-as-assembly (mentions): mentions written `NA` in English articles of an organisation
    named Quốc hội... or National Assembly (`Citibank NA`, `vs NA`).
 7b Fed-Ex-Cup (mentions): mentions written `Fed` followed by `Ex` or `Cup`.
 7c BBC-Treasury-US (mentions): mentions written `Treasury` in BBC articles of an organisation
    whose country is US, where the text before is not `US`, `U.S.`, `American`, `America's`.
 7d ChinhPhu-VN-abroad (mentions): mentions written `Chính phủ` of Vietnam's government (key
    org:vn-gov) in articles that mention no VN country entity, exactly one other country (3+
    times, once in the title or lead), and no Vietnamese province or city of the `place`
    class (nor TP): an approximation of "the government meant is that country's".
 8  roles-wrong-person: (official, article) pairs whose roles name two offices (vi: the longest
    titles.tsv title or rank at the start, `Phó` kept; en: the first word of the longest
    titles.tsv title in it, else its last word), where a role title as written is followed in
    the text, within six words and no `.`, `;` or line break, by a mention of another
    official. Share: of the pairs naming two offices.
 9a famous-text-vs-entity (articles): for each person of PEOPLE, the articles mentioning the
    official whose name is the full name (case-insensitive) that also have the full name in
    the text (NFC, case-insensitive, `-` = space), of the articles with the full name; summed
    over the people, each language apart (the JSON has each person).
 9b famous-splits: people (of those in the text) with 2+ officials that are them: the name, or
    an alias with a name that is a spelling of the full name (`Ronald Regan`), has the key
    word of PEOPLE (the name they go by alone), each word before it a word of the full name
    (or 1-2 edits from one), an initial, a title or country word, each word after it a word
    of the full name, not capitalised, or (vi) a Vietnamese syllable (`Putin Danh Tuyên`).
    The note gives the officials in all.
 9c alias-is-other-person: officials with a one-word alias that is no word of their name (nor
    it with an s) and is the last word of another official of 2+ words sharing no word with
    them (`Reagan` alias `Regan`, whom `Donald Regan` is).
10a country-alias-polluted: countries with an alias of 2+ words that is no known name (known:
    the aliases the country has in both databases, the gazetteer's; its name and name_en),
    not a spelling of one (its letters start one's, `Cam - pu - chia`), and has a word in no
    known name (nor a generic word: republic, kingdom, cộng hoà, ...; nor sharing its first
    four letters with one, American/America); or with a quote, `<`, `>` or unbalanced
    brackets (`Consumer Federation of America`, `U.S. "A`). The note gives the aliases.
10b agr-accord-agreement-dup: groups of agreements whose names differ only by Accord /
    Agreement / Pact (vi: a leading Hiệp định / Thoả thuận) (`Louvre Accord` / `Louvre
    Agreement`).
10c org-and-agreement: names or aliases (case-insensitive) both of an organisation and of an
    agreement (`GATT`).
 O  orders-officials-5+ (with --orders): Dân Trí then VietNews, and VietNews then Dân Trí, each
    ingested into a database: the officials mentioned in 5+ articles in one whose name is no
    such official's in the other (`Putin` against `Vladimir Putin`), of those in either.
"""
import argparse
import collections
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
bigrams = {}   # text_bigrams(), filled by the pass over the Vietnamese articles
REPO = os.path.dirname(HERE)

# Persons for count 9: (full name, key word they are called by alone).
PEOPLE = [
    ("Tony Blair", "Blair"), ("Gordon Brown", "Brown"), ("Michael Howard", "Howard"),
    ("Charles Kennedy", "Kennedy"), ("Jack Straw", "Straw"), ("John Prescott", "Prescott"),
    ("Ronald Reagan", "Reagan"), ("Margaret Thatcher", "Thatcher"), ("George Bush", "Bush"),
    ("Vladimir Putin", "Putin"), ("Donald Trump", "Trump"), ("Barack Obama", "Obama"),
    ("Kim Jong-un", "Jong-un"), ("Moon Jae-in", "Jae"), ("Shinzo Abe", "Abe"),
    ("Angela Merkel", "Merkel"), ("Emmanuel Macron", "Macron"), ("Nguyễn Xuân Phúc", "Xuân Phúc"),
    ("Nguyễn Phú Trọng", "Phú Trọng"), ("Tập Cận Bình", "Cận Bình"), ("Tô Lâm", "Tô Lâm"),
    ("Phạm Minh Chính", "Minh Chính"), ("Donald Regan", "Regan"), ("James Baker", "Baker"),
    ("Nigel Lawson", "Lawson"), ("Paul Volcker", "Volcker"), ("Yasuhiro Nakasone", "Nakasone"),
    ("Rodrigo Duterte", "Duterte"), ("Mike Pompeo", "Pompeo"),
]

FALLBACK_SURNAMES = ("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý "
                     "Lương Tô Trương Đinh Đoàn Lâm Mai Trịnh Đào Cao Hà Tạ Chu Kiều Lưu Quách "
                     "Vương Triệu Tăng Châu Giang Lã Mạc Nghiêm Phùng Quan Thân Tôn Từ").split()

VI_ORG_HEADS = ["Tổ chức", "Chính phủ", "Ủy ban", "Uỷ ban", "Hội đồng", "Ban", "Cơ quan",
                "Văn phòng", "Quỹ", "Liên minh", "Liên đoàn", "Hiệp hội", "Khối", "Bộ", "Viện",
                "Trung tâm", "Hội nghị"]
EN_ORG_HEADS = {"Organization", "Organisation", "Council", "Commission", "Secretariat", "Office",
                "Board", "Fund", "Union", "Alliance", "Forces", "Committee", "Group", "Association"}
AGR_HEADS_VI = ["Nghị định thư", "Bản ghi nhớ", "Tuyên bố chung", "Hiệp định", "Hiệp ước",
                "Công ước", "Thoả thuận", "Thỏa thuận", "Hiến chương", "Hiệp nghị"]
AGR_HEADS_EN = {"Agreement", "Accord", "Pact", "Treaty", "Convention", "Protocol", "Charter",
                "Memorandum", "Arrangement"}
TECH_WORDS = {"internet", "file", "transfer", "transmission", "control", "network", "voice", "ip",
              "iptv", "hypertext", "mail", "session", "wireless", "application", "apple",
              "communication", "communications", "datagram", "routing"}
VI_CLAUSE = {"được", "sắp", "đã", "sẽ", "là", "bị", "đang", "vừa", "ký", "không", "chưa", "phải",
             "làm", "mà", "thì", "nhưng", "nên", "nhằm", "khi", "nếu", "ở", "này", "đó", "cũng",
             "đều", "vẫn", "chỉ", "đem", "bắt", "kéo", "chứng", "cam", "rằng", "hướng", "cách"}
EN_CLAUSE = {"by", "is", "was", "were", "be", "been", "to", "signed", "said", "says", "has",
             "have", "had", "will", "would", "which", "that", "who", "under", "after", "ended"}
VI_CONNECT = {"và", "về", "của", "với", "giữa", "cho", "tại", "trong", "từ", "đến", "theo", "các",
              "những", "-", "&", ",", "ở"}
EN_CONNECT = {"of", "and", "on", "the", "for", "with", "between", "in", "to", "&", "-", "at",
              "by", "a"}
VI_HALF = {"công", "thông", "đào", "thảo", "thực", "tổn", "bảo"}
CUT_ABBREV = {"TP", "Tp", "TX", "Q", "P", "H", "T"}
CORP_SUFFIX = {"inc", "corp", "co", "ltd", "plc", "llc", "sa", "ag", "nv", "bv", "spa"}
ADMIN_WORDS = {"tỉnh", "thành", "huyện", "quận", "xã", "phường", "thị", "thành phố",
               "năm", "ngày", "tháng", "hôm", "sáng", "chiều", "tuần", "quý"}  # and times
ORG_CONNECT = {"và", "&", "-", "của", "về", "với", "of", "and", "the", "for", "on", "in"}
GENERIC_COUNTRY_WORDS = {"republic", "kingdom", "united", "states", "state", "democratic",
                         "people's", "peoples", "people", "socialist", "federal", "islamic",
                         "commonwealth", "of", "the", "and", "cộng", "hoà", "hòa", "xã", "hội",
                         "chủ", "nghĩa", "liên", "bang", "nhân", "dân", "hồi", "giáo", "vương",
                         "quốc", "quần", "đảo", "và", "các", "nước", "s", "a", "u", "k", "saint",
                         "st", "arab", "ả", "rập", "&"}
EN_BARE_LOWER_TITLE = re.compile(r"^[a-z][a-z-]*$")

WORD_RE = re.compile(r"[\w'’-]+", re.UNICODE)


def nfc(s):
    return unicodedata.normalize("NFC", s or "")


def fold(s):
    """Lower case, no marks, đ → d."""
    d = unicodedata.normalize("NFD", s.casefold())
    return "".join(ch for ch in d if not unicodedata.combining(ch)).replace("đ", "d").replace("ð", "d")


def words(s):
    return WORD_RE.findall(nfc(s))


# --- Vietnamese syllables ---------------------------------------------------------------------
_VI_MARKS = {0x300, 0x301, 0x303, 0x309, 0x323, 0x302, 0x306, 0x31B}
_ONSET = "(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnprstvx])?"
_NUCLEI = sorted("a e i o u y ai ao au ay eo eu ia ie iu oa oe oi ua ue ui uo uu uy ye ieu yeu oai "
                 "oay oeo uay uoi uou uya uye uyu uai uao ươi".split(), key=len, reverse=True)
_SYLLABLE = re.compile(_ONSET + "(?:" + "|".join(_NUCLEI) + ")(?:ng|nh|ch|[cmnpt])?")
_VI_ONLY_MARKED = set("ăâđêôơư")


def vi_syllable(word):
    """The word is spelt with Vietnamese letters and marks only and is one syllable."""
    d = unicodedata.normalize("NFD", word.casefold())
    base = []
    for ch in d:
        if unicodedata.combining(ch):
            if ord(ch) not in _VI_MARKS:
                return False
        elif ch == "đ" or "a" <= ch <= "z":
            base.append("d" if ch == "đ" else ch)
        else:
            return False
    return bool(base) and _SYLLABLE.fullmatch("".join(base)) is not None


def vi_marked(word):
    """Has a Vietnamese mark or letter (and is a Vietnamese syllable)."""
    if not vi_syllable(word):
        return False
    d = unicodedata.normalize("NFD", word.casefold())
    return "đ" in d or any(unicodedata.combining(ch) for ch in d)


# --- repository word lists --------------------------------------------------------------------
class Lists:
    def __init__(self, data):
        self.notes = []
        self.surnames, self.stops, self.places = set(), set(), set()
        path = os.path.join(data, "vietnamese_words.tsv")
        if os.path.exists(path):
            for line in open(path, encoding="utf-8"):
                if line.startswith("#") or "\t" not in line:
                    continue
                cls, w = line.rstrip("\n").split("\t")[:2]
                {"surname": self.surnames, "stop": self.stops, "place": self.places}.get(
                    cls, set()).add(nfc(w))
        if not self.surnames:
            self.surnames = set(FALLBACK_SURNAMES)
            self.notes.append("no surname class in src/data/vietnamese_words.tsv: "
                              "used the 40 surnames written in this script")
        self.surnames_cf = {s.casefold() for s in self.surnames}
        self.titles = []  # (kind, lang, phrase)
        path = os.path.join(data, "titles.tsv")
        if os.path.exists(path):
            for line in open(path, encoding="utf-8"):
                if line.startswith("#") or "\t" not in line:
                    continue
                f = line.rstrip("\n").split("\t")
                if len(f) >= 3:
                    self.titles.append((f[0], f[1], nfc(f[2])))
        if not self.titles:
            self.notes.append("no src/data/titles.tsv: used a short title list")
            for p in ("Thủ tướng", "Tổng thống", "Bộ trưởng", "Chủ tịch", "Ngoại trưởng",
                      "Giám đốc", "Thứ trưởng", "Bí thư"):
                self.titles.append(("title", "vi", p))
            for p in ("President", "Prime Minister", "Minister", "Secretary", "Chairman",
                      "Director", "Governor", "Chancellor", "Spokesman"):
                self.titles.append(("title", "en", p))
        self.office_titles = sorted({p for k, l, p in self.titles if k in ("title", "rank")},
                                    key=len, reverse=True)
        self.office_cf = [(p.casefold(), p) for p in self.office_titles]
        self.en_titles = [(p, p) for k, l, p in sorted(self.titles, key=lambda t: -len(t[2]))
                          if k == "title" and l == "en"]
        self.dict_words, self.dict_name = None, None
        for p in ("/usr/share/dict/words", "/usr/share/hunspell/en_US.dic",
                  "/usr/share/myspell/en_US.dic"):
            if os.path.exists(p):
                ws = set()
                for line in open(p, encoding="utf-8", errors="replace"):
                    w = line.split("/")[0].strip()
                    if w and w[0].islower():
                        ws.add(w)
                self.dict_words, self.dict_name = ws, p
                break

    def head_title(self, title, lang):
        """The office a role title names, for telling two offices apart: vi, the longest title
        or rank of titles.tsv at its start (`Phó` kept); en, the first word of the longest
        titles.tsv title found in it (`Defence Secretary` and `Secretary` are one office),
        else its last word. Case-insensitive."""
        t = nfc(title).casefold()
        ws = t.split()
        if lang == "vi":
            for cf, p in self.office_cf:
                if t == cf or t.startswith(cf + " "):
                    return cf
            return ws[0] if ws else ""
        padded = " " + " ".join(ws) + " "
        for cf, p in self.office_cf:
            if " " + cf + " " in padded:
                return cf.split()[0]
        return ws[-1] if ws else ""


# --- databases --------------------------------------------------------------------------------
class Index:
    """One database's entity tables in memory, and one pass over its articles."""

    def __init__(self, path, lang):
        self.path, self.lang = path, lang
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        self.ent = {}
        for eid, typ, key, name, name_en, code in self.db.execute(
                "SELECT id, type, key, name, name_en, code FROM entities"):
            self.ent[eid] = (typ, key, nfc(name), nfc(name_en), code)
        self.aliases = collections.defaultdict(list)
        for eid, alias in self.db.execute("SELECT entity_id, alias FROM entity_aliases"):
            self.aliases[eid].append(nfc(alias))
        self.by_type = collections.defaultdict(list)
        for eid, e in self.ent.items():
            self.by_type[e[0]].append(eid)
        self.uid = dict(self.db.execute("SELECT id, uid FROM articles"))
        self.meta_cat = {}
        self.mentions = collections.defaultdict(list)   # article -> [(entity, spans)]
        self.ent_articles = collections.defaultdict(set)
        for aid, eid, spans in self.db.execute("SELECT article_id, entity_id, spans FROM mentions"):
            sp = []
            for piece in spans.split(";"):
                p = piece.split()
                if len(p) == 4:
                    sp.append((int(p[0]), int(p[1]), int(p[2]), p[3]))
            self.mentions[aid].append((eid, sp))
            self.ent_articles[eid].add(aid)
        self.roles = list(self.db.execute(
            "SELECT entity_id, article_id, title, org, country, past FROM roles"))
        self.requests = collections.defaultdict(list)   # article -> [callback(fields_bytes)]
        self.visitors = []                               # callback(aid, fields_str)

    def name(self, eid):
        return self.ent[eid][2]

    def typed(self, typ):
        return self.by_type.get(typ, [])

    def spans_of(self, eid):
        for aid in self.ent_articles[eid]:
            for e, sp in self.mentions[aid]:
                if e == eid:
                    for s in sp:
                        yield aid, s

    def request(self, aid, cb):
        self.requests[aid].append(cb)

    def run_pass(self):
        for aid, title, lead, body, meta in self.db.execute(
                "SELECT id, title, lead, body, meta FROM articles"):
            fields = (title, lead, body)
            if self.lang == "en" and self.uid[aid].startswith("bbc"):
                try:
                    self.meta_cat[aid] = json.loads(meta).get("category")
                except ValueError:
                    pass
            for v in self.visitors:
                v(aid, fields)
            cbs = self.requests.get(aid)
            if cbs:
                fb = tuple(f.encode("utf-8") for f in fields)
                for cb in cbs:
                    cb(fb)
        self.requests.clear()


def after_text(fb, f, end, n=80):
    return fb[f][end:end + n].decode("utf-8", "ignore")


def before_text(fb, f, start, n=80):
    return fb[f][max(0, start - n):start].decode("utf-8", "ignore")


def span_text(fb, f, s, e):
    return fb[f][s:e].decode("utf-8", "ignore")


# --- report -----------------------------------------------------------------------------------
class Report:
    def __init__(self, k):
        self.rows, self.k = [], k

    def add(self, key, label, vi=None, en=None, ex=None, note=None, items=None, **extra):
        """vi / en: (n, denominator or None) or None when the count does not apply; items:
        {lang: [(weight, text)]}, what was counted, kept (the first 300) for the JSON file."""
        row = {"key": key, "label": label}
        for lang, v in (("vi", vi), ("en", en)):
            if v is None:
                continue
            n, d = v if isinstance(v, tuple) else (v, None)
            row[lang] = n
            if d:
                row[lang + "_of"] = d
                row[lang + "_share"] = round(n / d, 4)
        row["examples"] = [str(x) for x in (ex or [])]
        if note:
            row["note"] = note
        row.update(extra)
        if items:
            row["items"] = {l: [t for _, t in sorted(v, key=lambda x: (-x[0], x[1]))][:300]
                            for l, v in items.items() if v}
        self.rows.append(row)

    def line(self, row):
        def cell(lang):
            if lang not in row:
                return f"{lang} -".ljust(22)
            n = row[lang]
            if lang + "_of" in row:
                return f"{lang} {n}/{row[lang + '_of']} ({100 * row[lang + '_share']:.1f}%)".ljust(22)
            return f"{lang} {n}".ljust(22)
        ex = "; ".join(row["examples"])
        s = f"{row['key']:<3} {row['label']:<29} {cell('vi')} {cell('en')}"
        if ex:
            s += " e.g. " + ex
        if row.get("note"):
            s += f"  [{row['note']}]"
        return s


def pick_kinds(items, k=3):
    """Examples of different kinds: items (weight, "text (kind)"), one of each kind first."""
    by = collections.defaultdict(list)
    for w, t in items:
        by[t.rsplit("(", 1)[-1]].append((w, t))
    firsts = [pick(v, 1)[0] for _, v in sorted(by.items(), key=lambda kv: -sum(w for w, _ in kv[1]))]
    return (firsts + [t for t in pick(items, k) if t not in firsts])[:k]


def pick(items, k=3):
    """Examples: the items given as (weight, text), heaviest first, distinct texts."""
    out, seen = [], set()
    for _, t in sorted(items, key=lambda x: (-x[0], x[1])):
        if t not in seen:
            seen.add(t)
            out.append(t)
        if len(out) >= k:
            break
    return out


# --- the counts -------------------------------------------------------------------------------
def count1(rep, vi, en, L, en_words):
    # 1a, 1b
    looks, bad, glued_of, glued = 0, [], 0, []
    for eid in vi.typed("official"):
        typ, key, name, _, code = vi.ent[eid]
        ws = name.split()
        if not ws:
            continue
        w_arts = len(vi.ent_articles[eid])
        vi_ws = [vi_syllable(w) for w in ws]
        if all(vi_ws):
            if len(ws) >= 2 and code in (None, "", "VN"):
                looks += 1
                if ws[0].casefold() not in L.surnames_cf:
                    bad.append((w_arts, name))
        else:
            glued_of += 1
            if vi_marked(ws[0]) and ws[0].casefold() not in L.surnames_cf and any(vi_ws):
                glued.append((w_arts, name))
    rep.add("1a", "vi-name-no-surname", vi=(len(bad), looks), ex=pick(bad, rep.k),
            items={"vi": bad})
    rep.add("1b", "vi-word-glued-to-foreign", vi=(len(glued), glued_of), ex=pick(glued, rep.k),
            items={"vi": glued})
    # 1c, 1d
    country_words, country_names, org_names = set(), set(), set()
    org_word_n, official_word_n = collections.Counter(), collections.Counter()
    for idx in (en,):
        for eid in idx.typed("country"):
            for a in idx.aliases[eid] + [idx.ent[eid][2], idx.ent[eid][3]]:
                ws = words(a)
                if len(ws) == 1:
                    country_names.add(ws[0].casefold())
                for w in ws:
                    if len(w) > 2:
                        country_words.add(w.casefold())
        for eid in idx.typed("org"):
            for a in idx.aliases[eid] + [idx.ent[eid][2]]:
                ws = words(a)
                if len(ws) == 1:
                    org_names.add(ws[0].casefold())
        for eid in idx.typed("org"):
            for w in set(idx.name(eid).split()):
                org_word_n[w] += 1
        for eid in idx.typed("official"):
            ws = idx.name(eid).split()
            if len(ws) > 1:
                for w in set(ws):
                    official_word_n[w] += 1
    def why(w, one_word):
        cf = w.casefold()
        if one_word and (len(w) == 1 or cf in ("jr", "sr")):
            return "initial"
        if cf in (country_words if one_word else country_names):
            return "country"
        if cf in (en_words["place_words"] if one_word else en_words["places"]):
            return "place"
        if one_word and cf in org_names:
            return "org"
        if one_word and org_word_n[w] >= 2 and org_word_n[w] > official_word_n[w]:
            return "org word"
        if one_word:
            if L.dict_words is not None:
                if cf in L.dict_words and w not in L.dict_words:
                    return "word"
            else:
                lo, cap = en_words["lower"].get(cf, 0), en_words["cap"].get(cf, 0)
                if lo >= 5 and lo >= cap:
                    return "word"
        return None

    one, junk, multi, multi_junk = 0, [], 0, []
    for eid in en.typed("official"):
        name = en.name(eid)
        ws = name.split()
        n = len(en.ent_articles[eid])
        if len(ws) == 1:
            one += 1
            r = why(ws[0], True)
            if r:
                junk.append((n, f"{name} ({r})"))
        elif len(ws) > 1:
            multi += 1
            for w in ws:
                r = why(w, False)
                if r:
                    multi_junk.append((n, f"{name} ({r})"))
                    break
    rep.add("1c", "en-one-word-junk", en=(len(junk), one), ex=pick_kinds(junk, rep.k + 1),
            items={"en": junk})
    rep.add("1d", "en-name-with-place-word", en=(len(multi_junk), multi),
            ex=pick(multi_junk, rep.k), items={"en": multi_junk})


def count2(rep, vi, en, L):
    res = {}
    for lang, idx in (("vi", vi), ("en", en)):
        bad, tot = [], 0
        for eid in idx.typed("org"):
            name = idx.name(eid)
            tot += 1
            cf = name.casefold() if lang == "vi" else name
            for tcf, p in (L.office_cf if lang == "vi" else L.en_titles):
                if lang == "en":
                    tcf = p
                if cf.startswith(tcf + " ") and not cf[len(tcf) + 1:].startswith("quán"):
                    bad.append((len(idx.ent_articles[eid]), name))
                    break
        res[lang] = (bad, tot)
    rep.add("2a", "org-starts-with-title", vi=(len(res["vi"][0]), res["vi"][1]),
            en=(len(res["en"][0]), res["en"][1]), ex=pick(res["vi"][0], 2) + pick(res["en"][0], 1),
            items={l: res[l][0] for l in res})
    res = {}
    for lang, idx in (("vi", vi), ("en", en)):
        same = [r for r in idx.roles if r[3] and nfc(r[3]) == nfc(r[2])]
        with_org = sum(1 for r in idx.roles if r[3])
        c = collections.Counter(nfc(r[2]) for r in same)
        res[lang] = (len(same), with_org, [(n, t) for t, n in c.items()])
    rep.add("2b", "role-org-is-title (roles)", vi=res["vi"][:2], en=res["en"][:2],
            ex=pick(res["vi"][2], 2) + pick(res["en"][2], 1),
            note="share: of roles with an org")


def count3_4(rep, vi, en, L, pending):
    """Agreement contexts need the text: requests are queued, results filled after the pass."""
    out = {"3a": {}, "4b_ctx": {}}
    for lang, idx in (("vi", vi), ("en", en)):
        hits3 = collections.defaultdict(set)
        out["3a"][lang] = hits3
        for eid in idx.typed("agreement"):
            name = idx.name(eid)
            if lang == "vi":
                for h in VI_ORG_HEADS:
                    if name.startswith(h + " "):
                        hits3[eid].add(f"{name} (starts {h})")
            elif name.split()[:1] and name.split()[0] in EN_ORG_HEADS:
                hits3[eid].add(f"{name} (starts {name.split()[0]})")
            for aid, (f, s, e, kind) in idx.spans_of(eid):
                def cb(fb, eid=eid, f=f, s=s, e=e, lang=lang, hits3=hits3, name=name):
                    before = before_text(fb, f, s, 40).rstrip(" ")
                    after = after_text(fb, f, e, 40)
                    if lang == "vi":
                        for h in VI_ORG_HEADS:
                            if before.endswith(h) and (len(before) == len(h) or
                                                       not before[-len(h) - 1].isalnum()):
                                hits3[eid].add(f"{h} + {span_text(fb, f, s, e)}")
                    else:
                        m = re.match(r"\s?([A-Z][a-z]+)", after)
                        if m and m.group(1) in EN_ORG_HEADS:
                            hits3[eid].add(f"{span_text(fb, f, s, e)} + {m.group(1)}")
                    m = re.match(r" ([^\W\d_][\w]*)", after)
                    if m and m.group(1).islower():
                        out["4b_ctx"].setdefault((lang, eid), set()).add(m.group(1))
                idx.request(aid, cb)

    def finish():
        r = {}
        for lang, idx in (("vi", vi), ("en", en)):
            h = out["3a"][lang]
            r[lang] = ([(len(idx.ent_articles[e]), min(v, key=lambda x: (not x.startswith("Tổ chức"), x)))
                        for e, v in h.items()],
                       len(idx.typed("agreement")))
        rep.add("3a", "agr-after-org-head", vi=(len(r["vi"][0]), r["vi"][1]),
                en=(len(r["en"][0]), r["en"][1]), ex=pick(r["vi"][0], 2) + pick(r["en"][0], 2),
                items={l: r[l][0] for l in r})
        # 3b
        r = {}
        for lang, idx in (("vi", vi), ("en", en)):
            hits = []
            for eid in idx.typed("agreement"):
                name = idx.name(eid)
                if "protocol" not in name.casefold().split() and "nghị định thư" not in name.casefold():
                    continue
                tech = any(fold(w) in TECH_WORDS for w in words(name))
                arts = idx.ent_articles[eid]
                cats = {idx.meta_cat.get(a) for a in arts}
                if tech or (arts and cats == {"tech"}):
                    hits.append((len(arts), name))
            r[lang] = hits
        rep.add("3b", "agr-technical-protocol", vi=len(r["vi"]), en=len(r["en"]),
                ex=pick(r["vi"] + r["en"], rep.k), items=r)
        # 4a, 4b
        pairs = pair_index([vi, en], ("org", "agreement"))
        ra, rb = {}, {}
        for lang, idx in (("vi", vi), ("en", en)):
            a_hits, b_hits = [], []
            for eid in idx.typed("agreement"):
                name = idx.name(eid)
                rest = strip_agr_head(name, lang)
                ws = words(rest)
                n = len(idx.ent_articles[eid])
                clause = VI_CLAUSE if lang == "vi" else EN_CLAUSE
                if "," in rest or any(w in clause for w in ws):
                    a_hits.append((n, name))
                toks = name.split()
                last = toks[-1] if toks else ""
                conn = VI_CONNECT if lang == "vi" else EN_CONNECT
                nxt = out["4b_ctx"].get((lang, eid), ())
                cut = compound_cut(pairs, last, nxt, L) or text_cut(bigrams, name, nxt)
                if last in conn or last.endswith(",") or (lang == "vi" and last in VI_HALF):
                    b_hits.append((n, name))
                elif cut:
                    b_hits.append((n, f"{name} +{cut}"))
            tot = len(idx.typed("agreement"))
            ra[lang], rb[lang] = (a_hits, tot), (b_hits, tot)
        rep.add("4a", "agr-runs-into-clause", vi=(len(ra["vi"][0]), ra["vi"][1]),
                en=(len(ra["en"][0]), ra["en"][1]), ex=pick(ra["vi"][0], 2) + pick(ra["en"][0], 1),
                items={l: ra[l][0] for l in ra})
        rep.add("4b", "agr-stops-short", vi=(len(rb["vi"][0]), rb["vi"][1]),
                en=(len(rb["en"][0]), rb["en"][1]), ex=pick(rb["vi"][0], 2) + pick(rb["en"][0], 1),
                items={l: rb[l][0] for l in rb})
    pending.append(finish)


def strip_agr_head(name, lang):
    if lang == "vi":
        for h in AGR_HEADS_VI:
            if name.startswith(h):
                return name[len(h):]
        return name
    return " ".join(w for w in name.split() if w not in AGR_HEADS_EN)


def content_word(w, L):
    """A lower-case word that can continue a name: no connector, function word or clause word."""
    return (len(w) > 1 and w not in VI_CONNECT and w not in EN_CONNECT and w not in VI_CLAUSE
            and w not in EN_CLAUSE and w not in ADMIN_WORDS)


def pair_index(idxs, types):
    """(word, next word lower-cased) -> how many entity names hold them in a row, and under
    (word, None) how many names hold the word followed by any."""
    pairs = collections.Counter()
    for idx in idxs:
        for t in types:
            for eid in idx.typed(t):
                ws = idx.name(eid).split()
                for a, b in set(zip(ws, ws[1:])):
                    pairs[(a, b.casefold())] += 1
                for a in set(ws[:-1]):
                    pairs[(a, None)] += 1
    return pairs


def text_bigrams(vi, L):
    """For the capitalised last word W of Vietnamese organisation and agreement names, with the
    word P before it: how often the text has `P W` followed by one space and a lower-case
    content word (no connector, function word or administrative word), and by which."""
    cand = set()
    for t in ("org", "agreement"):
        for eid in vi.typed(t):
            ws = vi.name(eid).split()
            if len(ws) > 1 and ws[-1][:1].isupper():
                cand.add((ws[-2].casefold(), ws[-1]))
    last = {w for _, w in cand}
    counts = collections.Counter()
    rx = re.compile(r"(?<!\w)([A-ZÀ-ÝĂĐĨŨƠƯẠ-Ỹ]\w*) (?=([^\W\d_]\w*))")
    skip = VI_CONNECT | VI_CLAUSE | ADMIN_WORDS

    def visit(aid, fields):
        for f in fields:
            for m in rx.finditer(f):
                w = m.group(1)
                if w not in last:
                    continue
                n = m.group(2)
                if not n[0].islower() or n in skip:
                    continue
                prev = f[max(0, m.start() - 24):m.start()].split()
                if prev and (prev[-1].casefold(), w) in cand:
                    k = (prev[-1].casefold(), w)
                    counts[k + (None,)] += 1
                    counts[k + (n,)] += 1
    vi.visitors.append(visit)
    return counts


def text_cut(bigrams, name, nxt):
    """The word N of `nxt` that the text writes after the last two words of `name` at least 10
    times and in at least 45% of the times a lower-case content word follows them
    (`Uỷ ban An` + `toàn`); None if none."""
    ws = name.split()
    if len(ws) < 2:
        return None
    k = (ws[-2].casefold(), ws[-1])
    best = None
    for x in nxt:
        n, d = bigrams.get(k + (x,), 0), bigrams.get(k + (None,), 0)
        if n >= 10 and n >= 0.45 * d and (best is None or n > best[0]):
            best = (n, x)
    return best and best[1]


def compound_cut(pairs, last, nxt, L, share=0.3):
    """The word of `nxt` that, after `last`, makes a pair found in 2+ names and in at least `share`
    of the names where `last` is followed by a word; None if there is none."""
    best = None
    for x in nxt:
        if not content_word(x, L):
            continue
        n, d = pairs.get((last, x), 0), pairs.get((last, None), 0)
        if n >= 2 and n >= share * d and (best is None or n > best[0]):
            best = (n, x)
    return best and best[1]


def count5(rep, vi, en, L, pending):
    ctx = collections.defaultdict(collections.Counter)   # (lang, eid) -> next lower-case word -> n
    read = collections.Counter()                          # (lang, eid) -> mentions read
    starts = collections.defaultdict(collections.Counter)   # en eid -> phrase before -> mentions
    seen = collections.Counter()                             # en eid -> mentions read
    known_names = {a.casefold() for t in ("country", "org") for e in en.typed(t)
                   for a in en.aliases[e] + [en.name(e)]}
    for lang, idx in (("vi", vi), ("en", en)):
        for eid in idx.typed("org"):
            for aid, (f, s, e, kind) in idx.spans_of(eid):
                if kind not in ("name", "alias"):
                    continue
                def cb(fb, eid=eid, f=f, s=s, e=e, lang=lang):
                    read[(lang, eid)] += 1
                    after = after_text(fb, f, e, 30)
                    m = re.match(r" ([^\W\d_]\w*)", after)
                    if m and m.group(1).islower():
                        ctx[(lang, eid)][m.group(1)] += 1
                    if lang == "en":
                        before = before_text(fb, f, s, 40)
                        seen[eid] += 1
                        m = re.search(r"\b([A-Z][\w.&-]*)['’]s $", before)
                        if m and m.group(1).casefold() not in known_names:
                            starts[eid][m.group(1) + "'s"] += 1
                        m = re.search(r"\b([A-Z][\w.]*)\s+(and|&) $", before)
                        if m and m.group(1).casefold().rstrip(".") not in CORP_SUFFIX:
                            starts[eid][m.group(1) + " " + m.group(2)] += 1
                idx.request(aid, cb)

    def finish():
        pairs = pair_index([vi, en], ("org",))
        r_conn, r_abbr, r_cut = {}, {}, {}
        for lang, idx in (("vi", vi), ("en", en)):
            conn, abbr, cut, arts = [], [], [], set()
            orgs = idx.typed("org")
            for eid in orgs:
                name = idx.name(eid)
                ws = name.split()
                if not ws:
                    continue
                n = len(idx.ent_articles[eid])
                if ws[-1] in ORG_CONNECT or ws[-1].endswith(("&", ",")):
                    conn.append((n, name))
                if len(ws) > 1 and ws[-1].rstrip(".") in CUT_ABBREV:
                    abbr.append((n, name))
                    arts |= idx.ent_articles[eid]
                # a cut is systematic: the word follows at least a fifth of the mentions
                nxt = [w for w, c in ctx.get((lang, eid), {}).items()
                       if c >= 0.2 * read[(lang, eid)]]
                x = compound_cut(pairs, ws[-1], nxt, L) or text_cut(bigrams, name, nxt)
                if x and len(ws) > 1:
                    cut.append((n, f"{name} +{x}"))
            r_conn[lang] = (conn, len(orgs))
            r_abbr[lang] = (abbr, len(orgs), len(arts))
            r_cut[lang] = (cut, len(orgs))
        rep.add("5a", "org-ends-connector", vi=(len(r_conn["vi"][0]), r_conn["vi"][1]),
                en=(len(r_conn["en"][0]), r_conn["en"][1]),
                ex=pick(r_conn["vi"][0], 2) + pick(r_conn["en"][0], 1),
                items={l: r_conn[l][0] for l in r_conn})
        rep.add("5b", "org-ends-cut-abbrev", vi=(len(r_abbr["vi"][0]), r_abbr["vi"][1]),
                en=(len(r_abbr["en"][0]), r_abbr["en"][1]), ex=pick(r_abbr["vi"][0], rep.k),
                articles_vi=r_abbr["vi"][2], articles_en=r_abbr["en"][2],
                note=f"articles vi {r_abbr['vi'][2]} en {r_abbr['en'][2]}",
                items={l: r_abbr[l][0] for l in r_abbr})
        rep.add("5c", "org-cut-compound", vi=(len(r_cut["vi"][0]), r_cut["vi"][1]),
                en=(len(r_cut["en"][0]), r_cut["en"][1]),
                ex=pick(r_cut["vi"][0], 2) + pick(r_cut["en"][0], 1),
                items={l: r_cut[l][0] for l in r_cut})
        hits = []
        for eid in en.typed("org"):
            name = en.name(eid)
            top = starts[eid].most_common(1) if eid in starts else []
            if name[:1].islower():
                hits.append((len(en.ent_articles[eid]), f"{name} (lower-case)"))
            elif top and top[0][1] >= 2 and top[0][1] >= 0.5 * seen[eid]:
                hits.append((len(en.ent_articles[eid]), f"{name} (after {top[0][0]})"))
        rep.add("5d", "en-org-starts-cut", en=(len(hits), len(en.typed("org"))),
                ex=pick(hits, rep.k), items={"en": hits})
    pending.append(finish)


def count6(rep, en, L, pending):
    roles = en.roles
    bare = [r for r in roles if EN_BARE_LOWER_TITLE.match(nfc(r[2]))]
    c = collections.Counter(nfc(r[2]) for r in bare)
    rep.add("6a", "en-role-bare-head (roles)", en=(len(bare), len(roles)),
            ex=[f"{t} {n}" for t, n in c.most_common(rep.k)])
    rep.add("6b", "en-role-with-org (roles)", en=(sum(1 for r in roles if r[3]), len(roles)))
    past = [r for r in roles if r[5]]
    past_arts = {r[1] for r in past}
    en_titles = sorted({p for k, l, p in L.titles if l == "en" and k == "title"},
                       key=len, reverse=True)
    rx = re.compile(r"\bformer\s+(?:[\w.'-]+\s+){0,3}?(?:" +
                    "|".join(re.escape(t) for t in en_titles) + r")\b", re.I)
    former_arts, former_ex = set(), collections.Counter()

    def visit(aid, fields):
        for f in fields:
            m = rx.search(f)
            if m:
                former_arts.add(aid)
                former_ex[" ".join(m.group(0).split())] += 1
                break
    en.visitors.append(visit)

    def finish():
        missed = len(former_arts - past_arts)
        rep.add("6c", "en-past-roles", en=(len(past_arts), len(former_arts)),
                ex=[f"{len(past)} past roles in {len(past_arts)} articles; "
                    f"{len(former_arts)} articles say former <title>, {missed} with no past role"]
                + [t for t, _ in former_ex.most_common(2)],
                past_roles=len(past), former_articles=len(former_arts),
                former_articles_without_past_role=missed)
    pending.append(finish)


def count7(rep, vi, en, L, pending):
    na_ids = {eid for eid in en.typed("org")
              if "national assembly" in (en.ent[eid][3] or "").casefold()
              or en.ent[eid][2].casefold().startswith("quốc hội")}
    gov_vn = [eid for eid in vi.typed("org") if vi.ent[eid][1] == "org:vn-gov"]
    res = collections.Counter()
    ex = collections.defaultdict(list)
    arts = collections.defaultdict(set)

    for eid in na_ids:
        for aid, (f, s, e, kind) in en.spans_of(eid):
            def cb(fb, aid=aid, f=f, s=s, e=e):
                if span_text(fb, f, s, e) == "NA":
                    res["7a"] += 1
                    arts["7a"].add(aid)
                    b = " ".join(before_text(fb, f, s, 40).split()[-1:])
                    ex["7a"].append((1, f"{b} [NA]"))
            en.request(aid, cb)
    for eid in en.typed("org"):
        typ, key, name, name_en, code = en.ent[eid]
        for aid, (f, s, e, kind) in en.spans_of(eid):
            def cb(fb, aid=aid, f=f, s=s, e=e, code=code):
                t = span_text(fb, f, s, e)
                if t == "Fed":
                    m = re.match(r"\s*(Ex|Cup)\b", after_text(fb, f, e, 10))
                    if m:
                        res["7b"] += 1
                        arts["7b"].add(aid)
                        ex["7b"].append((1, f"Fed {m.group(1)} ({en.uid[aid]})"))
                elif t == "Treasury" and code == "US" and en.uid[aid].startswith("bbc"):
                    b = before_text(fb, f, s, 40)
                    if not re.search(r"(US|U\.S\.|American|America's)\s*$", b):
                        b = " ".join(b.split()[-3:]) or "¶"
                        res["7c"] += 1
                        arts["7c"].add(aid)
                        ex["7c"].append((1, f"{b} [Treasury] ({en.uid[aid]})"))
            en.request(aid, cb)
    countries = collections.defaultdict(dict)   # article -> country code -> mentions
    for aid, ms in vi.mentions.items():
        for eid, sp in ms:
            if vi.ent[eid][0] == "country":
                # mentions, or 0 when none is in the title or lead
                countries[aid][vi.ent[eid][4]] = len(sp) if any(x[0] < 2 for x in sp) else 0
    places = [p for p in L.places if len(p) > 3]
    place_rx = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, places)) + r"|TP|TPHCM)(?!\w)"
                          if places else r"(?<!\w)(?:TP|TPHCM|Hà Nội)(?!\w)")
    for eid in gov_vn:
        for aid, (f, s, e, kind) in vi.spans_of(eid):
            cs = countries.get(aid, {})
            if "VN" in cs or len(cs) != 1 or max(cs.values()) < 3:
                continue
            def cb(fb, aid=aid, f=f, s=s, e=e, other=next(iter(cs))):
                if nfc(span_text(fb, f, s, e)) != "Chính phủ":
                    return
                if not any(place_rx.search(nfc(t.decode("utf-8", "ignore"))) for t in fb):
                    res["7d"] += 1
                    arts["7d"].add(aid)
                    title = fb[0].decode("utf-8", "ignore")
                    ex["7d"].append((1, f"{other}: {title[:40]} ({vi.uid[aid]})"))
            vi.request(aid, cb)

    def finish():
        for k in list(ex):
            c = collections.Counter(re.sub(r"\d", "9", t) if k == "7a" else t for _, t in ex[k])
            ex[k] = [(n, t) for t, n in c.items()]
        rep.add("7a", "NA-as-assembly (mentions)", en=res["7a"], ex=pick(ex["7a"], rep.k),
                items={"en": ex["7a"]},
                note=f"{len(arts['7a'])} articles")
        rep.add("7b", "Fed-Ex-Cup (mentions)", en=res["7b"], ex=pick(ex["7b"], rep.k),
                note=f"{len(arts['7b'])} articles")
        rep.add("7c", "BBC-Treasury-US (mentions)", en=res["7c"], ex=pick(ex["7c"], rep.k),
                items={"en": ex["7c"]},
                note=f"{len(arts['7c'])} articles")
        rep.add("7d", "ChinhPhu-VN-abroad (mentions)", vi=res["7d"], ex=pick(ex["7d"], rep.k),
                items={"vi": ex["7d"]},
                note=f"{len(arts['7d'])} articles")
    pending.append(finish)


def count8(rep, vi, en, L, pending):
    res = {}
    for lang, idx in (("vi", vi), ("en", en)):
        by = collections.defaultdict(list)
        for eid, aid, title, org, country, past in idx.roles:
            by[(eid, aid)].append(nfc(title))
        cand = {k: v for k, v in by.items() if len({L.head_title(t, lang) for t in v}) >= 2}
        hits = []
        res[lang] = (hits, len(by), len(cand))
        for (eid, aid), titles in cand.items():
            others = []
            for e2, sp in idx.mentions.get(aid, ()):
                if e2 != eid and idx.ent[e2][0] == "official":
                    others += [(f, s, e2) for f, s, e, k in sp if k in ("name", "alias")]
            if not others:
                continue
            def cb(fb, eid=eid, aid=aid, titles=titles, others=others, hits=hits, idx=idx):
                for t in set(titles):
                    tb = t.encode("utf-8")
                    for f in range(3):
                        at = fb[f].find(tb)
                        while at >= 0:
                            end = at + len(tb)
                            for (of, os_, e2) in others:
                                if of == f and end <= os_:
                                    gap = fb[f][end:os_].decode("utf-8", "ignore")
                                    if len(gap.split()) <= 6 and not re.search(r"[.;\n]", gap):
                                        hits.append((len(idx.ent_articles[eid]),
                                                     f"{idx.name(eid)}: {' / '.join(sorted(set(titles)))[:60]} "
                                                     f"(then {idx.name(e2)})"))
                                        return
                            at = fb[f].find(tb, end)
            idx.request(aid, cb)

    def finish():
        rep.add("8", "roles-wrong-person", vi=(len(res["vi"][0]), res["vi"][2]),
                en=(len(res["en"][0]), res["en"][2]),
                ex=pick(res["vi"][0], 2) + pick(res["en"][0], 1),
                note="share: of (official, article) pairs with 2+ head titles",
                items={l: res[l][0] for l in res})
    pending.append(finish)


def name_regex(name):
    parts = re.split(r"[\s-]+", nfc(name).casefold())
    return re.compile(r"(?<!\w)" + r"[\s-]+".join(re.escape(p) for p in parts) + r"(?!\w)")


def edits(a, b):
    """Levenshtein distance."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def same_person(n, full, key, lang, known):
    """`n` (an official's name or alias) holds `key` and nothing that makes it someone else:
    each word before the key is a word of the full name (or one or two edits from one), an
    initial, a title or country word; each word after it is a word of the full name, not
    capitalised, or (vi) a Vietnamese syllable (`Putin Danh Tuyên`, `Trump - và`)."""
    sp = lambda x: [w for w in re.split(r"[\s-]+", nfc(x)) if w]
    toks, kt, ft = sp(n), [w.casefold() for w in sp(key)], {w.casefold() for w in sp(full)}
    low = [t.casefold() for t in toks]
    at = next((i for i in range(len(low) - len(kt) + 1) if low[i:i + len(kt)] == kt), None)
    if at is None:
        return False
    for t in low[:at]:
        if not (t in ft or t in known or re.fullmatch(r"(\w\.)+|\w", t)
                or any(edits(t, f) <= (2 if len(f) >= 6 else 1) for f in ft if len(f) >= 4)):
            return False
    for t in toks[at + len(kt):]:
        if not (t.casefold() in ft or not t[:1].isupper()
                or (lang == "vi" and vi_syllable(t))):
            return False
    return True


def plausible_name(n, full):
    """Every word of `n` is a word of `full` or one or two edits from one (`Ronald Regan`)."""
    ft = [w.casefold() for w in re.split(r"[\s-]+", nfc(full)) if w]
    return all(any(edits(t.casefold(), f) <= (2 if len(f) >= 6 else 1) for f in ft)
               for t in re.split(r"[\s-]+", nfc(n)) if t)


def count9(rep, vi, en, L, pending):
    rx = [(full, key, name_regex(full), re.split(r"[\s-]+", nfc(full).casefold())[0])
          for full, key in PEOPLE]
    text_arts = {("vi", f): set() for f, _ in PEOPLE}
    text_arts.update({("en", f): set() for f, _ in PEOPLE})
    for lang, idx in (("vi", vi), ("en", en)):
        def visit(aid, fields, lang=lang):
            t = nfc("\n".join(fields)).casefold()
            for full, key, r, first in rx:
                if first in t and r.search(t):
                    text_arts[(lang, full)].add(aid)
        idx.visitors.append(visit)

    def finish():
        known = set()   # words that may stand before a name: titles, countries
        for k, l, p in L.titles:
            known |= {w.casefold() for w in p.split()}
        for idx in (vi, en):
            for eid in idx.typed("country"):
                for a in idx.aliases[eid]:
                    known |= {w.casefold() for w in a.split()}
        people = {}
        sums = {"vi": [0, 0], "en": [0, 0]}
        worst, splits_ex, splits_n = [], [], {"vi": [0, 0], "en": [0, 0]}
        for lang, idx in (("vi", vi), ("en", en)):
            names = {}
            for eid in idx.typed("official"):
                names[eid] = [idx.name(eid)] + idx.aliases[eid]
            for full, key in PEOPLE:
                ta = text_arts[(lang, full)]
                if not ta:
                    continue
                fcf = nfc(full).casefold().replace("-", " ")
                exact = [eid for eid, ns in names.items()
                         if idx.name(eid).casefold().replace("-", " ") == fcf]
                ea = set()
                for eid in exact:
                    ea |= idx.ent_articles[eid]
                split = [eid for eid, ns in names.items()
                         if same_person(ns[0], full, key, lang, known)
                         or (any(same_person(n, full, key, lang, known) for n in ns[1:])
                             and plausible_name(ns[0], full))]
                people[f"{lang}:{full}"] = {"text_articles": len(ta), "entity_articles": len(ea),
                                            "entity_articles_in_text": len(ea & ta),
                                            "splits": len(split),
                                            "split_names": sorted(idx.name(e) for e in split)[:12]}
                sums[lang][0] += len(ta)
                sums[lang][1] += len(ea & ta)
                worst.append((len(ta) - len(ea & ta), f"{full} {lang} {len(ea & ta)}/{len(ta)}"))
                if len(split) >= 2:
                    splits_n[lang][0] += 1
                    splits_n[lang][1] += len(split)
                    ex = [idx.name(e) for e in sorted(split, key=lambda e: -len(idx.ent_articles[e]))]
                    splits_ex.append((len(split), f"{lang} {key}: {' | '.join(ex[:4])}"))
        rep.add("9a", "famous-text-vs-entity", vi=(sums["vi"][1], sums["vi"][0]),
                en=(sums["en"][1], sums["en"][0]), ex=pick(worst, rep.k + 1), people=people,
                note="entity's articles / articles with the full name")
        rep.add("9b", "famous-splits", vi=(splits_n["vi"][0]), en=(splits_n["en"][0]),
                ex=pick(splits_ex, rep.k), split_officials_vi=splits_n["vi"][1],
                split_officials_en=splits_n["en"][1],
                note=f"officials: vi {splits_n['vi'][1]} en {splits_n['en'][1]}")
        # 9c
        res = {}
        for lang, idx in (("vi", vi), ("en", en)):
            last = collections.defaultdict(list)
            for eid in idx.typed("official"):
                ws = idx.name(eid).split()
                if len(ws) >= 2:
                    last[ws[-1].casefold()].append(eid)
            hits = []
            for eid in idx.typed("official"):
                own = {w.casefold() for w in idx.name(eid).split()}
                for a in idx.aliases[eid]:
                    acf = a.casefold()
                    if " " in acf or acf in own or acf.rstrip("s") in own:
                        continue
                    others = [o for o in last.get(acf, ()) if o != eid and
                              not (set(w.casefold() for w in idx.name(o).split()) & own)]
                    if others:
                        others.sort(key=lambda o: -len(idx.ent_articles[o]))
                        hits.append((len(idx.ent_articles[eid]), f"{idx.name(eid)} alias {a} "
                                     f"({', '.join(idx.name(o) for o in others[:2])})"))
                        break
            res[lang] = (hits, len(idx.typed("official")))
        rep.add("9c", "alias-is-other-person", vi=len(res["vi"][0]), en=len(res["en"][0]),
                ex=pick(res["en"][0], 2) + pick(res["vi"][0], 1),
                items={l: res[l][0] for l in res})
    pending.append(finish)


def count10(rep, vi, en):
    # The gazetteer's names of a country: its aliases in both databases (a new country entity
    # gets all its known names in either language; a name seen in one corpus's text only is not
    # one of them, unless the other corpus has it too).
    al = [collections.defaultdict(set), collections.defaultdict(set)]
    for i, idx in enumerate((vi, en)):
        for eid in idx.typed("country"):
            al[i][idx.ent[eid][4]] |= set(idx.aliases[eid])
    seeded = {c: al[0][c] & al[1][c] for c in set(al[0]) & set(al[1])}
    res = {}
    for lang, idx in (("vi", vi), ("en", en)):
        hits, n = [], 0
        for eid in idx.typed("country"):
            typ, key, name, name_en, code = idx.ent[eid]
            names = seeded.get(code, set()) | {name, name_en} - {""}
            other = set()
            for o in names:
                other |= {fold(w) for w in words(o)}
            joined = {re.sub(r"[\W_]", "", fold(o)) for o in names}
            for a in sorted(set(idx.aliases[eid]) - names):
                if re.search(r"[\"“”<>]", a) or a.count("(") != a.count(")"):
                    hits.append((len(idx.ent_articles[eid]), f"{code}: {a}"))
                    continue
                ja = re.sub(r"[\W_]", "", fold(a))
                if len(words(a)) < 2 or any(j and (j.startswith(ja[:5]) or ja.startswith(j))
                                            for j in joined):
                    continue   # a one-word variant, or a spelling of a known name (Cam - pu - chia)
                for w in words(a):
                    fw = fold(w)
                    if fw in other or w.casefold() in GENERIC_COUNTRY_WORDS or fw in GENERIC_COUNTRY_WORDS:
                        continue
                    if len(fw) >= 4 and any(o[:4] == fw[:4] for o in other):
                        continue
                    hits.append((len(idx.ent_articles[eid]), f"{code}: {a}"))
                    break
            n += 1
        ents = {h[1].split(":")[0] for h in hits}
        res[lang] = (hits, n, len(ents))
    rep.add("10a", "country-alias-polluted", vi=(res["vi"][2], res["vi"][1]),
            en=(res["en"][2], res["en"][1]), ex=pick(res["en"][0], 2) + pick(res["vi"][0], 1),
            aliases_vi=len(res["vi"][0]), aliases_en=len(res["en"][0]),
            note=f"aliases vi {len(res['vi'][0])} en {len(res['en'][0])}",
            items={l: res[l][0] for l in res})
    res = {}
    for lang, idx in (("vi", vi), ("en", en)):
        groups, heads = collections.defaultdict(list), collections.defaultdict(set)
        for eid in idx.typed("agreement"):
            name = idx.name(eid)
            hs = [m.group(1).casefold() for m in
                  re.finditer(r"\b(Accord|Agreement|Pact)s?\b", name, flags=re.I)]
            m = re.match(r"(Hiệp định|Thoả thuận|Thỏa thuận)\b", name)
            if m:
                hs.append(fold(m.group(1)))
            k = re.sub(r"\b(Accord|Agreement|Pact)s?\b", "#", name, flags=re.I)
            k = re.sub(r"^(Hiệp định|Thoả thuận|Thỏa thuận)\b", "#", k)
            groups[fold(k)].append(name)
            heads[fold(k)].add(" ".join(hs))
        # the heads must differ: names that differ in case alone are not counted here
        dups = [(len(v), " / ".join(sorted(set(v)))) for k, v in groups.items()
                if "#" in k and len(v) > 1 and len(heads[k]) > 1]
        res[lang] = dups
    rep.add("10b", "agr-accord-agreement-dup", vi=len(res["vi"]), en=len(res["en"]),
            ex=pick(res["en"], 2) + pick(res["vi"], 1), note="groups", items=res)
    res = {}
    for lang, idx in (("vi", vi), ("en", en)):
        def names(t):
            m = collections.defaultdict(set)
            for eid in idx.typed(t):
                for n in [idx.name(eid)] + idx.aliases[eid]:
                    m[nfc(n).casefold()].add(eid)
                    shown.setdefault(nfc(n).casefold(), nfc(n))
            return m
        shown = {}
        o, a = names("org"), names("agreement")
        both = set(o) & set(a)
        ex = [(sum(len(idx.ent_articles[e]) for e in o[n] | a[n]), shown[n]) for n in both]
        res[lang] = ex
    rep.add("10c", "org-and-agreement", vi=len(res["vi"]), en=len(res["en"]),
            ex=pick(res["en"], 2) + pick(res["vi"], 1), note="names", items=res)


def en_word_counts(en, L, pending):
    """Lower-case vs capitalised counts (away from a sentence start) of the words of one-word
    officials, and Reuters dateline places."""
    cand = {en.name(e).casefold() for e in en.typed("official") if " " not in en.name(e)}
    lower, cap, places, place_words = collections.Counter(), collections.Counter(), set(), set()
    wr = re.compile(r"[A-Za-z]+")
    dl = re.compile(r"^([A-Z][A-Z .'-]+),")

    def visit(aid, fields):
        for fi, f in enumerate(fields):
            if fi == 2 or fi == 1:
                m = dl.match(f)
                if m and en.uid[aid].startswith("reuters"):
                    ws = m.group(1).split()
                    if len(ws) == 1:
                        places.add(ws[0].casefold())
                    for w in ws:
                        place_words.add(w.casefold())
            if fi == 0:
                continue
            for m in wr.finditer(f):
                w = m.group(0)
                lw = w.lower()
                if lw not in cand:
                    continue
                if w == lw:
                    lower[lw] += 1
                elif w[0].isupper() and w[1:] == lw[1:]:
                    j = m.start() - 1
                    while j >= 0 and f[j] in " \t\"'(“":
                        j -= 1
                    if j >= 0 and f[j] not in ".!?\n:":
                        cap[lw] += 1
    en.visitors.append(visit)
    return {"lower": lower, "cap": cap, "places": places, "place_words": place_words}


# --- orders -----------------------------------------------------------------------------------
def ingest(corpus, db, files):
    """`zcat FILES | corpus --db DB ingest -q --jsonl -` into a new database (one left in a
    --keep directory by an earlier run is replaced); exit 1 (some records rejected: Reuters
    has 2,535 without title or body) is fine, the rejections are counted."""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    t = time.time()
    zcat = subprocess.Popen(["zcat", *files], stdout=subprocess.PIPE)
    r = subprocess.run([corpus, "--db", db, "ingest", "-q", "--jsonl", "-"], stdin=zcat.stdout,
                       stderr=subprocess.PIPE, text=True)
    zcat.stdout.close()
    if zcat.wait() != 0 or r.returncode not in (0, 1):
        sys.stderr.write(r.stderr[-2000:])
        raise SystemExit(f"entity_errors: ingest of {', '.join(map(os.path.basename, files))} failed "
                         f"(exit {r.returncode})")
    lines = r.stderr.splitlines()
    first = f": {lines[0].split(': ', 1)[-1]}" if lines else ""
    print(f"ingest {' + '.join(map(os.path.basename, files))}: {time.time() - t:.0f} s, "
          f"{len(lines)} records rejected{first}", file=sys.stderr)


def officials_5(db):
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    return {nfc(n): k for n, k in c.execute(
        "SELECT e.name, COUNT(*) FROM entities e JOIN mentions m ON m.entity_id = e.id "
        "WHERE e.type = 'official' GROUP BY e.id HAVING COUNT(*) >= 5")}


def orders(rep, corpus, data, work):
    dt = os.path.join(data, "dantri_unc_2653.jsonl.gz")
    vn = os.path.join(data, "vietnews_test.jsonl.gz")
    if not os.path.exists(dt):
        print(f"orders: skipped ({dt} absent)", file=sys.stderr)
        return
    a, b = os.path.join(work, "order_dt_vn.db"), os.path.join(work, "order_vn_dt.db")
    for db, files in ((a, [dt, vn]), (b, [vn, dt])):
        ingest(corpus, db, files)
    oa, ob = officials_5(a), officials_5(b)
    all_a = {nfc(n) for (n,) in sqlite3.connect(a).execute("SELECT name FROM entities WHERE type='official'")}
    all_b = {nfc(n) for (n,) in sqlite3.connect(b).execute("SELECT name FROM entities WHERE type='official'")}
    only_a = [(k, n) for n, k in oa.items() if n not in ob]
    only_b = [(k, n) for n, k in ob.items() if n not in oa]
    gone_a = [(k, n) for n, k in oa.items() if n not in all_b]
    gone_b = [(k, n) for n, k in ob.items() if n not in all_a]
    ex = [f"DT>VN {n} {k}" for k, n in sorted(only_a, reverse=True)[:2]] + \
         [f"VN>DT {n} {k}" for k, n in sorted(only_b, reverse=True)[:2]]
    rep.add("O", "orders-officials-5+", vi=(len(only_a) + len(only_b), len(set(oa) | set(ob))),
            ex=ex, only_dt_first=len(only_a), only_vn_first=len(only_b),
            absent_dt_first_in_other=len(gone_a), absent_vn_first_in_other=len(gone_b),
            note=f"DT>VN only {len(only_a)}, VN>DT only {len(only_b)}; not even an official in the "
                 f"other: {len(gone_a)}+{len(gone_b)}")


# --- main -------------------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=os.path.join(REPO, "build", "corpus"))
    ap.add_argument("--data", default=os.path.join(REPO, "..", "shared", "data"))
    ap.add_argument("--db-vi", help="an already built VietNews database")
    ap.add_argument("--db-en", help="an already built BBC + Reuters database")
    ap.add_argument("--keep", metavar="DIR",
                    help="build the databases in DIR (replacing any there) and leave them, "
                         "for --db-vi / --db-en later")
    ap.add_argument("--json", metavar="FILE", help="write every number to FILE")
    ap.add_argument("--orders", action="store_true",
                    help="also ingest Dân Trí + VietNews in both orders (slower)")
    ap.add_argument("--lists", default=os.path.join(REPO, "src", "data"), metavar="DIR",
                    help="titles.tsv and vietnamese_words.tsv from DIR (pin a copy to compare "
                         "runs across changes of the lists)")
    ap.add_argument("--examples", type=int, default=3, help="examples a line")
    ap.add_argument("--verbose", action="store_true", help="print count 9 person by person")
    args = ap.parse_args()

    data = os.path.abspath(args.data)
    files = {"vi": ["vietnews_test.jsonl.gz"], "en": ["bbc_2223.jsonl.gz", "reuters21578.jsonl.gz"]}
    need = [l for l in ("vi", "en") if not getattr(args, "db_" + l)]
    missing = [f for l in need for f in files[l] if not os.path.exists(os.path.join(data, f))]
    if missing:
        print(f"entity_errors: skipped: {', '.join(missing)} not in {data}")
        return 0
    if (need or args.orders) and not os.access(args.corpus, os.X_OK):
        print(f"entity_errors: no corpus binary at {args.corpus} (--corpus)", file=sys.stderr)
        return 2
    work = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="entity_errors.")
    os.makedirs(work, exist_ok=True)
    t0 = time.time()
    try:
        dbs = {}
        for lang in ("vi", "en"):
            given = getattr(args, "db_" + lang)
            if given:
                dbs[lang] = given
                continue
            db = os.path.join(work, f"{lang}.db")
            ingest(args.corpus, db, [os.path.join(data, f) for f in files[lang]])
            dbs[lang] = db
        t_ingest = time.time() - t0
        L = Lists(args.lists)
        vi, en = Index(dbs["vi"], "vi"), Index(dbs["en"], "en")
        rep = Report(args.examples)
        pending = []
        en_words = en_word_counts(en, L, pending)
        global bigrams
        bigrams = text_bigrams(vi, L)
        count3_4(rep, vi, en, L, pending)
        count5(rep, vi, en, L, pending)
        count6(rep, en, L, pending)
        count7(rep, vi, en, L, pending)
        count8(rep, vi, en, L, pending)
        count9(rep, vi, en, L, pending)
        vi.run_pass()
        en.run_pass()
        count1(rep, vi, en, L, en_words)
        count2(rep, vi, en, L)
        for f in pending:
            f()
        count10(rep, vi, en)
        if args.orders:
            orders(rep, args.corpus, data, work)
        keyf = lambda r: (int(re.match(r"\d*", r["key"]).group(0) or 99), r["key"])
        rep.rows.sort(key=keyf)
        built = need or args.orders
        print(f"entity errors: vi = VietNews ({len(vi.uid)} articles), en = BBC + Reuters "
              f"({len(en.uid)} articles); " +
              (f"built by {args.corpus}" if built else f"databases {dbs['vi']}, {dbs['en']}"))
        print(f"lists: {args.lists}: {len(L.surnames)} surnames, {len(L.titles)} titles; common "
              f"English words: {L.dict_name or 'the index text (no /usr/share/dict/words)'}")
        for note in L.notes:
            print("note:", note)
        for r in rep.rows:
            print(rep.line(r))
        if args.verbose:
            for k, v in next(r for r in rep.rows if r["key"] == "9a")["people"].items():
                print(f"    {k:<26} text {v['text_articles']:>5}  entity {v['entity_articles']:>5}"
                      f"  splits {v['splits']:>3}  {', '.join(v['split_names'][:5])}")
        print(f"({time.time() - t0:.0f} s in all, ingest of vi and en {t_ingest:.0f} s)")
        if args.json:
            with open(args.json, "w", encoding="utf-8") as f:
                json.dump({"corpus": args.corpus, "databases": dbs, "notes": L.notes,
                           "counts": rep.rows}, f, ensure_ascii=False, indent=1)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
