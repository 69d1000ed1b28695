#!/usr/bin/env python3
"""Fault injection against Gazette's programs (bench/faults.sh runs it; standard library only).

Campaigns, each reported as rows of a markdown table (phase | kills or trials | violations |
notes) on stdout, progress on stderr:

1. kill -9 at a random moment, FAULTS_KILLS times per phase: a crawl of the sample site, a bulk
   import (`gazette-index FILE`), `gazette-index update`, `gazette-index rebuild`, `gazette-crawl
   update`. An uninterrupted run is timed first (trial 0, checked like the others); each trial
   starts the program, kills it at a uniform random moment within that time, runs it again to
   completion and checks the invariants (check_data_dir). During the index phases a `gazette-query
   serve` over the same data directory is queried continuously; any error is a violation.
2. A full disk (root only: a tmpfs sized to fill part way): a crawl, an import and an update must
   stop with exit status 3 and a message naming a path in the data directory; once the tmpfs is
   made bigger, the same command completes with the invariants intact.
3. A read-only data directory, a damaged crawl.sqlite, a truncated postlist.glass: every command
   must end with its documented exit status and a message naming the data directory, without a
   crash, and write nothing outside the data directory.

Environment: FAULTS_KILLS (100), FAULTS_SEED (random), FAULTS_BUILD (build/ci), FAULTS_TMP
(build/faults-tmp), FAULTS_ARTICLES (articles generated for the index phases, 2000),
FAULTS_DISK_TRIALS (tmpfs sizes per command, 5; ten times as many for the crawl: it is quick,
and where it meets the full disk varies from run to run), FAULTS_DISK_OPS (crawl,import,update),
FAULTS_TIMEOUT (seconds after which a run counts as hung, 60), FAULTS_PHASES (comma-separated
subset of: crawl,import,update,rebuild,crawl-update,disk-full,errors). A program hung, crashed,
or exited otherwise than documented is a violation. Exit status 1 when any violation was found,
0 otherwise.
"""
import http.client
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
KILLS = int(os.environ.get("FAULTS_KILLS", "100"))
SEED = int(os.environ.get("FAULTS_SEED") or random.SystemRandom().randrange(1 << 31))
BUILD = (ROOT / os.environ.get("FAULTS_BUILD", "build/ci")).resolve()
WORK = (ROOT / os.environ.get("FAULTS_TMP", "build/faults-tmp")).resolve()
ARTICLES = int(os.environ.get("FAULTS_ARTICLES", "2000"))
DISK_TRIALS = int(os.environ.get("FAULTS_DISK_TRIALS", "5"))  # tmpfs sizes per command
DISK_OPS = os.environ.get("FAULTS_DISK_OPS", "crawl,import,update").split(",")
ALL_PHASES = ["crawl", "import", "update", "rebuild", "crawl-update", "disk-full", "errors"]
PHASES = [p for p in os.environ.get("FAULTS_PHASES", ",".join(ALL_PHASES)).split(",") if p]
RUN_TIMEOUT = int(os.environ.get("FAULTS_TIMEOUT", "60"))  # seconds before a run counts as hung
CWD = WORK / "cwd"  # every program runs here: it must stay empty (nothing written outside)
QUERY_WORDS = ["harbour", "council", "budget", "ferry", "museum", "valley", "the", "club*",
               "\"city council\"", "site:127.0.0.1", "lang:fr", "xyzzy"]
CRASH_MARKS = ("Sanitizer", "runtime error:", "terminate called", "Segmentation fault")


STARTED = time.monotonic()


def log(msg):
    print(f"faults [{time.monotonic() - STARTED:6.1f} s]: {msg}", file=sys.stderr, flush=True)


def find_binary(*candidates):
    for c in candidates:
        if (BUILD / c).is_file() and os.access(BUILD / c, os.X_OK):
            return str(BUILD / c)
    return None


CRAWL = find_binary("bin/gazette-crawl", "update/gazette-crawl")
INDEX = find_binary("bin/gazette-index", "indexer/gazette-index")
QUERY = find_binary("bin/gazette-query", "query/gazette-query")
SITE_SERVER = find_binary("tests/fixture_server/gazette-site-server")
# The programs' settings: the defaults (no config file: they run in CWD, which has none), but no
# politeness delay on loopback and a commit every 100 articles, so that kills land between commits.
ENV = {k: v for k, v in os.environ.items() if not k.startswith("GAZETTE_")}
ENV.update(GAZETTE_CRAWL_DELAY_SECONDS="0", GAZETTE_INDEX_BATCH_SIZE="100",
           GAZETTE_LOG_LEVEL="info")
CHILDREN = []  # long-running processes to stop on the way out


class Results:
    def __init__(self):
        self.rows = []        # (phase, count, violations, notes)
        self.violations = []  # dicts

    def violation(self, phase, trial, check, detail, kept=None):
        v = {"phase": phase, "trial": trial, "check": check, "detail": detail, "kept": kept}
        self.violations.append(v)
        log(f"VIOLATION {phase} trial {trial}: {check}: {detail}")
        return v


R = Results()


# ---------------------------------------------------------------------------------------------
# Running programs


HUNG = -1000  # the exit status run() reports for a program it had to kill


def run(cmd, log_path=None, timeout=RUN_TIMEOUT):
    """Runs cmd to completion in CWD; returns (exit status, combined output). A program still
    running after `timeout` seconds is killed: status HUNG."""
    rc, out, _ = run_to_end([str(c) for c in cmd], log_path, timeout)
    return rc, out


def run_killed(cmd, delay, log_path):
    """Starts cmd, kills it with SIGKILL after `delay` seconds; True when it was still running."""
    with open(log_path, "a", encoding="utf-8") as f:
        f.write(f"$ {' '.join(map(str, cmd))}   # kill -9 after {delay:.3f} s\n")
        f.flush()
        p = subprocess.Popen(cmd, cwd=CWD, env=ENV, stdout=f, stderr=subprocess.STDOUT)
        try:
            p.wait(timeout=delay)
            f.write(f"[exited {p.returncode} before the kill]\n")
            return False, p.returncode
        except subprocess.TimeoutExpired:
            os.kill(p.pid, signal.SIGKILL)
            p.wait()
            f.write("[killed]\n")
            return True, p.returncode


