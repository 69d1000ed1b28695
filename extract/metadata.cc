#include "extract/metadata.h"

#include <algorithm>
#include <array>

#include "common/url.h"
#include "common/utf8.h"
#include "extract/authors.h"
#include "extract/dates.h"
#include "extract/headline.h"
#include "extract/page_chrome.h"

namespace gazette::extract {
namespace {

struct MetaTag {
  std::string key;  // lower-cased property / name / itemprop / http-equiv
  std::string value;
};

std::vector<MetaTag> collect_meta(const Document& doc) {
  std::vector<MetaTag> metas;
  for (std::int32_t i = 0; i < static_cast<std::int32_t>(doc.size()); ++i) {
    if (doc.node(i).tag != Tag::kMeta) continue;
    const std::string_view content = doc.attr(i, "content");
    if (content.empty()) continue;
    for (const char* attr : {"property", "name", "itemprop", "http-equiv"}) {
      const std::string_view key = doc.attr(i, attr);
      if (!key.empty()) metas.push_back(MetaTag{ascii_lower(key), collapse_whitespace(content)});
    }
  }
  return metas;
}

std::string first_meta(const std::vector<MetaTag>& metas, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    for (const MetaTag& m : metas) {
      if (m.key == key && !m.value.empty()) return m.value;
    }
  }
  return {};
}

std::vector<std::string> all_meta(const std::vector<MetaTag>& metas,
                                  std::initializer_list<const char*> keys) {
  std::vector<std::string> out;
  for (const char* key : keys) {
    for (const MetaTag& m : metas) {
      if (m.key == key && !m.value.empty()) out.push_back(m.value);
    }
  }
  return out;
}

// Whether any ancestor of `id` (or itself) is navigation, footer or aside.
bool mentions_copyright(std::string_view text) {
  const std::string l = ascii_lower(text);
  return l.find("\xC2\xA9") != std::string::npos || l.find("copyright") != std::string::npos ||
         l.find("(c)") != std::string::npos || l.find("all rights") != std::string::npos;
}

// Class/id that suggest an element holds a date or a byline.
bool date_like_class(std::string_view cls_raw) {
  if (cls_raw.empty()) return false;
  const std::string cls = ascii_lower(cls_raw);
  static constexpr std::array<std::string_view, 9> kHints = {
      "date",   "time",      "publish",    "posted",   "dateline",
      "byline", "timestamp", "entry-meta", "post-meta"};
  for (std::string_view h : kHints) {
    if (cls.find(h) != std::string::npos) return true;
  }
  return false;
}

std::optional<DateTime> sane(std::optional<DateTime> date, std::int64_t fetched) {
  if (date && is_plausible_publication_date(*date, fetched)) return date;
  return std::nullopt;
}

void find_dom_dates(const Document& doc, std::int64_t fetched, std::optional<DateTime>* published) {
  const auto n = static_cast<std::int32_t>(doc.size());
  // 1. Explicitly marked publication times.
  for (std::int32_t i = 0; i < n && !*published; ++i) {
    const Node& node = doc.node(i);
    if (node.tag == Tag::kText || node.tag == Tag::kMeta) continue;
    const std::string_view itemprop = doc.attr(i, "itemprop");
    const bool marked =
        itemprop == "datePublished" || (node.tag == Tag::kTime && doc.has_attr(i, "pubdate"));
    if (!marked) continue;
    std::string_view value = doc.attr(i, "datetime");
    if (value.empty()) value = doc.attr(i, "content");
    *published = sane(value.empty() ? parse_date_text(doc.text_content(i)) : parse_date_text(value),
                      fetched);
  }
  // 2. <time datetime> outside page chrome, then date-like classes with short text.
  int looked = 0;
  for (std::int32_t i = 0; i < n && !*published && looked < 40; ++i) {
    const Node& node = doc.node(i);
    if (node.tag == Tag::kText) continue;
    const bool is_time = node.tag == Tag::kTime;
    if (!is_time && !date_like_class(doc.attr(i, "class")) && !date_like_class(doc.attr(i, "id")))
      continue;
    if (doc.subtree_end(i) - i > 40) continue;  // a large container, not a date
    ++looked;
    if (in_page_chrome(doc, i)) continue;
    const std::string text = doc.text_content(i);
    if (mentions_copyright(text) || text.size() > 160) continue;
    std::optional<DateTime> date;
    if (is_time && !doc.attr(i, "datetime").empty())
      date = parse_date_text(doc.attr(i, "datetime"));
    if (!date) date = parse_date_text(text);
    *published = sane(date, fetched);
  }
}

std::vector<std::string> dom_authors(const Document& doc) {
  std::vector<std::string> out;
  const auto n = static_cast<std::int32_t>(doc.size());
  for (std::int32_t i = 0; i < n && out.size() < 10; ++i) {
    const Node& node = doc.node(i);
    if (node.tag == Tag::kText || node.tag == Tag::kMeta || node.tag == Tag::kLink) continue;
    const std::string_view itemprop = doc.attr(i, "itemprop");
    const std::string_view rel = doc.attr(i, "rel");
    bool take = itemprop == "author" || itemprop == "creator" ||
                (node.tag == Tag::kA && rel.find("author") != std::string_view::npos);
    if (!take) {
      const std::string cls = ascii_lower(doc.attr(i, "class"));
      take = cls.find("byline") != std::string::npos || cls == "author" ||
             cls.find("author-name") != std::string::npos ||
             cls.find("authorname") != std::string::npos || cls == "fn" ||
             cls.find("vcard") != std::string::npos;
      if (take && in_page_chrome(doc, i)) take = false;
    }
    if (!take || doc.subtree_end(i) - i > 30) continue;
    // Prefer a nested itemprop=name.
    std::string text;
    for (std::int32_t k = i + 1; k < doc.subtree_end(i); ++k) {
      if (doc.is_element(k) && doc.attr(k, "itemprop") == "name") {
        text = doc.text_content(k);
        break;
      }
    }
    if (text.empty()) text = doc.text_content(i);
    if (!text.empty() && text.size() < 120) out.push_back(text);
    i = doc.subtree_end(i) - 1;
  }
  return out;
}

}  // namespace

