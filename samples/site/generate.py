#!/usr/bin/env python3
"""Builds the Veldmouth Courier, Gazette's sample news site, from articles.txt.

The output (HTML pages, robots.txt, feed.xml, sitemap.xml, news-sitemap.xml) is committed, so
the demo needs no generation step; run this again after editing articles.txt:

    python3 samples/site/generate.py

Links, the feed and the sitemaps use root-relative URLs so that the site works on whatever
loopback port gazette-site-server picks (Gazette resolves them against the document's URL).
"""

import datetime
import email.utils
import html
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SITE = "The Veldmouth Courier"
SECTIONS = {
    "city": "City",
    "politics": "Politics",
    "business": "Business",
    "culture": "Culture",
    "sport": "Sport",
}
# Generated directories and files, removed before each run so deleted articles disappear.
OUTPUT_DIRS = list(SECTIONS) + ["tag", "private", "search"]
OUTPUT_FILES = ["index.html", "about.html", "robots.txt", "feed.xml", "sitemap.xml",
                "news-sitemap.xml", "site.css"]
NEWS_SITEMAP_DAYS = 3  # Google News sitemaps list only recent articles


def read_articles(path):
    """Parses articles.txt: blocks of 'key: value' headers, a '---' line, then paragraphs."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    articles = []
    for number, block in enumerate(text.split("\n=== ")[1:], start=1):
        header, _, body = block.partition("\n---\n")
        fields = {}
        for line in header.strip().splitlines():
            key, _, value = line.partition(":")
            fields[key.strip()] = value.strip()
        paragraphs = [" ".join(p.split()) for p in body.strip().split("\n\n") if p.strip()]
        words = sum(len(p.split()) for p in paragraphs)
        where = f"articles.txt block {number} ({fields.get('slug', '?')})"
        for key in ("slug", "section", "date", "author", "lang", "meta", "title", "tags"):
            if key not in fields:
                sys.exit(f"{where}: missing '{key}'")
        if fields["section"] not in SECTIONS:
            sys.exit(f"{where}: unknown section {fields['section']}")
        if fields["meta"] not in ("jsonld", "og", "time"):
            sys.exit(f"{where}: meta must be jsonld, og or time")
        if not 150 <= words <= 500:
            sys.exit(f"{where}: {words} words, want 150..500")
        when = datetime.datetime.fromisoformat(fields["date"])
        dated_url = fields["meta"] == "time" or fields.get("urldate") == "yes"
        path = (f"/{fields['section']}/{when:%Y/%m/%d}/{fields['slug']}.html" if dated_url
                else f"/{fields['section']}/{fields['slug']}.html")
        articles.append({**fields, "when": when, "paragraphs": paragraphs, "path": path,
                         "tags": [t.strip() for t in fields["tags"].split(",") if t.strip()],
                         "words": words})
    articles.sort(key=lambda a: a["when"], reverse=True)
    return articles


def esc(text):
    return html.escape(text, quote=True)


def head(title, extra="", lang="en"):
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<link rel="stylesheet" href="/site.css">
<link rel="alternate" type="application/rss+xml" title="{SITE}" href="/feed.xml">
{extra}</head>
<body id="top">
<div class="cookie-banner" role="dialog">
  <p>We use cookies to keep you signed in, remember your choices and count visits.
  Read our <a href="/about.html#privacy">privacy notice</a>.</p>
  <button type="button">Accept all</button> <button type="button">Only necessary</button>
</div>
<header class="masthead">
  <div class="topbar"><span class="weather">Veldmouth 7&deg;C, drizzle</span>
  <a href="/private/staff-rota.html">Staff login</a></div>
  <a class="logo" href="/">{SITE}</a>
  <nav class="sections"><ul>
{"".join(f'    <li><a href="/{s}/">{name}</a></li>{chr(10)}' for s, name in SECTIONS.items())}  </ul></nav>
  <form class="search" action="/search/" method="get"><input name="q" placeholder="Search the Courier"><button>Search</button></form>
</header>
"""