def run_to_end(cmd, log_path, timeout):
    """Runs cmd to completion; returns (exit status or HUNG, combined output, pid)."""
    p = subprocess.Popen(cmd, cwd=CWD, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        out = p.communicate(timeout=timeout)[0].decode("utf-8", "replace")
        rc = p.returncode
    except subprocess.TimeoutExpired:
        p.kill()
        out = p.communicate()[0].decode("utf-8", "replace")
        out += f"\n[hung: still running after {timeout:.0f} s, killed]"
        rc = HUNG
    if log_path:
        with open(log_path, "a", encoding="utf-8") as f:
            f.write(f"$ {' '.join(cmd)}\n{out}[exit {rc}]\n")
    return rc, out, p.pid


def status_text(rc):
    return f"hung (no exit in {RUN_TIMEOUT} s)" if rc == HUNG else f"exit status {rc}"


def crashed(rc, out):
    return (rc < 0 and rc != HUNG) or rc in (134, 136, 139) or any(m in out for m in CRASH_MARKS)


def tail(text, n=3):
    lines = [l for l in text.strip().splitlines() if l.strip()]
    return " / ".join(lines[-n:])[-400:]


def start_listening(cmd, log_path, pattern):
    """Starts a server and waits for its port in its output; returns (Popen, port)."""
    f = open(log_path, "wb")  # a fresh log: an old "listening" line must not be read
    p = subprocess.Popen(cmd, cwd=CWD, env=ENV, stdout=f, stderr=subprocess.STDOUT)
    CHILDREN.append(p)
    for _ in range(200):
        m = re.search(pattern, Path(log_path).read_text(errors="replace"))
        if m:
            return p, int(m.group(1))
        if p.poll() is not None:
            break
        time.sleep(0.05)
    raise RuntimeError(f"{cmd[0]} did not start; see {log_path}")


def stop(p):
    if p.poll() is None:
        p.terminate()
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    if p in CHILDREN:
        CHILDREN.remove(p)
    return p.returncode


class SiteServer:
    """The bundled sample site on 127.0.0.1: gazette-site-server, or Python's http.server."""

    def __init__(self):
        if SITE_SERVER:
            self.proc, self.port = start_listening(
                [SITE_SERVER, "--root", str(ROOT / "samples/site"), "--listen", "127.0.0.1:0"],
                WORK / "site-server.log", r"listening on http://127\.0\.0\.1:(\d+)")
        else:
            import functools
            import http.server

            class Quiet(http.server.SimpleHTTPRequestHandler):
                def log_message(self, *args):
                    pass

            handler = functools.partial(Quiet, directory=str(ROOT / "samples/site"))
            self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            self.httpd.handle_error = lambda *args: None  # a crawler that hangs up is fine
            self.port = self.httpd.server_address[1]
            threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
            self.proc = None
        self.url = f"http://127.0.0.1:{self.port}/"

    def close(self):
        if self.proc:
            stop(self.proc)
        else:
            self.httpd.shutdown()


class Prober(threading.Thread):
    """Queries a `gazette-query serve` over the data directory until stopped; counts errors."""

    def __init__(self, data, log_path, rng):
        super().__init__(daemon=True)
        self.server, self.port = start_listening(
            [QUERY, "--data-dir", str(data), "serve", "--listen", "127.0.0.1:0"], log_path,
            r"listening on port (\d+)")
        self.rng = random.Random(rng.random())
        self.requests = 0
        self.errors = []
        self.halt = threading.Event()
        deadline = time.time() + 10
        while self.ask() is not None:  # up means: one answer without error
            if time.time() > deadline:
                stop(self.server)
                raise RuntimeError(f"it never answered before the run; see {log_path}")
            time.sleep(0.05)
        self.start()

    def ask(self):
        """One search; returns None when fine, else what was wrong."""
        q = self.rng.choice(QUERY_WORDS)
        path = f"/api/search?q={quote(q, safe='')}&per_page=10"
        try:
            c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
            c.request("GET", path)
            r = c.getresponse()
            body = r.read()
            c.close()
            if not 200 <= r.status < 300:
                return f"{path}: status {r.status}: {body[:200]!r}"
            json.loads(body)
            return None
        except (OSError, http.client.HTTPException, ValueError) as e:
            return f"{path}: {type(e).__name__}: {e}"

    def run(self):
        while not self.halt.is_set():
            problem = self.ask()
            self.requests += 1
            if problem:
                self.errors.append(problem)
            time.sleep(0.01)

    def finish(self):
        """Stops probing and the server; returns a list of problems."""
        time.sleep(0.3)  # the server follows a new index within a second: keep asking a while
        self.halt.set()
        self.join()
        problems = list(self.errors)
        if self.server.poll() is not None:
            problems.append(f"the search server exited on its own: {self.server.returncode}")
        rc = stop(self.server)
        if rc not in (0, -signal.SIGTERM):
            problems.append(f"the search server ended with status {rc} on SIGTERM")
        return problems


# ---------------------------------------------------------------------------------------------
# Invariants


def identity(record):
    return record.get("canonical_url") or record["url"]


def id_term(url):
    """common/schema.cc id_term: "Q" + URL, or its head + a 128-bit hash past 240 bytes."""
    term = ("Q" + url).encode()
    if len(term) <= 240:
        return term

    def fnv(data, h):
        for b in data:
            h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
        return h

    raw = url.encode()
    tag = f"#{fnv(raw, 0xCBF29CE484222325):016x}{fnv(raw, 0x84222325CBF29CE4):016x}".encode()
    end = 240 - len(tag)
    while end > 0 and (term[end] & 0xC0) == 0x80:
        end -= 1
    return term[:end] + tag


def check_articles(data, problems):
    """Every line of articles/*.jsonl is whole JSON; returns the set of identity id terms."""
    ids = set()
    folder = data / "articles"
    for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else []:
        raw = path.read_bytes()
        if raw and not raw.endswith(b"\n"):
            problems.append(f"torn line: {path} does not end with a newline")
        for n, line in enumerate(raw.splitlines(), 1):
            try:
                ids.add(id_term(identity(json.loads(line))))
            except (ValueError, KeyError, TypeError) as e:
                problems.append(f"torn line: {path}:{n}: {e}")
    for part in folder.glob("*.part") if folder.is_dir() else []:
        problems.append(f"leftover part file after a completed run: {part}")
    return ids


def shard_dirs(db):
    """The shard directories of a database directory (those its XAPIANDB stub lists), or itself."""
    stub = db / "XAPIANDB"
    if not stub.is_file():
        return [db]
    return [db / l.split()[1] for l in stub.read_text().splitlines()
            if len(l.split()) == 2 and l.split()[0] in ("auto", "glass")]


def index_databases(data):
    """The database DIR/index is (following the link to its generation) and its shards."""
    real = (data / "index").resolve()
    return real, shard_dirs(real)


def read_id_terms(db):
    """{id term: termfreq} and the document count of a database (Xapian bindings or delve)."""
    try:
        import xapian
        d = xapian.Database(str(db))
        return {t.term: t.termfreq for t in d.allterms(b"Q")}, d.get_doccount()
    except ImportError:
        pass
    p = subprocess.run(["xapian-delve", "-A", "Q", "-1", "-v", str(db)], capture_output=True)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.decode(errors="replace").strip())
    terms = {}
    for line in p.stdout.splitlines():
        term, _, freq = line.rpartition(b" ")
        if term.startswith(b"Q"):
            terms[term] = int(freq)
    p = subprocess.run(["xapian-delve", str(db)], capture_output=True, text=True)
    m = re.search(r"number of documents = (\d+)", p.stdout)
    if p.returncode != 0 or not m:
        raise RuntimeError(p.stderr.strip() or "xapian-delve printed no document count")
    return terms, int(m.group(1))