std::string language_code(std::string_view tag) {
  std::string code;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    if (!is_ascii_alpha(c)) {
      if (c == ' ') continue;
      return {};
    }
    code += ascii_lower(c);
  }
  return code.size() == 2 ? code : std::string();
}

std::string strip_site_from_title(std::string_view title_in, std::string_view site_name) {
  std::string title = collapse_whitespace(title_in);
  static constexpr std::array<std::string_view, 8> kSeparators = {
      " | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xBB ", " \xC2\xAB ", " / "};
  const std::string site = ascii_lower(collapse_whitespace(site_name));
  auto words = [](std::string_view s) {
    std::size_t n = 0;
    bool in = false;
    for (char c : s) {
      const bool space = c == ' ';
      if (!space && !in) ++n;
      in = !space;
    }
    return n;
  };
  for (int round = 0; round < 3; ++round) {
    std::size_t best_pos = std::string::npos, best_len = 0;
    for (std::string_view sep : kSeparators) {
      const std::size_t pos = title.rfind(sep);
      if (pos != std::string::npos && (best_pos == std::string::npos || pos > best_pos)) {
        best_pos = pos;
        best_len = sep.size();
      }
    }
    if (best_pos == std::string::npos) break;
    const std::string head = title.substr(0, best_pos);
    const std::string tail = title.substr(best_pos + best_len);
    const std::string ltail = ascii_lower(tail);
    const bool tail_is_site =
        !site.empty() && (ltail == site || ltail.find(site) != std::string::npos ||
                          site.find(ltail) != std::string::npos);
    if (tail_is_site || (words(tail) <= 3 && words(head) >= 3)) {
      title = collapse_whitespace(head);
      continue;
    }
    // A leading "Site Name | Headline".
    std::size_t first_pos = std::string::npos, first_len = 0;
    for (std::string_view sep : kSeparators) {
      const std::size_t pos = title.find(sep);
      if (pos != std::string::npos && (first_pos == std::string::npos || pos < first_pos)) {
        first_pos = pos;
        first_len = sep.size();
      }
    }
    const std::string lead = ascii_lower(title.substr(0, first_pos));
    if (!site.empty() && (lead == site || site.find(lead) != std::string::npos)) {
      title = collapse_whitespace(title.substr(first_pos + first_len));
      continue;
    }
    break;
  }
  return title;
}

