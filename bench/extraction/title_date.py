#!/usr/bin/env python3
"""Title and date accuracy of Gazette's records on the dragnet pages, as far as the truth allows.

The truth (ground-truth.json) holds only each page's hand-made article text (and no URL), so:

* Title: a title counts as right when its words (\\w+ tokens, case ignored) appear, in order and
  contiguous, within the first 60 tokens of the truth text: the annotators kept the headline at
  the top of the article text on most pages. For scale, the same test is applied to two naive
  choices read from the raw page: the whole <title>, and the first <h1>.
* Date: the pages whose truth text shows a date near its top (in its first 400 characters:
  "July 24, 2012", "24 Jul 2012", "Monday, October 29, 2012", "2012-07-24", "07/24/2012") are
  the pages where the truth allows a check. On those pages: how often Gazette has a published
  date at all, and how often that date's calendar day is one the truth shows there (+-1 day,
  for time zones). Also how many of all pages have a date, by source.

Usage: title_date.py GROUND_TRUTH.json PAGES_DIR RECORDS.jsonl
RECORDS: extract_dir --records output (one JSON record, a tab, then the page kind, per line).
Prints markdown table rows (metric | Gazette | note).
"""
import datetime
import html
import json
import os
import re
import sys
from collections import Counter

TOKEN = re.compile(r"\w+", re.UNICODE)
MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
MONTH_NAME = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE_PATTERNS = [
    # July 24, 2012 / Jul. 24 2012 / July 24th, 2012
    (re.compile(MONTH_NAME + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.I), "mdy"),
    # 24 July 2012
    (re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+" + MONTH_NAME + r",?\s+(\d{4})", re.I), "dmy"),
    # 2012-07-24
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), "iso"),
    # 07/24/2012 (US order, as on the pages of this set)
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"), "us"),
]


def tokens(text):
    return [t.lower() for t in TOKEN.findall(text or "")]


def contains_run(hay, needle):
    if not needle:
        return False
    n = len(needle)
    return any(hay[i:i + n] == needle for i in range(len(hay) - n + 1))


def title_right(title, truth_head):
    return contains_run(truth_head, tokens(title))


def dates_in(text):
    found = set()
    for pattern, kind in DATE_PATTERNS:
        for m in pattern.finditer(text):
            try:
                if kind == "mdy":
                    d = datetime.date(int(m.group(3)), MONTHS[m.group(1)[:3].lower()], int(m.group(2)))
                elif kind == "dmy":
                    d = datetime.date(int(m.group(3)), MONTHS[m.group(2)[:3].lower()], int(m.group(1)))
                elif kind == "iso":
                    d = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                else:
                    d = datetime.date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
            except (ValueError, KeyError):
                continue
            if 1990 <= d.year <= 2030:
                found.add(d)
    return found


def first_match(pattern, raw):
    m = pattern.search(raw)
    if not m:
        return ""
    return html.unescape(re.sub(r"<[^>]*>", " ", m.group(1)))


TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
H1_RE = re.compile(r"<h1[^>]*>(.*?)</h1>", re.I | re.S)


def main():
    truth_path, pages_dir, records_path = sys.argv[1:4]
    truth = json.load(open(truth_path, encoding="utf-8"))
    records = {}
    for line in open(records_path, encoding="utf-8"):
        rec = json.loads(line.split("\t", 1)[0])
        records[rec["url"].rsplit("/", 1)[-1]] = rec
    pages = sorted(truth)
    right = Counter()
    dated_truth = with_date = date_right = any_date = 0
    sources = Counter()
    for pid in pages:
        body = truth[pid]["articleBody"]
        head = tokens(body)[:60]
        rec = records.get(pid, {})
        raw = open(os.path.join(pages_dir, pid + ".html"), encoding="utf-8", errors="replace").read()
        right["gazette"] += title_right(rec.get("title", ""), head)
        right["<title>"] += title_right(first_match(TITLE_RE, raw), head)
        right["<h1>"] += title_right(first_match(H1_RE, raw), head)
        published = rec.get("published")
        if published:
            any_date += 1
            sources[rec.get("published_source", "none")] += 1
        shown = dates_in(body[:400])
        if not shown:
            continue
        dated_truth += 1
        if published:
            with_date += 1
            day = datetime.date.fromisoformat(published[:10])
            if any(abs((day - d).days) <= 1 for d in shown):
                date_right += 1
    n = len(pages)
    pct = lambda a, b: f"{100.0 * a / max(b, 1):.1f}%"
    print(f"| title right (in the truth's first 60 words) | {pct(right['gazette'], n)} |"
          f" whole <title> {pct(right['<title>'], n)}, first <h1> {pct(right['<h1>'], n)} |")
    print(f"| pages whose truth shows a date near its top | {dated_truth} of {n} | |")
    print(f"| ... of which Gazette has a date | {pct(with_date, dated_truth)} | |")
    print(f"| ... of which the date is the shown day (+-1) | {pct(date_right, dated_truth)} |"
          f" {pct(date_right, with_date)} of those with a date |")
    by_source = ", ".join(f"{k} {v}" for k, v in sources.most_common())
    print(f"| pages with a published date (all) | {pct(any_date, n)} | {by_source} |")


if __name__ == "__main__":
    main()