def check_index(data, expected_ids, problems, kept_generations=True):
    index = data / "index"
    if not index.exists():
        problems.append(f"no index at {index}")
        return
    top, shards = index_databases(data)
    for shard in shards:
        p = subprocess.run(["xapian-check", str(shard)], capture_output=True, text=True)
        if p.returncode != 0 or "No errors found" not in p.stdout:
            problems.append(f"xapian-check {shard}: {tail(p.stdout + p.stderr, 2)}")
    for gen in data.glob("index.gen-*") if kept_generations else []:
        if gen.is_dir() and gen.resolve() != top:  # the one kept for rollback must be sound too
            for shard in shard_dirs(gen):
                p = subprocess.run(["xapian-check", str(shard)], capture_output=True, text=True)
                if p.returncode != 0:
                    problems.append(f"xapian-check {shard} (kept generation): {tail(p.stdout, 2)}")
    try:
        terms, docs = read_id_terms(top)
    except RuntimeError as e:
        problems.append(f"the index does not open: {top}: {e}")
        return
    dups = [t for t, f in terms.items() if f != 1]
    if dups:
        problems.append(f"duplicated articles in the index: {len(dups)}, "
                        f"e.g. {dups[0][1:].decode()}")
    if docs != len(terms):
        problems.append(f"the index holds {docs} documents but {len(terms)} identities")
    lost = expected_ids - terms.keys()
    extra = terms.keys() - expected_ids
    if lost:
        problems.append(f"articles lost from the index: {len(lost)} of {len(expected_ids)}, "
                        f"e.g. {sorted(lost)[0][1:].decode()}")
    if extra:
        problems.append(f"index holds {len(extra)} URLs not in articles/, "
                        f"e.g. {sorted(extra)[0][1:].decode()}")


def frontier_rows(data):
    db = sqlite3.connect(f"file:{data / 'crawl.sqlite'}?mode=ro", uri=True)
    try:
        ok = db.execute("PRAGMA integrity_check").fetchone()[0]
        rows = {u: (s, n)
                for u, s, n in db.execute("SELECT url, status, next_attempt_at FROM urls")}
        return ok, rows
    finally:
        db.close()


def check_frontier(data, reference, problems):
    try:
        ok, rows = frontier_rows(data)
    except sqlite3.Error as e:
        problems.append(f"crawl.sqlite does not open: {e}")
        return
    if ok != "ok":
        problems.append(f"crawl.sqlite integrity_check: {ok}")
    now_ms = time.time() * 1000
    stuck = [u for u, (s, n) in rows.items() if s == 1 or (s == 0 and n <= now_ms)]
    if stuck:
        problems.append(f"URLs stuck in flight or queued after a completed crawl: {len(stuck)}, "
                        f"e.g. {stuck[0]} (status {rows[stuck[0]][0]})")
    if reference is not None:
        lost = reference.keys() - rows.keys()
        if lost:
            problems.append(f"URLs lost from the frontier: {len(lost)}, e.g. {sorted(lost)[0]}")
        changed = [u for u in reference.keys() & rows.keys() if reference[u][0] != rows[u][0]]
        if changed:
            u = sorted(changed)[0]
            problems.append(f"URLs whose final state differs from an uninterrupted crawl: "
                            f"{len(changed)}, e.g. {u} ({rows[u][0]} instead of {reference[u][0]})")


