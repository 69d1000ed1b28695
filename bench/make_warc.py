#!/usr/bin/env python3
"""Writes a CC-NEWS-like WARC file for bench/replay.sh: real news pages (the extraction sets in
../shared/data/extraction) wrapped in the records a news crawl writes, one gzip member per record.

What a Common Crawl news file holds, in the same mix: a warcinfo record; for every fetch a request
record and a response record with the raw HTTP message as the server sent it (here: 40% of the
bodies gzip-encoded, 25% chunked, some both); 6% revisit records of an earlier capture
(identical-payload-digest, named by WARC-Refers-To); 10% responses that are no page (robots.txt,
CSS, JSON, an image, a 404, a redirect); and a metadata record after some responses.

Usage: bench/make_warc.py PAGES OUT.warc.gz [--seed N]
"""
import argparse
import base64
import gzip
import hashlib
import pathlib
import random
import sys
import uuid

DATA = pathlib.Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "extraction"


def page_sources():
    pages = []
    for path in sorted((DATA / "dragnet" / "pages").glob("*.html")):
        pages.append(path.read_bytes())
    for path in sorted((DATA / "trafeval" / "pages").glob("*.html.gz")):
        pages.append(gzip.decompress(path.read_bytes()))
    return pages


def record(fields, block):
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields)
    head += f"Content-Length: {len(block)}\r\n\r\n"
    return gzip.compress(head.encode() + block + b"\r\n\r\n", compresslevel=6)


def digest(payload):
    return "sha1:" + base64.b32encode(hashlib.sha1(payload).digest()).decode()


def chunked(body, rng):
    out = b""
    at = 0
    while at < len(body):
        n = rng.randint(500, 8000)
        out += b"%x\r\n" % len(body[at:at + n]) + body[at:at + n] + b"\r\n"
        at += n
    return out + b"0\r\n\r\n"


def http_message(status, content_type, body, rng):
    head = [f"HTTP/1.1 {status} {'OK' if status == 200 else 'Other'}",
            f"Content-Type: {content_type}", "Server: nginx", "Cache-Control: max-age=60"]
    if rng.random() < 0.4:
        body = gzip.compress(body, compresslevel=6)
        head.append("Content-Encoding: gzip")
    if rng.random() < 0.25:
        body = chunked(body, rng)
        head.append("Transfer-Encoding: chunked")
    else:
        head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


NOT_PAGES = [
    ("robots.txt", 200, "text/plain", b"User-agent: *\nDisallow: /search\n"),
    ("static/site.css", 200, "text/css", b"body { margin: 0 }\n" * 40),
    ("api/latest.json", 200, "application/json", b'{"items": [1, 2, 3]}'),
    ("img/logo.png", 200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
    ("missing", 404, "text/html", b"<html><body><h1>Not found</h1></body></html>"),
    ("old", 301, "text/html", b""),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sources = page_sources()
    if not sources:
        sys.exit(f"make_warc: no pages under {DATA}")
    captures = []  # (record id, url, payload digest) of earlier page responses
    with open(args.out, "wb") as out:
        out.write(record([("WARC-Type", "warcinfo"), ("WARC-Date", "2024-05-01T00:00:00Z"),
                          ("WARC-Record-ID", f"<urn:uuid:{uuid.UUID(int=rng.getrandbits(128))}>"),
                          ("Content-Type", "application/warc-fields")],
                         b"software: gazette bench/make_warc.py\r\nformat: WARC 1.0\r\n"))
        written = 0
        i = 0
        while written < args.pages:
            i += 1
            host = f"news{i % 97}.example"
            date = f"2024-05-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z"
            roll = rng.random()
            rid = f"<urn:uuid:{uuid.UUID(int=rng.getrandbits(128))}>"
            if roll < 0.06 and captures:
                ref_id, url, payload_digest = rng.choice(captures)
                out.write(record([
                    ("WARC-Type", "revisit"), ("WARC-Target-URI", url), ("WARC-Date", date),
                    ("WARC-Record-ID", rid), ("WARC-Refers-To", ref_id),
                    ("WARC-Profile",
                     "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"),
                    ("WARC-Truncated", "length"), ("WARC-Payload-Digest", payload_digest),
                    ("Content-Type", "application/http; msgtype=response")],
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"))
                written += 1
                continue
            if roll < 0.16:
                path, status, ctype, payload = NOT_PAGES[i % len(NOT_PAGES)]
                url = f"https://{host}/{path}"
            else:
                payload = sources[i % len(sources)]
                status, ctype = 200, "text/html; charset=utf-8"
                url = f"https://{host}/{2024}/05/story-{i}.html"
            out.write(record([("WARC-Type", "request"), ("WARC-Target-URI", url),
                              ("WARC-Date", date), ("Content-Type",
                                                    "application/http; msgtype=request")],
                             f"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()))
            out.write(record([
                ("WARC-Type", "response"), ("WARC-Target-URI", url), ("WARC-Date", date),
                ("WARC-Record-ID", rid), ("WARC-Payload-Digest", digest(payload)),
                ("Content-Type", "application/http; msgtype=response")],
                http_message(status, ctype, payload, rng)))
            if status == 200 and ctype.startswith("text/html"):
                captures.append((rid, url, digest(payload)))
                written += 1
            if rng.random() < 0.1:
                out.write(record([("WARC-Type", "metadata"), ("WARC-Target-URI", url),
                                  ("WARC-Date", date), ("WARC-Concurrent-To", rid),
                                  ("Content-Type", "application/warc-fields")],
                                 b"fetchTimeMs: 120\r\n"))


if __name__ == "__main__":
    main()