FOOTER = f"""<div class="newsletter">
  <h3>The Morning Tide</h3>
  <p>Veldmouth's news in five minutes, every weekday at 6:30. Free, and you can leave any time.</p>
  <form action="/search/newsletter" method="post"><input type="email" name="email" placeholder="Your e-mail address"><button>Sign me up</button></form>
</div>
<footer class="site-footer">
  <ul>
    <li><a href="/about.html">About the Courier</a></li>
    <li><a href="/about.html#contact">Contact the newsroom</a></li>
    <li><a href="/tag/harbour.html">Harbour coverage</a></li>
    <li><a href="/feed.xml">RSS feed</a></li>
    <li><a href="/private/staff-rota.html">Staff area</a></li>
  </ul>
  <p>&copy; 2025 Veldmouth Courier Ltd, 14 Quay Street, Veldmouth. A fictional newspaper written for the Gazette project.</p>
  <p class="back-to-top"><a href="#top">Scroll to Top</a></p>
</footer>
</body>
</html>
"""


def story_list(articles, css="stories"):
    items = "".join(
        f'  <li><a href="{a["path"]}">{esc(a["title"])}</a> <span class="when">{a["when"]:%d %b %Y}</span></li>\n'
        for a in articles)
    return f'<ul class="{css}">\n{items}</ul>\n'