def check_warc(data, final_pids, problems, notes):
    """Each record of archive/*.warc.gz is a gzip member; only the tail of a file written by a run
    that was killed (or stopped by a full disk) may be torn: such a file is never appended to."""
    for path in sorted((data / "archive").glob("*.warc*")):
        blob = path.read_bytes()
        pos, size, records = 0, len(blob), 0
        while pos < size:
            d = zlib.decompressobj(31)
            p, head, err = pos, b"", None
            try:
                while not d.eof and p < size:
                    chunk = blob[p:p + 65536]
                    out = d.decompress(chunk)
                    if len(head) < 16:
                        head += out[:16]
                    p += len(chunk)
            except zlib.error as e:
                err = str(e)
            if err is None and d.eof:
                pos = p - len(d.unused_data)
                records += 1
                if not head.startswith(b"WARC/1."):
                    problems.append(f"WARC: {path} record at byte {pos} is no WARC record")
                continue
            nxt = blob.find(b"\x1f\x8b\x08", pos + 1)
            if nxt != -1:
                problems.append(f"WARC: {path}: damaged record at byte {pos} "
                                f"({err or 'truncated'}) followed by more data")
            else:
                m = re.search(r"-(\d+)-\d+\.warc", path.name)
                if m and int(m.group(1)) in final_pids:
                    problems.append(f"WARC: {path}: torn last record at byte {pos}, written by a "
                                    "run that completed")
                notes["torn WARC tails"] = notes.get("torn WARC tails", 0) + 1
            break
        notes["WARC records"] = notes.get("WARC records", 0) + records


def check_leftovers(data, problems):
    for left in list(data.rglob("*.compacting")) + list(data.glob("index.swap")):
        problems.append(f"leftover after a completed run: {left}")
    gens = sorted(g.name for g in data.glob("index.gen-*")
                  if re.fullmatch(r"index\.gen-\d+", g.name))
    if len(gens) > 2:
        problems.append(f"leftover generations: {len(gens)} kept (the current and the previous "
                        f"expected): {', '.join(gens)}")
    locks = sorted(l.name for l in data.glob("index.gen-*.lock") if l.name[:-5] not in gens)
    if locks:
        problems.append(f"leftover lock files of removed generations: {', '.join(locks)}")


def check_data_dir(data, ctx, notes):
    """Every invariant that applies to the data directory; returns a list of problems.
    ctx: crawl (bool), index (bool), reference ({url: (status, next)} or None),
    reference_ids (set of id terms the articles must hold, or None), final_pids."""
    problems = []
    ids = check_articles(data, problems)
    if ctx.get("reference_ids") is not None and ids != ctx["reference_ids"]:
        lost = ctx["reference_ids"] - ids
        example = f"; e.g. lost {sorted(lost)[0][1:].decode()}" if lost else ""
        problems.append(f"articles/ holds {len(ids)} distinct URLs, an uninterrupted crawl "
                        f"{len(ctx['reference_ids'])}{example}")
    if ctx.get("crawl"):
        check_frontier(data, ctx.get("reference"), problems)
        check_warc(data, ctx.get("final_pids", set()), problems, notes)
    if ctx.get("index"):
        check_index(data, ids, problems, ctx.get("kept_generations", True))
    check_leftovers(data, problems)
    return problems


# ---------------------------------------------------------------------------------------------
# Data


def generated_articles(n, rng):
    """n article records made from samples/archive.jsonl, new URLs, about 5% repeating an
    earlier URL with other text (a later version replaces it)."""
    base = [json.loads(l) for l in (ROOT / "samples/archive.jsonl").read_text().splitlines() if l]
    lines = []
    for k in range(n):
        if k > 20 and rng.random() < 0.05:
            a = dict(json.loads(lines[rng.randrange(len(lines))]))
            a["text"] = a["text"][::-1]
        else:
            a = dict(base[k % len(base)])
            for key in ("url", "canonical_url"):
                if a.get(key):
                    a[key] = f"{a[key]}-f{k}"
            words = a["text"].split()
            rng.shuffle(words)
            a["title"] = f"{a['title']} ({k})"
            a["text"] = " ".join(words)
        lines.append(json.dumps(a, ensure_ascii=False))
    return [l + "\n" for l in lines]


