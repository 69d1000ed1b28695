#include "crawler/discovery.h"

#include <utility>

#include <pugixml.hpp>

#include "common/gzip.h"
#include "common/url.h"
#include "common/utf8.h"
#include "extract/charset.h"
#include "extract/dates.h"

namespace gazette::crawler {
namespace {

// Input quoted in a warning: at most `max_bytes`, always valid UTF-8 (warnings reach logs and
// reports whatever bytes the document held).
std::string quoted(std::string_view text, std::size_t max_bytes) {
  return "\"" + extract::sanitize_utf8(truncate_utf8(text, max_bytes)) + "\"";
}

// The element name without its namespace prefix: feeds use every prefix imaginable.
std::string_view local_name(const pugi::xml_node& node) {
  const std::string_view name = node.name();
  const std::size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child_named(const pugi::xml_node& parent, std::string_view name) {
  for (const pugi::xml_node& child : parent.children()) {
    if (child.type() == pugi::node_element && local_name(child) == name) return child;
  }
  return {};
}

// All text (character data and CDATA) under `node`, whitespace runs collapsed to one space.
std::string text_of(const pugi::xml_node& node) {
  std::string raw;
  if (!node) return raw;
  if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) raw = node.value();
  for (const pugi::xml_node& child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      raw += child.value();
    } else if (child.type() == pugi::node_element) {
      raw += text_of(child);
    }
  }
  return collapse_ascii_space(raw, is_http_space);
}

std::string text_of_child(const pugi::xml_node& parent, std::string_view name) {
  return text_of(child_named(parent, name));
}

// The encoding named by the XML declaration ("<?xml version="1.0" encoding="windows-1252"?>"),
// or "" when there is no declaration or it names none.
std::string declared_xml_encoding(std::string_view body) {
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  while (!body.empty() && is_http_space(body.front())) body.remove_prefix(1);
  if (!body.starts_with("<?xml")) return {};
  const std::string_view declaration = body.substr(0, body.find("?>"));
  const std::size_t key = declaration.find("encoding");
  if (key == std::string_view::npos || declaration.size() > 300) return {};
  const std::size_t open = declaration.find_first_of("\"'", key);
  if (open == std::string_view::npos) return {};
  const std::size_t close = declaration.find(declaration[open], open + 1);
  if (close == std::string_view::npos) return {};
  return std::string(declaration.substr(open + 1, close - open - 1));
}

// Feeds write dates in RFC 822 (RSS), ISO 8601 (Atom, dc:date, sitemaps) or, in the wild,
// anything a person might type.
std::optional<DateTime> parse_any_date(std::string_view text) {
  if (auto iso = parse_iso8601(text)) return iso;
  if (auto rfc = parse_rfc822(text)) return rfc;
  return extract::parse_date_text(text);
}

// Collects the links of one document, with warnings naming the entry ("item 3: ...").
class LinkCollector {
 public:
  LinkCollector(std::string_view document_url, DiscoveryDocument* out)
      : base_(document_url), out_(out) {}

  // Adds the entry `index` (1-based) of kind `what` ("item", "url", ...). `date_text` is
  // parsed when not empty.
  void add(std::string_view what, std::size_t index, std::string_view base, std::string_view href,
           std::string_view date_text, bool date_is_publication, std::string title) {
    const std::string where = std::string(what) + " " + std::to_string(index) + ": ";
    if (href.empty()) {
      out_->warnings.push_back(where + "no link");
      return;
    }
    auto url = resolve(base, href);
    if (!url) {
      out_->warnings.push_back(where + "unusable link " + quoted(href, 200));
      return;
    }
    DiscoveredLink link;
    link.url = std::move(*url);
    // Character references can still spell invalid UTF-8 (&#xD800;): records must be valid.
    link.title = extract::sanitize_utf8(title);
    if (!date_text.empty()) {
      link.date = parse_any_date(date_text);
      if (link.date) {
        link.date_is_publication = date_is_publication;
      } else {
        out_->warnings.push_back(where + "unreadable date " + quoted(date_text, 100));
      }
    }
    out_->links.push_back(std::move(link));
  }