def article_meta(a):
    """The metadata block of an article: JSON-LD, Open Graph, or nothing (then <time> and URL)."""
    description = esc(a["paragraphs"][0][:180])
    if a["meta"] == "jsonld":
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a["title"],
            "datePublished": a["when"].isoformat(),
            "author": [{"@type": "Person", "name": a["author"]}],
            "publisher": {"@type": "Organization", "name": SITE},
            "articleSection": SECTIONS[a["section"]],
            "inLanguage": a["lang"],
            "mainEntityOfPage": a["path"],
        }
        return (f'<meta name="description" content="{description}">\n'
                f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>\n')
    if a["meta"] == "og":
        return (f'<meta property="og:type" content="article">\n'
                f'<meta property="og:title" content="{esc(a["title"])}">\n'
                f'<meta property="og:site_name" content="{SITE}">\n'
                f'<meta property="og:description" content="{description}">\n'
                f'<meta property="article:published_time" content="{a["when"].isoformat()}">\n'
                f'<meta property="article:section" content="{SECTIONS[a["section"]]}">\n'
                f'<meta name="author" content="{esc(a["author"])}">\n'
                f'<link rel="canonical" href="{a["path"]}">\n')
    return f'<meta name="description" content="{description}">\n'


def byline(a):
    shown = f'{a["when"]:%d %B %Y, %H:%M}'
    if a["meta"] == "time":
        return (f'<p class="byline">By <a rel="author" href="/about.html#staff">{esc(a["author"])}</a></p>\n'
                f'<p class="dateline"><time datetime="{a["when"].isoformat()}">{shown}</time></p>\n')
    return f'<p class="byline">By {esc(a["author"])} &middot; <span class="date">{shown}</span></p>\n'


def related(a, articles):
    same = [b for b in articles if b["section"] == a["section"] and b is not a]
    index = articles.index(a)
    # The neighbours in time, wherever they are, so one chain links every article.
    neighbours = [articles[i] for i in (index - 1, index + 1) if 0 <= i < len(articles)]
    picks = []
    for b in neighbours + same[:3]:
        if b not in picks:
            picks.append(b)
    return picks


def comments(a):
    names = ["harbourwatcher", "Grete K.", "old_quay_resident", "M. Osei"]
    lines = [
        "Good to see this covered properly at last.",
        "Does anyone know whether the evening services are affected too?",
        "I was there and it was busier than the article suggests.",
    ]
    picked = [(names[(len(a["slug"]) + i) % len(names)], lines[(len(a["title"]) + i) % len(lines)])
              for i in range(2)]
    body = "".join(f'<li class="comment"><b>{n}</b><p>{esc(t)}</p></li>' for n, t in picked)
    return (f'<section class="comments"><h2>Comments ({len(picked)})</h2><ol>{body}</ol>'
            f'<p><a href="/about.html#comments">Sign in to comment</a></p></section>\n')


def article_page(a, articles):
    paragraphs = "".join(f"<p>{esc(p)}</p>\n" for p in a["paragraphs"])
    tags = " ".join(f'<a href="/tag/{t}.html">{esc(t)}</a>' for t in a["tags"])
    more = story_list(related(a, articles), "related-stories")
    section = SECTIONS[a["section"]]
    return (head(f'{a["title"]} | {SITE}', article_meta(a), a["lang"]) +
            f"""<main>
<nav class="breadcrumb"><a href="/">Home</a> &rsaquo; <a href="/{a["section"]}/">{section}</a></nav>
<article class="story">
<h1>{esc(a["title"])}</h1>
{byline(a)}<div class="share-bar">Share this story: <a href="#share-facebook">Facebook</a> <a href="#share-x">X</a> <a href="#share-email">E-mail</a> <button type="button">Copy link</button></div>
<div class="story-body">
{paragraphs}</div>
<p class="tags">Topics: {tags}</p>
</article>
<aside class="author-bio"><h2>About the author</h2><p>{esc(a["author"])} writes for the {section} desk of the Courier. Tips and corrections: newsroom@courier.invalid.</p></aside>
<aside class="read-more"><h2>Read more</h2>
{more}</aside>
{comments(a)}</main>
""" + FOOTER)


def front_page(title, intro, articles, extra_links=""):
    return (head(f"{title} | {SITE}") +
            f'<main class="front">\n<h1>{esc(title)}</h1>\n<p class="intro">{esc(intro)}</p>\n' +
            story_list(articles) + extra_links + "</main>\n" + FOOTER)


def write(root, path, text):
    full = os.path.join(root, path.lstrip("/"))
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    articles = read_articles(os.path.join(HERE, "articles.txt"))
    for d in OUTPUT_DIRS:
        shutil.rmtree(os.path.join(HERE, d), ignore_errors=True)
    for f in OUTPUT_FILES:
        if os.path.exists(os.path.join(HERE, f)):
            os.remove(os.path.join(HERE, f))

    for a in articles:
        write(HERE, a["path"], article_page(a, articles))

    intros = {
        "city": "Trams, ferries, schools and streets: life in Veldmouth and its districts.",
        "politics": "The city council, the harbour board and the people who run them.",
        "business": "Shipping, shops, jobs and money on the Veld estuary.",
        "culture": "Stages, galleries, books and festivals, from the Old Quay to the university.",
        "sport": "Rowing, football, athletics and everything else Veldmouth cheers for.",
    }
    for section, name in SECTIONS.items():
        in_section = [a for a in articles if a["section"] == section]
        write(HERE, f"/{section}/index.html", front_page(name, intros[section], in_section))

    tags = sorted({t for a in articles for t in a["tags"]})
    for tag in tags:
        tagged = [a for a in articles if tag in a["tags"]]
        write(HERE, f"/tag/{tag}.html",
              front_page(f"Topic: {tag}", f"Everything the Courier has written about {tag}.", tagged))

    sections_html = "".join(
        f'<section class="teaser"><h2><a href="/{s}/">{name}</a></h2>\n' +
        story_list([a for a in articles if a["section"] == s][:3]) + "</section>\n"
        for s, name in SECTIONS.items())
    topics = " ".join(f'<a href="/tag/{t}.html">{esc(t)}</a>' for t in tags)
    write(HERE, "/index.html", front_page(
        "Latest news", "News from Veldmouth and the Veld estuary, updated through the day.",
        articles[:12], sections_html + f'<p class="topics">Topics: {topics}</p>\n'))

    write(HERE, "/about.html", head(f"About us | {SITE}") + """<main class="page">
<h1>About the Courier</h1>
<p>The Veldmouth Courier is an invented newspaper for an invented city. Veldmouth sits where the
river Veld meets the sea: a port with a ferry to the islands, a tram network, a university and a
rowing club older than its town hall. Every person, place and event on this site is fiction,
written to give Gazette, a search engine for news archives, a realistic site to crawl.</p>
<h2 id="contact">Contact</h2><p>Newsroom: 14 Quay Street, Veldmouth. newsroom@courier.invalid</p>
<h2 id="staff">Our reporters</h2><p>Our desks cover the city, politics, business, culture and
sport, with occasional pieces from our French- and German-speaking correspondents.</p>
<h2 id="privacy">Privacy</h2><p>This site sets no cookies at all; the banner is part of the act.</p>
<h2 id="comments">Comments</h2><p>Comments are closed on this demonstration site.</p>
</main>
""" + FOOTER)

    # Pages a polite crawler must never fetch: robots.txt disallows /private/ and /search/.
    write(HERE, "/private/staff-rota.html", front_page(
        "Staff rota (internal)", "PRIVATE-DO-NOT-CRAWL: night desk rota for December.", [],
        '<p>Night desk: Lindqvist, Okafor. Weekend: Haddad. <a href="/private/draft-ferry-story.html">Draft</a></p>\n'))
    write(HERE, "/private/draft-ferry-story.html", head(f"Draft | {SITE}") +
          "<main><article><h1>Draft: unpublished ferry story</h1>"
          "<p>PRIVATE-DO-NOT-CRAWL. This draft must never appear in a search index.</p>"
          "</article></main>\n" + FOOTER)
    write(HERE, "/search/index.html", front_page(
        "Search", "PRIVATE-DO-NOT-CRAWL: search results are not for robots.", []))

    write(HERE, "/robots.txt", """# robots.txt for the Veldmouth Courier
User-agent: *
Disallow: /private/
Disallow: /search/
Crawl-delay: 0

User-agent: ScraperBot
Disallow: /

Sitemap: /sitemap.xml
Sitemap: /news-sitemap.xml
""")

    items = "".join(f"""  <item>
    <title>{esc(a["title"])}</title>
    <link>{a["path"]}</link>
    <guid isPermaLink="false">courier-{a["slug"]}</guid>
    <pubDate>{email.utils.format_datetime(a["when"])}</pubDate>
    <category>{SECTIONS[a["section"]]}</category>
    <description>{esc(a["paragraphs"][0])}</description>
  </item>
""" for a in articles[:20])
    write(HERE, "/feed.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
  <title>{SITE}</title>
  <link>/</link>
  <description>News from Veldmouth and the Veld estuary</description>
  <language>en</language>
{items}</channel>
</rss>
""")

    urls = "".join(f"  <url><loc>{p}</loc><changefreq>hourly</changefreq></url>\n"
                   for p in ["/"] + [f"/{s}/" for s in SECTIONS])
    urls += "".join(f'  <url><loc>{a["path"]}</loc><lastmod>{a["when"].isoformat()}</lastmod></url>\n'
                    for a in articles)
    write(HERE, "/sitemap.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{urls}</urlset>
""")

    newest = articles[0]["when"]
    recent = [a for a in articles if newest - a["when"] <= datetime.timedelta(days=NEWS_SITEMAP_DAYS)]
    news = "".join(f"""  <url>
    <loc>{a["path"]}</loc>
    <news:news>
      <news:publication><news:name>{SITE}</news:name><news:language>{a["lang"]}</news:language></news:publication>
      <news:publication_date>{a["when"].isoformat()}</news:publication_date>
      <news:title>{esc(a["title"])}</news:title>
    </news:news>
  </url>
""" for a in recent)
    write(HERE, "/news-sitemap.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{news}</urlset>
""")

    write(HERE, "/site.css", """body { font-family: Georgia, serif; max-width: 46rem; margin: 0 auto; padding: 0 1rem; }
.cookie-banner { background: #fffbe6; border: 1px solid #e0c46c; padding: .5rem; }
.masthead .logo { font-size: 2rem; font-weight: bold; text-decoration: none; color: #1b2a41; }
.sections ul, .site-footer ul { list-style: none; padding: 0; display: flex; gap: 1rem; }
.byline, .when, .breadcrumb { color: #666; font-size: .9rem; }
.newsletter, .author-bio { background: #eef3f8; padding: .75rem; margin: 1rem 0; }
""")
    print(f"generate.py: {len(articles)} articles, {len(tags)} topics, "
          f"{sum(a['words'] for a in articles)} words")


if __name__ == "__main__":
    main()
