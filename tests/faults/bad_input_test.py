#!/usr/bin/env python3
"""Bad input at scale: every malformed input gets one clear error line, every good one is
stored, and memory stays bounded.

    bad_input_test.py CORPUS [--files 100000] [--max-rss-mib 160] [--keep DIR]

A generated tree holds, beside good article files and JSON Lines records:
  - truncated UTF-8 (an article file, a record), NUL bytes (raw in a file, raw and escaped in
    records), impossible dates (2025-02-30, 2023-02-29, month 13);
  - a 50 MB single line three ways: an article file with no line break, a valid record with a
    50 MB body, a .jsonl.gz of 50 kB that inflates to one 50 MB line (all over the 16 MB
    default --max-size, so rejected unread), and a gzip file cut short;
  - --files tiny article files in 1,000-file directories, one in 997 of them with an
    impossible date;
  - a directory nested 1,300 levels deep with an article at the bottom, and one nested past
    PATH_MAX;
  - symbolic link loops (a directory linking to its ancestor, a file linking to itself),
    dangling links, an empty file, a header-only file, a file name that is not UTF-8;
  - unreadable files and directories (as root, corpus runs without CAP_DAC_OVERRIDE so that
    permissions hold);
  - duplicate ids in JSON Lines: the same record twice (a duplicate) and an id reused with
    other content (rejected, the first kept).
`corpus ingest` must exit 1 and print exactly the expected rejections (path, line, reason),
each once; store every good input (checked by uid) and nothing else; pass `corpus check`; keep
its peak resident memory under --max-rss-mib; write parseable `--json` reports; and change
nothing when run again.
"""
import argparse
import gzip
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import fail, in_workdir, unprivileged  # noqa: E402

BIG = 50 * 1000 * 1000



def article(title, date="2025-10-01", body=None):
    return f" date {date} {title}\n\n{body or 'Bài viết về hợp tác kinh tế giữa Việt Nam và Nhật Bản.'}\n"