namespace {

// Lower-cased texts of the page's h1..h3 headings outside page chrome.
std::vector<std::string> heading_texts(const Document& doc) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const auto id = static_cast<std::int32_t>(i);
    const Tag tag = doc.node(id).tag;
    if (tag != Tag::kH1 && tag != Tag::kH2 && tag != Tag::kH3) continue;
    std::string text = ascii_lower(doc.text_content(id));
    if (text.empty() || text.size() > 400 || in_page_chrome(doc, id)) continue;
    out.push_back(std::move(text));
  }
  return out;
}

}  // namespace

PageMetadata extract_metadata(const Document& doc, const JsonLdInfo& json_ld,
                              std::string_view page_url, std::int64_t fetched_unix) {
  PageMetadata meta;
  const std::vector<MetaTag> metas = collect_meta(doc);

  meta.site_name = first_meta(metas, {"og:site_name", "application-name"});
  if (meta.site_name.empty()) meta.site_name = collapse_whitespace(json_ld.publisher_name);
  meta.og_type = ascii_lower(first_meta(metas, {"og:type"}));

  // Title: og:title, JSON-LD headline, the heading that matches <title>, the h1, <title>.
  const std::int32_t title_el = doc.find_first(Tag::kTitle);
  const std::string html_title = title_el >= 0 ? doc.text_content(title_el) : std::string();
  const std::string title_core = strip_site_from_title(html_title, meta.site_name);
  // og:title can be a site-wide constant (the site's name or slogan): when it is neither part of
  // <title> nor one of the page's headings, it is not this page's headline.
  std::string og =
      strip_site_from_title(first_meta(metas, {"og:title", "twitter:title"}), meta.site_name);
  if (!og.empty() && !html_title.empty()) {
    const std::string key = ascii_lower(og);
    const std::vector<std::string> headings = heading_texts(doc);
    if (ascii_lower(html_title).find(key) == std::string::npos &&
        std::find(headings.begin(), headings.end(), key) == headings.end()) {
      og.clear();
    }
  }
  const Headline headline = find_headline(doc, {html_title, title_core, og, json_ld.headline});
  meta.headline_element = headline.element;
  std::string h1;
  for (std::int32_t id : doc.find_all(Tag::kH1)) {
    std::string text = doc.text_content(id);
    if (text.empty() || in_page_chrome(doc, id)) continue;
    h1 = std::move(text);
    break;
  }
  // An h1 that is a part of <title> but not its headline is the site's name ("Blog Name" in
  // "Blog Name: Post title"); then <title> says more.
  const bool h1_is_site = !h1.empty() && html_title.size() > h1.size() &&
                          ascii_lower(html_title).find(ascii_lower(h1)) != std::string::npos;
  const bool use_h1 = !h1.empty() && h1.size() < 300 && (!h1_is_site || title_core.empty());
  if (!og.empty()) {
    meta.title = std::move(og);
    meta.title_source = "og";
  } else if (!json_ld.headline.empty()) {
    meta.title = collapse_whitespace(json_ld.headline);
    meta.title_source = "jsonld";
  } else if (headline.element >= 0) {
    meta.title = headline.text;
    meta.title_source = "heading";
  } else if (use_h1) {
    meta.title = h1;
    meta.title_source = "h1";
  } else if (!title_core.empty()) {
    meta.title = title_core;
    meta.title_source = "title";
  }

  // Authors.
  std::vector<std::string> raw_authors = json_ld.authors;
  std::vector<std::string> authors = clean_authors(raw_authors);
  if (authors.empty()) {
    std::vector<std::string> from_meta;
    for (std::string& a :
         all_meta(metas, {"author", "article:author", "parsely-author", "sailthru.author",
                          "dc.creator", "dcterms.creator", "byl", "citation_author"})) {
      if (!is_url_like(a)) from_meta.push_back(std::move(a));
    }
    authors = clean_authors(from_meta);
  }
  if (authors.empty()) authors = clean_authors(dom_authors(doc));
  meta.authors = std::move(authors);

  // Published: JSON-LD, meta, DOM (<time>, bylines), URL.
  if (auto d = sane(parse_date_text(json_ld.date_published), fetched_unix)) {
    meta.published = d;
    meta.published_source = DateSource::kJsonLd;
  }
  if (!meta.published) {
    for (const std::string& value :
         all_meta(metas, {"article:published_time", "og:published_time", "datepublished",
                          "article.published", "publishdate", "publish-date", "pubdate",
                          "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
                          "dcterms.created", "dc.date", "date", "citation_publication_date",
                          "citation_date", "originalpublicationdate", "article_date_original",
                          "display_date"})) {
      if (auto d = sane(parse_date_text(value), fetched_unix)) {
        meta.published = d;
        meta.published_source = DateSource::kMeta;
        break;
      }
    }
  }
  if (!meta.published) {
    find_dom_dates(doc, fetched_unix, &meta.published);
    if (meta.published) meta.published_source = DateSource::kTime;
  }
  if (!meta.published) {
    if (auto d = sane(date_from_url(page_url), fetched_unix)) {
      meta.published = d;
      meta.published_source = DateSource::kUrl;
    }
  }
  // Modified: never before the publication, never after the fetch.
  std::string modified_text = json_ld.date_modified;
  if (modified_text.empty()) {
    modified_text =
        first_meta(metas, {"article:modified_time", "og:updated_time", "datemodified",
                           "dc.date.modified", "dcterms.modified", "last-modified", "lastmod"});
  }
  if (auto d = sane(parse_date_text(modified_text), fetched_unix)) {
    if (!meta.published || d->unix_seconds >= meta.published->unix_seconds) meta.modified = d;
  }

  // Language.
  const std::int32_t html = doc.find_first(Tag::kHtml);
  if (html >= 0) meta.language = language_code(doc.attr(html, "lang"));
  if (meta.language.empty() && html >= 0) meta.language = language_code(doc.attr(html, "xml:lang"));
  if (meta.language.empty()) {
    meta.language = language_code(first_meta(
        metas, {"content-language", "language", "dc.language", "og:locale", "inlanguage"}));
  }
  if (meta.language.empty()) meta.language = language_code(json_ld.language);

  // Canonical URL.
  for (std::int32_t id : doc.find_all(Tag::kLink)) {
    const std::string rel = ascii_lower(doc.attr(id, "rel"));
    if (rel == "canonical" || rel.find("canonical") != std::string::npos) {
      meta.canonical_url = resolve_url(page_url, doc.attr(id, "href")).value_or("");
      if (!meta.canonical_url.empty()) break;
    }
  }
  if (meta.canonical_url.empty()) {
    const std::string og_url = first_meta(metas, {"og:url"});
    if (!og_url.empty()) meta.canonical_url = resolve_url(page_url, og_url).value_or("");
  }

  meta.description = first_meta(metas, {"og:description", "description", "twitter:description"});
  if (meta.description.empty()) meta.description = collapse_whitespace(json_ld.description);
  meta.section = first_meta(
      metas, {"article:section", "section", "parsely-section", "category", "og:section"});
  if (meta.section.empty()) meta.section = collapse_whitespace(json_ld.section);

  std::vector<std::string> raw_tags = all_meta(metas, {"article:tag", "parsely-tags"});
  for (const std::string& list : all_meta(metas, {"news_keywords", "keywords"})) {
    std::size_t start = 0;
    while (start < list.size()) {
      std::size_t comma = list.find(',', start);
      if (comma == std::string::npos) comma = list.size();
      raw_tags.push_back(list.substr(start, comma - start));
      start = comma + 1;
    }
  }
  for (const std::string& k : json_ld.keywords) raw_tags.push_back(k);
  std::vector<std::string> seen;
  for (const std::string& t : raw_tags) {
    std::string tag = collapse_whitespace(t);
    if (tag.empty() || tag.size() > 60) continue;
    const std::string key = ascii_lower(tag);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(key);
    meta.tags.push_back(std::move(tag));
    if (meta.tags.size() >= 30) break;
  }
  return meta;
}

}  // namespace gazette::extract