def tree_bytes(path):
    """Bytes a file or tree takes on tmpfs (whole pages per file and directory)."""
    if not os.path.isdir(path):
        return -(-os.path.getsize(path) // 4096) * 4096
    total = 0
    for root, dirs, files in os.walk(path):
        total += 4096 * (1 + len(dirs))
        for f in files:
            total += -(-os.lstat(os.path.join(root, f)).st_size // 4096) * 4096
    return total


def fresh(path):
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


class Setup:
    """Builds the data directories the phases start from (once)."""

    def __init__(self, site, rng):
        self.site = site
        self.dir = fresh(WORK / "base")
        self.log = self.dir / "setup.log"
        half = ARTICLES // 2
        gen = generated_articles(ARTICLES, rng)
        self.gen_first, self.gen_second = gen[:half], gen[half:]
        self.import_file = self.dir / "import.jsonl"
        self.import_file.write_text("".join(gen))

        # A crawl of the site, uninterrupted: the reference for the crawl phases.
        self.crawled = self.dir / "crawled"
        self.must([CRAWL, "add", "--data-dir", self.crawled, site.url])
        t = time.monotonic()
        self.must([CRAWL, "crawl", "--data-dir", self.crawled])
        self.crawl_seconds = time.monotonic() - t
        ok, self.frontier = frontier_rows(self.crawled)
        problems = []
        self.crawl_ids = check_articles(self.crawled, problems)
        if problems or not self.crawl_ids:
            raise RuntimeError(f"the reference crawl is not sound: {problems or 'no articles'}")
        # The same, indexed: a complete data directory (for the error cases).
        self.complete = self.copy(self.crawled, self.dir / "complete")
        self.must([INDEX, "--data-dir", self.complete, "update"])

        # Sample archive indexed (a data directory whose index exists before a phase starts).
        self.sampled = fresh(self.dir / "sampled")
        (self.sampled / "articles").mkdir()
        shutil.copy(ROOT / "samples/archive.jsonl", self.sampled / "articles/sample.jsonl")
        self.must([INDEX, "--data-dir", self.sampled, "update"])
        # Half the generated articles indexed by update (the update phase appends the rest).
        self.half = fresh(self.dir / "half")
        (self.half / "articles").mkdir()
        (self.half / "articles/gen.jsonl").write_text("".join(self.gen_first))
        self.must([INDEX, "--data-dir", self.half, "update"])
        # All of them indexed (the rebuild phase).
        self.full = self.copy(self.half, self.dir / "full")
        self.append_second_half(self.full)
        self.must([INDEX, "--data-dir", self.full, "update"])

    def must(self, cmd):
        cmd = [str(c) for c in cmd]
        rc, out = run(cmd, self.log)
        if rc != 0:
            raise RuntimeError(f"setup: {' '.join(cmd)} exited {rc}: {tail(out)}")

    def append_second_half(self, data):
        with open(data / "articles/gen.jsonl", "a") as f:
            f.writelines(self.gen_second[: len(self.gen_second) // 2])
        rest = self.gen_second[len(self.gen_second) // 2:]
        (data / "articles/more.jsonl").write_text("".join(rest))

    @staticmethod
    def copy(src, dst):
        if dst.exists():
            shutil.rmtree(dst)
        shutil.copytree(src, dst, symlinks=True)
        return dst


# ---------------------------------------------------------------------------------------------
# Campaign 1: kill -9


def kill_campaign(name, prepare, command, ctx, server, rng, persistent=False):
    """prepare(dir) -> a data directory made in dir; command(data) -> argv. Trial 0 runs
    uninterrupted and is timed; trials 1..KILLS kill -9 at a random moment within that time, then
    run the command again to completion. persistent: one data directory for every trial."""
    phase_dir = fresh(WORK / "kill" / name)
    landed, probes, errors, duration, kept = 0, 0, 0, 0.0, []
    notes = {}
    data = prepare(phase_dir) if persistent else None
    for trial in range(0, KILLS + 1):
        tdir = phase_dir / f"trial-{trial}"
        tdir.mkdir()
        if not persistent:
            data = prepare(tdir)
        log_path = tdir / "run.log"
        log(f"{name}: trial {trial}/{KILLS}" + (" (uninterrupted, timed)" if trial == 0 else ""))
        problems, prober = [], None
        try:
            prober = Prober(data, tdir / "serve.log", rng) if server else None
        except RuntimeError as e:
            problems.append(f"search server: {e}")
        cmd = [str(c) for c in command(data)]
        delay = None
        if trial > 0:
            delay = rng.uniform(0, duration)
            was_running, first_rc = run_killed(cmd, delay, log_path)
            landed += was_running
            if not was_running and first_rc != 0:
                problems.append(f"exit status {first_rc} (the run before the kill): see {log_path}")
        t = time.monotonic()
        rc, out, pid = run_to_end(cmd, log_path, timeout=max(RUN_TIMEOUT, duration * 30))
        if trial == 0:
            duration = time.monotonic() - t
        if rc != 0:
            which = "the uninterrupted run" if trial == 0 else "the run after the kill"
            problems.append(f"{status_text(rc)} ({which}): {tail(out)}")
        if crashed(rc, out):
            problems.append(f"crash: {tail(out)}")
        if prober:
            server_problems = prober.finish()
            probes += prober.requests
            errors += len(server_problems)
            if server_problems:
                problems.append(f"search server: {len(server_problems)} errors in "
                                f"{prober.requests} requests, first: {server_problems[0]}")
        problems += check_data_dir(data, dict(ctx, final_pids={pid}), notes)
        if problems:
            keep = WORK / "kept" / f"{name}-trial-{trial}"
            shutil.copytree(tdir, keep, symlinks=True, dirs_exist_ok=True)
            if persistent:
                shutil.copytree(data, keep / "data", symlinks=True, dirs_exist_ok=True)
            kept.append(trial)
            when = "uninterrupted" if delay is None else f"kill after {delay:.3f} s"
            for pr in problems:
                R.violation(name, trial, pr.split(":")[0], f"{pr} (seed {SEED}, {when})", str(keep))
        shutil.rmtree(tdir)
    n = sum(1 for v in R.violations if v["phase"] == name)
    note = [f"uninterrupted run {duration:.2f} s", f"{landed}/{KILLS} kills landed mid-run"]
    if server:
        note.append(f"search server: {probes} requests, {errors} errors")
    if notes.get("torn WARC tails"):
        note.append(f"{notes['torn WARC tails']} torn WARC tails, all in killed runs' files")
    if kept:
        note.append(f"kept: {WORK / 'kept'}/{name}-trial-{{{','.join(map(str, kept[:10]))}}}")
    R.rows.append((f"kill -9: {name}", KILLS, n, "; ".join(note)))


def kill_phases(setup, rng):
    crawl_ctx = {"crawl": True, "reference": setup.frontier, "reference_ids": setup.crawl_ids}
    index_ctx = {"index": True}
    seed_url = setup.site.url

    def new_crawl(tdir):
        data = tdir / "data"
        run([CRAWL, "add", "--data-dir", str(data), seed_url], tdir / "setup.log")
        return data

    def copy_of(src, extra=None):
        def prepare(tdir):
            data = Setup.copy(src, tdir / "data")
            if extra:
                extra(data)
            return data
        return prepare

    def with_import_file(data):
        shutil.copy(setup.import_file, data / "articles/import.jsonl")

    def with_seed(data):
        run([CRAWL, "add", "--data-dir", str(data), seed_url], data.parent / "setup.log")

    phases = {
        "crawl": (new_crawl, lambda d: [CRAWL, "crawl", "--data-dir", d], crawl_ctx, False, False),
        "import": (copy_of(setup.sampled, with_import_file),
                   lambda d: [INDEX, "--data-dir", d, d / "articles/import.jsonl"], index_ctx,
                   True, False),
        "update": (copy_of(setup.half, setup.append_second_half),
                   lambda d: [INDEX, "--data-dir", d, "update"], index_ctx, True, False),
        "rebuild": (copy_of(setup.full), lambda d: [INDEX, "--data-dir", d, "rebuild"],
                    index_ctx, True, True),
        "crawl-update": (copy_of(setup.sampled, with_seed),
                         lambda d: [CRAWL, "update", "--data-dir", d],
                         dict(crawl_ctx, index=True,
                              reference_ids=setup.crawl_ids | sample_ids()), True, False),
    }
    for name, (prepare, command, ctx, server, persistent) in phases.items():
        if name in PHASES:
            kill_campaign(name, prepare, command, ctx, server, rng, persistent)


def sample_ids():
    return {id_term(identity(json.loads(l)))
            for l in (ROOT / "samples/archive.jsonl").read_text().splitlines() if l}


# ---------------------------------------------------------------------------------------------
# Campaign 2: a full disk


class Tmpfs:
    def __init__(self, path, size):
        self.path = fresh(path)
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                       check=True, capture_output=True)

    def grow(self, size):
        subprocess.run(["mount", "-o", f"remount,size={size}", str(self.path)], check=True,
                       capture_output=True)

    def close(self):
        subprocess.run(["umount", str(self.path)], capture_output=True)


def disk_full_phase(setup):
    name = "disk full"
    ops = {
        # op: (prepare data on the tmpfs, steps (argv lists), context, bytes before, growth)
        "crawl": (lambda d: None,
                  lambda d: [[CRAWL, "add", "--data-dir", d, setup.site.url],
                             [CRAWL, "crawl", "--data-dir", d]],
                  {"crawl": True, "reference": setup.frontier, "reference_ids": setup.crawl_ids},
                  0, tree_bytes(setup.crawled)),
        "import": (lambda d: shutil.copy(setup.import_file, d / "articles/import.jsonl"),
                   lambda d: [[INDEX, "--data-dir", d, d / "articles/import.jsonl"]],
                   {"index": True}, tree_bytes(setup.import_file), None),
        "update": (lambda d: shutil.copy(setup.import_file, d / "articles/import.jsonl"),
                   lambda d: [[INDEX, "--data-dir", d, "update"]],
                   {"index": True}, tree_bytes(setup.import_file), None),
    }
    if os.geteuid() != 0:
        for op in ops:
            R.rows.append((f"{name}: {op}", 0, 0, "skipped (needs root)"))
        return
    for op, (prepare, steps, ctx, before, growth) in ops.items():
        if op not in DISK_OPS:
            continue
        if growth is None:  # measured: the index an uninterrupted run writes
            probe = fresh(WORK / "disk-full" / f"{op}-measure")
            (probe / "articles").mkdir()
            prepare(probe)
            for cmd in steps(probe):
                run([str(c) for c in cmd], probe.parent / f"{op}-measure.log")
            growth = tree_bytes(probe) - before
            shutil.rmtree(probe)
        trials, outcomes = 0, {}
        count = DISK_TRIALS * (10 if op == "crawl" else 1)  # crawls are quick: more fill points
        for frac in [0.9 * (k + 0.5) / count for k in range(count)]:
            trials += 1
            log(f"{name}: {op} with room for {frac * 100:.1f}% of what it writes")
            size = before + 16 * 4096 + int(frac * growth)
            mnt = WORK / "disk-full" / f"{op}-{frac * 100:.1f}"
            try:
                fs = Tmpfs(mnt, size)
            except (subprocess.CalledProcessError, OSError) as e:
                R.rows.append((f"{name}: {op}", 0, 0, f"skipped (needs root; mount failed: {e})"))
                return
            try:
                big = before + 4 * growth + (1 << 20)
                outcome = disk_full_trial(op, fs, prepare, steps, ctx, frac, size, big)
                outcomes.setdefault(outcome, []).append(f"{frac * 100:.1f}%")
            finally:
                fs.close()
        n = sum(1 for v in R.violations if v["phase"] == f"{name}: {op}")
        notes = [f"{outcome}: {len(at)}" + (f" (room for {', '.join(at)})" if len(at) <= 3 else "")
                 for outcome, at in outcomes.items()]
        R.rows.append((f"{name}: {op}", trials, n, "; ".join(notes)))


def disk_full_trial(op, fs, prepare, steps, ctx, frac, size, big):
    phase = f"disk full: {op}"
    data = fs.path / "data"
    (data / "articles").mkdir(parents=True)
    log_path = fs.path.parent / f"{fs.path.name}.log"
    prepare(data)
    cmds = [[str(c) for c in cmd] for cmd in steps(data)]
    problems, failed_at, rc, out = [], None, 0, ""
    for i, cmd in enumerate(cmds):
        rc, out = run(cmd, log_path)
        if rc != 0:
            failed_at = i
            break
    summary = ""
    if failed_at is None:
        summary += "completed: the disk did not fill"
    else:
        summary += status_text(rc)
        if rc != 3:
            problems.append(f"{status_text(rc)} on a full disk, 3 documented: {tail(out)}")
        if crashed(rc, out):
            problems.append(f"crash on a full disk: {tail(out)}")
        if rc != HUNG and not any(str(data) in l for l in error_lines(out)):
            problems.append(f"the error names no path in the data directory: "
                            f"{' / '.join(error_lines(out))[:300]}")
        fs.grow(big)
        for cmd in cmds[failed_at:]:
            rc, out = run(cmd, log_path)
            if rc != 0:
                problems.append(f"{status_text(rc)} (the run after space was freed): {tail(out)}")
                break
        summary += ", then completed" if rc == 0 else f", then {status_text(rc)}"
    problems += check_data_dir(data, dict(ctx, final_pids=set()), {})
    if problems:
        keep = WORK / "kept" / f"disk-full-{fs.path.name}"
        if keep.exists():
            shutil.rmtree(keep)
        shutil.copytree(fs.path, keep, symlinks=True)
        shutil.copy(log_path, keep.parent / f"disk-full-{fs.path.name}.log")
        for pr in problems:
            R.violation(phase, f"{frac * 100:.1f}%", pr.split(":")[0],
                        f"{pr} (tmpfs size {size} bytes; log {keep}.log)", str(keep))
    return summary


# ---------------------------------------------------------------------------------------------
# Campaign 3: read-only data directory, damaged crawl.sqlite, truncated index file


def listing(path, skip):
    out = set()
    for root, dirs, files in os.walk(path):
        if Path(root) == skip:
            dirs[:] = []
            continue
        dirs[:] = [d for d in dirs if Path(root, d) != skip]
        for f in files + dirs:
            p = Path(root, f)
            st = p.lstat()
            out.add((str(p), st.st_size, st.st_mtime_ns))
    return out


def damage_sqlite_header(data):
    with open(data / "crawl.sqlite", "r+b") as f:
        f.write(os.urandom(100))


def damage_sqlite_pages(data):
    path = data / "crawl.sqlite"
    size = path.stat().st_size
    with open(path, "r+b") as f:
        rng = random.Random(SEED)
        for page in range(1, size // 4096):
            f.seek(page * 4096)
            f.write(bytes(rng.randrange(256) for _ in range(4096)))


def truncate_postlist(data):
    _, shards = index_databases(data)
    target = shards[0] / "postlist.glass"
    os.truncate(target, target.stat().st_size // 2)


def run_queries(data, log_path):
    """Searches that read different parts of the index; returns (3 when one of them reported
    damage and the others answered, the status that is neither 0 nor 3, or 0, all output).
    Xapian reads only the blocks a search needs, so a search may rightly answer from intact
    ones; what must not happen is that every search answers from a damaged index."""
    rcs, outs = [], []
    for q in ("harbour", "the", "c*", "council budget"):
        rc, out = run([QUERY, "--data-dir", data, "--per-page", "3", q], log_path)
        rcs.append(rc)
        outs.append(out)
    odd = [rc for rc in rcs if rc not in (0, 3)]
    return (odd[0] if odd else 3 if 3 in rcs else 0), "\n".join(outs)


def error_lines(out):
    """The lines of a program's output that report an error (spdlog's error and critical)."""
    lines = [l for l in out.splitlines() if re.match(r"\S+ (error|critical) ", l)]
    return lines or out.strip().splitlines()[-3:]


def error_phase(setup):
    """Each case: a damaged copy of a complete data directory per command; every command must
    give its documented exit status, name the data directory, not crash, write nothing outside."""
    extra = WORK / "errors-input.jsonl"  # an import's input, outside any data directory
    extra.write_text("".join(setup.gen_second[:50]))
    url = setup.site.url
    crawl_cmds = [("crawl", lambda d: [CRAWL, "crawl", "--data-dir", d], 3),
                  ("add", lambda d: [CRAWL, "add", "--data-dir", d, url + "about.html"], 3),
                  ("crawl update", lambda d: [CRAWL, "update", "--data-dir", d], 3)]
    index_cmds = [("import", lambda d: [INDEX, "--data-dir", d, extra], 3),
                  ("index update", lambda d: [INDEX, "--data-dir", d, "update"], 3)]
    rebuild = lambda d: [INDEX, "--data-dir", d, "rebuild"]
    cases = [  # (case, the data directory it starts from, the damage, commands)
        ("read-only data directory", setup.complete, None, crawl_cmds + index_cmds + [
            ("rebuild", rebuild, 3),
            ("query (reading works)", lambda d: [QUERY, "--data-dir", d, "harbour"], 0)]),
        ("crawl.sqlite header overwritten", setup.complete, damage_sqlite_header, crawl_cmds),
        ("crawl.sqlite pages overwritten", setup.complete, damage_sqlite_pages, crawl_cmds),
        ("postlist.glass truncated to half", setup.full, truncate_postlist, index_cmds + [
            ("queries", "queries", 3), ("serve: a search", "serve", 503),
            ("rebuild (the documented recovery)", rebuild, 0)]),
    ]
    for case, base, damage, cmds in cases:
        notes = []
        for label, command, expected in cmds:
            log(f"errors: {case}: {label}")
            cdir = fresh(WORK / "errors" / re.sub(r"\W+", "-", f"{case}-{label}").strip("-"))
            data = Setup.copy(base, cdir / "data")
            if label == "index update" and damage:
                with open(data / "articles/new.jsonl", "w") as f:  # work for the update to do
                    f.writelines(setup.gen_second[50:100])
            undo = None
            if damage:
                damage(data)
            else:
                undo = make_read_only(data)
            logs = cdir / "logs"  # inside the case directory: excluded from the listing
            logs.mkdir()
            before = listing(cdir, data) | listing(CWD, None)
            try:
                if command == "serve":
                    rc, out = serve_status(data, logs / "serve.log")
                elif command == "queries":
                    rc, out = run_queries(data, logs / "run.log")
                else:
                    rc, out = run(command(data), logs / "run.log")
            finally:
                if undo:
                    undo()
            after = listing(cdir, data) | listing(CWD, None)
            problems = []
            if rc != expected:
                problems.append(f"{status_text(rc)}, {expected} expected: {tail(out)}")
            if crashed(rc if command != "serve" else 0, out):
                problems.append(f"crash: {tail(out)}")
            if rc not in (0, 200, 503, HUNG) and not any(str(data) in l for l in error_lines(out)):
                problems.append(f"the error names no path in the data directory: "
                                f"{' / '.join(error_lines(out))[:300]}")
            if after != before:
                changed = sorted(e[0] for e in after ^ before if not e[0].startswith(str(logs)))
                if changed:
                    problems.append(f"written outside the data directory: {changed[:3]}")
            if label.startswith("rebuild (") and rc == 0:  # the damaged index is kept as previous
                problems += check_data_dir(data, {"index": True, "kept_generations": False}, {})
            if command == "serve":
                statuses = re.findall(r"\[(/healthz.*)\]", out)[-1]
                notes.append("serve: " + statuses.replace("/api/search?q=", ""))
            else:
                notes.append(f"{label} {'hung' if rc == HUNG else rc}")
            if problems:
                keep = WORK / "kept" / cdir.name
                if keep.exists():
                    shutil.rmtree(keep)
                shutil.copytree(cdir, keep, symlinks=True)
                for pr in problems:
                    R.violation(f"errors: {case}", label, pr.split(":")[0], pr, str(keep))
            shutil.rmtree(cdir)
        n = sum(1 for v in R.violations if v["phase"] == f"errors: {case}")
        R.rows.append((case, len(cmds), n, "exit statuses: " + ", ".join(notes)))


def make_read_only(data):
    """Makes data read-only: a read-only bind mount (root ignores permission bits), else
    permission bits. Returns what undoes it."""
    if os.geteuid() == 0:
        if subprocess.run(["mount", "--bind", data, data], capture_output=True).returncode == 0:
            ro = subprocess.run(["mount", "-o", "remount,bind,ro", data], capture_output=True)
            if ro.returncode == 0:
                return lambda: subprocess.run(["umount", data], capture_output=True)
            subprocess.run(["umount", data], capture_output=True)

    def chmod_all(dirs_mode, files_mode):
        for root, dirs, files in os.walk(data):
            for name in dirs + files:
                path = os.path.join(root, name)
                if not os.path.islink(path):
                    os.chmod(path, dirs_mode if name in dirs else files_mode)
        os.chmod(data, dirs_mode)

    chmod_all(0o555, 0o444)
    return lambda: chmod_all(0o755, 0o644)


def serve_status(data, log_path):
    """`gazette-query serve` on a damaged index: /healthz, then searches that read different
    parts of the index. Returns (the first search status that is not 200, else 200; output with
    every status). A search that reads damage must get an error status, the server must live."""
    try:
        p, port = start_listening([QUERY, "--data-dir", str(data), "serve", "--listen",
                                   "127.0.0.1:0"], log_path, r"listening on port (\d+)")
    except RuntimeError:
        return -1, Path(log_path).read_text(errors="replace")
    statuses = []
    try:
        for path in ("/healthz", "/api/search?q=harbour", "/api/search?q=the",
                     "/api/search?q=c%2A", "/healthz"):
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
                c.request("GET", path)
                statuses.append((path, c.getresponse().status))
                c.close()
            except OSError as e:
                statuses.append((path, f"{type(e).__name__}"))
    finally:
        rc = stop(p)
    out = Path(log_path).read_text(errors="replace")
    out += "\n[" + ", ".join(f"{path} {st}" for path, st in statuses) + f"; exit {rc}]"
    searches = [st for path, st in statuses if path.startswith("/api/")]
    if rc not in (0, -signal.SIGTERM) or not all(isinstance(st, int) for st in searches):
        return -1, out + "\n[the server died or stopped answering]"
    return next((st for st in searches if st != 200), 200), out


# ---------------------------------------------------------------------------------------------


def main():
    missing = [n for n, b in [("gazette-crawl", CRAWL), ("gazette-index", INDEX),
                              ("gazette-query", QUERY)] if not b]
    if missing:
        log(f"{', '.join(missing)} not found under {BUILD} (set FAULTS_BUILD)")
        return 2
    unknown = set(PHASES) - set(ALL_PHASES)
    if unknown:
        log(f"unknown FAULTS_PHASES {sorted(unknown)}; known: {','.join(ALL_PHASES)}")
        return 2
    WORK.mkdir(parents=True, exist_ok=True)
    unmount_stale()
    for old in ("kept", "kill", "errors", "disk-full"):
        if (WORK / old).exists():
            shutil.rmtree(WORK / old)
    fresh(CWD)
    log(f"work directory {WORK}; seed {SEED}; {KILLS} kills per phase; binaries from {BUILD}")
    rng = random.Random(SEED)
    start = time.monotonic()
    site = SiteServer()
    try:
        setup = Setup(site, rng)
        log(f"reference crawl: {len(setup.crawl_ids)} articles in {setup.crawl_seconds:.2f} s")
        kill_phases(setup, rng)
        if "disk-full" in PHASES:
            disk_full_phase(setup)
        if "errors" in PHASES:
            error_phase(setup)
    finally:
        site.close()
        for p in list(CHILDREN):
            stop(p)
    if any(CWD.iterdir()):
        R.violation("all", "-", "cwd", f"files written in the working directory {CWD}: "
                    f"{sorted(x.name for x in CWD.iterdir())[:5]}")
    print(f"Fault injection: seed {SEED}, {KILLS} kills per phase, {ARTICLES} generated articles, "
          f"{time.monotonic() - start:.0f} s; work directory {WORK}\n")
    print("| phase | kills (or trials) | violations | notes |")
    print("|---|---:|---:|---|")
    for phase, count, n, notes in R.rows:
        print(f"| {phase} | {count} | {n} | {notes.replace('|', '/')} |")
    if R.violations:
        print(f"\nViolations ({len(R.violations)}; the same check failing in several trials is "
              f"listed once; reproduce with FAULTS_SEED={SEED} FAULTS_KILLS={KILLS} "
              "FAULTS_PHASES=<phase>):")
        groups = {}
        for v in R.violations:
            groups.setdefault((v["phase"], v["check"]), []).append(v)
        for (phase, _), vs in groups.items():
            v = vs[0]
            kept = f" [kept: {v['kept']}]" if v["kept"] else ""
            trials = ", ".join(str(x["trial"]) for x in vs[:20]) + (", ..." if len(vs) > 20 else "")
            print(f"- {phase}, trial {trials}: {v['detail']}{kept}")
    return 1 if R.violations else 0


def unmount_stale():
    """Unmounts what an interrupted earlier run may have left mounted under the work directory."""
    with open("/proc/mounts") as f:
        points = [line.split()[1] for line in f]
    for point in reversed(points):
        if point.startswith(str(WORK) + "/"):
            subprocess.run(["umount", point], capture_output=True)


def on_sigterm(*_):
    raise KeyboardInterrupt


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, on_sigterm)
    sys.exit(main())