def write(path, data):
    if os.path.dirname(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def record(rid, title, body="Nội dung bài báo."):
    return json.dumps({"id": rid, "title": title, "body": body, "date": "2024-05-01"}, ensure_ascii=False)


def make_tree(root, n_files):
    """The inputs, and what ingest must say of them: {uid of each good article}, and
    [(path, line or None, reason pattern)] for each rejection."""
    good, bad = set(), []

    def good_file(rel, title, **kw):
        write(os.path.join(root, rel), article(title, **kw))
        good.add(os.path.splitext(os.path.basename(rel))[0])

    def bad_file(rel, data, reason, line=None):
        write(os.path.join(root, rel), data)
        bad.append((os.path.join(root, rel), line, reason))

    good_file("ok/000_good.txt", "Tin tốt")
    bad_file("utf8/truncated.txt", article("Cắt ngang").encode()[:-4] + b"\xe1\xba", r"invalid UTF-8 at byte offset \d+")
    bad_file("nul/raw.txt", article("Có NUL").replace("Bài", "B\0ài"), r"binary file \(NUL byte at offset \d+\)")
    bad_file("dates/feb30.txt", article("Ngày sai", date="2025-02-30"), r"date '2025-02-30' does not exist", line=1)
    bad_file("dates/feb29.txt", article("Không nhuận", date="2023-02-29"), r"date '2023-02-29' does not exist", line=1)
    bad_file("dates/month13.txt", article("Tháng 13", date="2025-13-01"), r"date '2025-13-01'", line=1)
    bad_file("empty/empty.txt", "", r"empty")
    bad_file("empty/header.txt", " date 2025-10-01 Chỉ có tiêu đề\n", r"header only", line=1)
    # 50 MB on one line, three ways, and a gzip file cut short.
    bad_file("big/oneline.txt", " date 2025-10-01 " + "x" * BIG, r"file is \d+ bytes, over the limit of 16777216")
    big_record = record("huge", "Rất dài", "chào " * (BIG // 6))
    records = [record("j1", "Bản ghi một"), big_record, record("j2", "Bản ghi hai")]
    write(os.path.join(root, "big/records.jsonl"), "\n".join(records) + "\n")
    good |= {"j1", "j2"}
    bad.append((os.path.join(root, "big/records.jsonl"), 2, r"record is \d+ bytes, over the limit of 16777216"))
    bomb = gzip.compress((record("b1", "Nén") + "\n" + "z" * BIG + "\n" + record("b2", "Sau bom") + "\n").encode())
    if len(bomb) > 200_000:
        fail(f"the gzip bomb is {len(bomb)} bytes")
    write(os.path.join(root, "big/bomb.jsonl.gz"), bomb)
    good |= {"b1", "b2"}
    bad.append((os.path.join(root, "big/bomb.jsonl.gz"), 2, r"record is 50000000 bytes, over the limit"))
    cut = "".join(record(f"c{i}", f"Tin {i}") + "\n" for i in range(3000)).encode()
    whole = gzip.compress(cut)
    write(os.path.join(root, "big/cut.jsonl.gz"), whole[: len(whole) // 2])
    cut_path = os.path.join(root, "big/cut.jsonl.gz")
    bad.append((cut_path, "*", r"gzip data is truncated"))
    before_cut = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(whole[: len(whole) // 2])
    good |= {f"c{i}" for i in range(before_cut.count(b"\n"))}
    # Records: truncated JSON, truncated UTF-8, raw and escaped NUL, a bad date, duplicate ids.
    lines = [record("r1", "Một").encode(),
             record("r2", "Hai").encode()[:-8],  # cut short: invalid JSON
             b'{"id": "r3", "title": "Ba \xe1\xba"}',  # a multi-byte sequence cut inside a string
             '{"id": "r4", "title": "B\x00ốn"}'.encode(),  # a raw NUL: not JSON
             b'{"id": "r5", "title": "N\\u0103m", "body": "x\\u0000y"}',
             record("r6", "Sáu").encode(),
             record("r1", "Một").encode(),  # the same record again: a duplicate
             record("r6", "Sáu, sửa").encode(),  # the id again with other content
             '{"id": "r7", "title": "Bảy", "date": "2024-02-30"}'.encode()]
    p = os.path.join(root, "records/mixed.jsonl")
    write(p, b"\n".join(lines) + b"\n")
    good |= {"r1", "r6"}
    bad += [(p, 2, r"invalid JSON"), (p, 3, r"invalid UTF-8"), (p, 4, r"invalid JSON"),
            (p, 5, r"field 'body' holds a NUL character"),
            (p, 8, rf"id 'r6' was read already, with other content, at {re.escape(p)}:6; the first is kept"),
            (p, 9, r"date '2024-02-30' is not a valid YYYY-MM-DD date")]
    # Many tiny files.
    for i in range(n_files):
        rel = f"many/d{i // 1000:03d}/{i:06d}.txt"
        if i % 997 == 5:
            bad_file(rel, article(f"Tin {i}", date="2025-04-31"), r"date '2025-04-31' does not exist", line=1)
        else:
            good_file(rel, f"Tin số {i}", date=f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}", body=f"Bài {i} về thương mại.")
    # Deep directories: 1,300 levels, and past PATH_MAX (made with relative steps).
    deep = os.path.join(root, "deep")
    os.makedirs(deep)
    here = os.getcwd()
    try:
        os.chdir(deep)
        for _ in range(1300):
            os.mkdir("d")
            os.chdir("d")
        write("bottom_1300.txt", article("Rất sâu"))
        rel_bottom = "/".join(["d"] * 1300)
        for _ in range(1000):
            os.mkdir("e")
            os.chdir("e")
        write("beyond.txt", article("Quá sâu"))
    finally:
        os.chdir(here)
    good.add("bottom_1300")
    # The first directory whose path is over PATH_MAX (4096 bytes with its NUL) is reported.
    base = os.path.join(deep, rel_bottom)
    k = 1
    while len(base + "/e" * k) < 4096:
        k += 1
    bad.append((base + "/e" * k, None, r"File name too long"))
    # Links: a loop back to an ancestor, a file linking to itself, a dangling link.
    os.makedirs(os.path.join(root, "links/sub"))
    good_file("links/sub/linked_article.txt", "Có liên kết")
    os.symlink("..", os.path.join(root, "links/sub/up"))
    bad.append((os.path.join(root, "links/sub/up"), None, r"symbolic link loop"))
    os.symlink("self.txt", os.path.join(root, "links/self.txt"))
    bad.append((os.path.join(root, "links/self.txt"), None, r"^symbolic link loop$"))
    os.symlink("nowhere.txt", os.path.join(root, "links/dangling.txt"))
    bad.append((os.path.join(root, "links/dangling.txt"), None, r"dangling symbolic link"))
    # A file name that is not UTF-8.
    with open(os.path.join(root, "ok").encode() + b"/latin1_\xe9.txt", "wb") as f:
        f.write(article("Tên tệp lạ").encode())
    good.add("latin1_\udce9")  # as Python decodes it; compared as bytes below
    # Unreadable: a file, a directory, a JSON Lines file.
    good_file("perm/readable.txt", "Đọc được")
    bad_file("perm/secret.txt", article("Bí mật"), r"cannot read: Permission denied")
    write(os.path.join(root, "perm/closed/inner.txt"), article("Trong thư mục đóng"))  # never reached
    bad.append((os.path.join(root, "perm/closed"), None, r"cannot read directory: Permission denied"))
    bad_file("perm/locked.jsonl", record("locked", "Khoá") + "\n", r"cannot open: Permission denied")
    os.chmod(os.path.join(root, "perm/secret.txt"), 0)
    os.chmod(os.path.join(root, "perm/locked.jsonl"), 0)
    os.chmod(os.path.join(root, "perm/closed"), 0)
    return good, bad



def run_ingest(a, db, root, *extra):
    """(exit code, stdout, stderr, seconds, peak resident KiB) of `corpus ingest`. The peak is
    that process's own (wait4), and this process stays small (the tree is made by another),
    since a child started by vfork inherits its parent's high-water mark."""
    cmd = unprivileged() + [a.corpus, "--db", db, "ingest", *extra, root]
    t0 = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        secs = time.monotonic() - t0
        out.seek(0)
        err.seek(0)
        return p.returncode, out.read(), err.read(), secs, usage.ru_maxrss


def check_rejections(lines, bad):
    """Each expected rejection must be one line, once; no other line may appear."""
    problems, used = [], set()
    for path, line, reason in bad:
        if line == "*":  # a line number not known in advance
            prefix, reason = path + ":", r"^\d+: " + reason
        elif line and path.endswith((".jsonl", ".jsonl.gz")):
            prefix = f"{path}:{line}: "
        else:
            prefix = f"{path}: line {line}: " if line else f"{path}: "
        prefix = prefix.encode("utf-8", "surrogateescape")
        found = [i for i, l in enumerate(lines) if l.startswith(prefix)
                 and re.search(reason.encode(), l[len(prefix):])]
        if len(found) != 1:
            problems.append(f"expected one line '{prefix.decode(errors='replace')[:160]}... {reason}', found {len(found)}")
        used.update(found)
    for i, l in enumerate(lines):
        if i not in used:
            problems.append(f"unexpected line: {l[:200]!r}")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?")
    ap.add_argument("--files", type=int, default=100000)
    ap.add_argument("--make-tree", help=argparse.SUPPRESS)  # in a process of its own (see run_ingest)
    ap.add_argument("--spec", help=argparse.SUPPRESS)
    # CORPUS_FAULT_MAX_RSS_MIB: more for sanitizer builds (ASan's shadow memory and quarantine).
    ap.add_argument("--max-rss-mib", type=float, default=float(os.environ.get("CORPUS_FAULT_MAX_RSS_MIB", "160")))
    ap.add_argument("--keep", help="work here and keep the tree and database")
    a = ap.parse_args()
    if a.make_tree:
        good, bad = make_tree(a.make_tree, a.files)
        with open(a.spec, "w", encoding="utf-8", errors="surrogateescape") as f:
            json.dump({"good": sorted(good), "bad": bad}, f)
        return 0
    return in_workdir(a.keep, "corpus-bad-", lambda work: run(a, work))


def run(a, work):
    root = os.path.join(work, "in")
    t0 = time.monotonic()
    spec = os.path.join(work, "expected.json")
    subprocess.run([sys.executable, os.path.abspath(__file__), "--make-tree", root, "--files", str(a.files),
                    "--spec", spec], check=True)
    with open(spec, encoding="utf-8", errors="surrogateescape") as f:
        expected = json.load(f)
    good, bad = set(expected["good"]), [tuple(x) for x in expected["bad"]]
    print(f"tree: {len(good)} good articles, {len(bad)} bad inputs, made in {time.monotonic() - t0:.1f} s")
    db = os.path.join(work, "bad.db")
    code, _, err, secs, peak = run_ingest(a, db, root)
    if code != 1:
        fail(f"ingest exited {code}, not 1: {err[-2000:].decode(errors='replace')}")
    lines = err.splitlines()
    summary = lines.pop() if lines else b""
    if not re.match(rb"\d+ added, 0 updated, 0 unchanged, 1 duplicate, \d+ rejected in ", summary):
        fail(f"summary: {summary!r}")
    added, rejected = map(int, re.match(rb"(\d+) added, .* (\d+) rejected", summary).groups())
    problems = check_rejections(lines, bad)
    if problems:
        fail("the rejections are not as expected:\n" + "\n".join(problems[:20]))
    if rejected != len(bad) or added != len(good):
        fail(f"summary says {added} added and {rejected} rejected; expected {len(good)} and {len(bad)}")
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.text_factory = bytes
    uids = {u for (u,) in conn.execute("SELECT uid FROM articles")}
    conn.close()
    want = {g.encode("utf-8", "surrogateescape") for g in good}
    if uids != want:
        fail(f"stored articles differ: missing {sorted(want - uids)[:5]}, unexpected {sorted(uids - want)[:5]}")
    c = subprocess.run([a.corpus, "--db", db, "check"], capture_output=True, text=True)
    if c.returncode != 0 or c.stdout.strip() != "ok":
        fail(f"corpus check: {c.stdout}{c.stderr}")
    mib = peak / 1024
    if mib > a.max_rss_mib:
        fail(f"peak resident memory {mib:.0f} MiB, over {a.max_rss_mib:.0f} MiB")
    print(f"ingest: {added} added, {rejected} rejected, each as expected, in {secs:.1f} s, peak {mib:.0f} MiB")

    # Again, with the report on stdout as JSON Lines: nothing changes, every line parses.
    code, out, err, secs2, peak2 = run_ingest(a, db, root, "--json")
    if code != 1:
        fail(f"second ingest exited {code}: {err[-1000:]!r}")
    reports = [json.loads(l) for l in out.splitlines()]
    summary2 = reports[-1]
    if summary2.get("added") != 0 or summary2.get("updated") != 0 or summary2.get("rejected") != len(bad):
        fail(f"second ingest: {summary2}")
    if sum(1 for x in reports if x.get("type") == "rejected") != len(bad):
        fail("second ingest: the JSON report does not list every rejection")
    print(f"again with --json: 0 added, {summary2.get('unchanged')} unchanged, {len(bad)} rejections as JSON,"
          f" in {secs2:.1f} s, peak {peak2 / 1024:.0f} MiB")
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