  // The document URL, or an xml:base inside it resolved against the document URL.
  [[nodiscard]] std::string base_with(const pugi::xml_node& node, std::string_view outer) const {
    const std::string_view xml_base = node.attribute("xml:base").value();
    if (xml_base.empty()) return std::string(outer);
    return resolve(outer, xml_base).value_or(std::string(outer));
  }

  [[nodiscard]] const std::string& document_base() const { return base_; }

 private:
  static std::optional<std::string> resolve(std::string_view base, std::string_view href) {
    if (auto resolved = resolve_url(base, href)) return resolved;
    return normalize_url(href);  // no usable base: only absolute links work
  }

  std::string base_;
  DiscoveryDocument* out_;
};

void parse_rss_items(const pugi::xml_node& container, LinkCollector& links) {
  std::size_t index = 0;
  for (const pugi::xml_node& item : container.children()) {
    if (item.type() != pugi::node_element || local_name(item) != "item") continue;
    ++index;
    std::string href = text_of_child(item, "link");
    if (href.empty()) href = item.attribute("rdf:about").value();
    if (href.empty()) {
      // A guid is the article's address unless isPermaLink says otherwise.
      const pugi::xml_node guid = child_named(item, "guid");
      const std::string_view permalink = guid.attribute("isPermaLink").value();
      const std::string guid_text = text_of(guid);
      if (permalink != "false" &&
          (guid_text.starts_with("http://") || guid_text.starts_with("https://"))) {
        href = guid_text;
      }
    }
    std::string date = text_of_child(item, "pubDate");
    if (date.empty()) date = text_of_child(item, "date");  // dc:date
    links.add("item", index, links.document_base(), href, date, true, text_of_child(item, "title"));
  }
}

// Atom: the rel="alternate" link (or one without rel), preferring HTML; else the first href.
std::string atom_link(const pugi::xml_node& entry) {
  std::string fallback;
  std::string alternate;
  for (const pugi::xml_node& link : entry.children()) {
    if (link.type() != pugi::node_element || local_name(link) != "link") continue;
    std::string href = link.attribute("href").value();
    if (href.empty()) continue;
    const std::string_view rel = link.attribute("rel").value();
    const std::string_view type = link.attribute("type").value();
    if (rel.empty() || rel == "alternate") {
      if (type.empty() || type == "text/html" || type == "application/xhtml+xml") return href;
      if (alternate.empty()) alternate = href;
    }
    if (fallback.empty()) fallback = href;
  }
  return alternate.empty() ? fallback : alternate;
}

void parse_atom(const pugi::xml_node& feed, LinkCollector& links) {
  const std::string feed_base = links.base_with(feed, links.document_base());
  std::size_t index = 0;
  for (const pugi::xml_node& entry : feed.children()) {
    if (entry.type() != pugi::node_element || local_name(entry) != "entry") continue;
    ++index;
    std::string href = atom_link(entry);
    if (href.empty()) {
      const std::string id = text_of_child(entry, "id");
      if (id.starts_with("http://") || id.starts_with("https://")) href = id;
    }
    const std::string published = text_of_child(entry, "published");
    const bool have_published = !published.empty();
    const std::string date = have_published ? published : text_of_child(entry, "updated");
    links.add("entry", index, links.base_with(entry, feed_base), href, date, have_published,
              text_of_child(entry, "title"));
  }
}

void parse_urlset(const pugi::xml_node& urlset, LinkCollector& links) {
  std::size_t index = 0;
  for (const pugi::xml_node& url : urlset.children()) {
    if (url.type() != pugi::node_element || local_name(url) != "url") continue;
    ++index;
    const std::string loc = text_of_child(url, "loc");
    // Google News sitemaps: <news:news><news:publication_date>, <news:title>.
    const pugi::xml_node news = child_named(url, "news");
    const std::string published = news ? text_of_child(news, "publication_date") : "";
    const std::string title = news ? text_of_child(news, "title") : "";
    if (!published.empty()) {
      links.add("url", index, links.document_base(), loc, published, true, title);
    } else {
      links.add("url", index, links.document_base(), loc, text_of_child(url, "lastmod"), false,
                title);
    }
  }
}

void parse_sitemap_index(const pugi::xml_node& index_node, LinkCollector& links) {
  std::size_t index = 0;
  for (const pugi::xml_node& sitemap : index_node.children()) {
    if (sitemap.type() != pugi::node_element || local_name(sitemap) != "sitemap") continue;
    ++index;
    links.add("sitemap", index, links.document_base(), text_of_child(sitemap, "loc"),
              text_of_child(sitemap, "lastmod"), false, "");
  }
}

}  // namespace

std::string_view discovery_kind_name(DiscoveryKind kind) {
  switch (kind) {
    case DiscoveryKind::kRss:
      return "rss";
    case DiscoveryKind::kRdf:
      return "rdf";
    case DiscoveryKind::kAtom:
      return "atom";
    case DiscoveryKind::kUrlset:
      return "urlset";
    case DiscoveryKind::kSitemapIndex:
      return "sitemapindex";
    case DiscoveryKind::kNotDiscovery:
      break;
  }
  return "none";
}

DiscoveryDocument parse_discovery(std::string_view body, std::string_view document_url,
                                  std::size_t max_inflated) {
  DiscoveryDocument result;
  std::string inflated;
  if (is_gzip(body)) {
    auto unpacked = gunzip(body, max_inflated);
    if (!unpacked) {
      result.warnings.push_back("gzip: " + unpacked.error().what);
      return result;
    }
    inflated = std::move(*unpacked);
    body = inflated;
  }

  // Everything is parsed as UTF-8: pugixml itself knows only UTF-8/16/32 and Latin-1, and feeds
  // come in windows-1252 and worse. The declaration plays the part of an HTTP charset; a byte
  // order mark wins over it, and invalid bytes become U+FFFD.
  const std::string declared = declared_xml_encoding(body);
  const extract::DecodedHtml decoded = extract::decode_html(
      body, declared.empty() ? std::string() : "application/xml; charset=" + declared);
  inflated.clear();
  inflated.shrink_to_fit();  // a large sitemap: do not hold both copies during the parse

  pugi::xml_document doc;
  // pugixml neither loads external entities nor expands user-defined ones, so hostile DTDs
  // (XXE, "billion laughs") are inert here.
  const pugi::xml_parse_result parsed = doc.load_buffer(decoded.utf8.data(), decoded.utf8.size(),
                                                        pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    result.warnings.push_back("not XML: " + std::string(parsed.description()) + " at byte " +
                              std::to_string(parsed.offset));
    return result;
  }
  const pugi::xml_node root = doc.document_element();
  const std::string_view root_name = local_name(root);
  LinkCollector links(document_url, &result);
  if (root_name == "rss") {
    result.kind = DiscoveryKind::kRss;
    const pugi::xml_node channel = child_named(root, "channel");
    parse_rss_items(channel ? channel : root, links);
  } else if (root_name == "RDF") {
    result.kind = DiscoveryKind::kRdf;
    parse_rss_items(root, links);
  } else if (root_name == "feed") {
    result.kind = DiscoveryKind::kAtom;
    parse_atom(root, links);
  } else if (root_name == "urlset") {
    result.kind = DiscoveryKind::kUrlset;
    parse_urlset(root, links);
  } else if (root_name == "sitemapindex") {
    result.kind = DiscoveryKind::kSitemapIndex;
    parse_sitemap_index(root, links);
  } else {
    result.warnings.push_back("root element <" + extract::sanitize_utf8(root.name()) +
                              "> is not a feed or sitemap");
  }
  return result;
}

}  // namespace gazette::crawler
