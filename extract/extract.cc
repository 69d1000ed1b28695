#include "extract/extract.h"

#include <algorithm>

#include <fmt/format.h>

#include "common/utf8.h"
#include "extract/boilerplate_hints.h"
#include "extract/charset.h"
#include "extract/content.h"
#include "extract/fingerprint.h"
#include "extract/html_dom.h"
#include "extract/html_prefilter.h"
#include "extract/jsonld.h"
#include "extract/language.h"
#include "extract/links.h"
#include "extract/metadata.h"
#include "extract/page_kind.h"

namespace gazette::extract {
namespace {

const ParseOptions& parse_options() {
  // Immutable after first use (function-local static, initialised thread-safely).
  static const ParseOptions options{{"class", "id", "style", "hidden", "aria-hidden", "role",
                                     "itemprop", "href", "rel", "name", "property", "content",
                                     "http-equiv", "lang", "xml:lang", "datetime", "pubdate",
                                     "type", "charset"}};
  return options;
}

}  // namespace

ExtractResult extract_article(std::string_view html, const ExtractOptions& options) {
  ExtractResult result;
  Article& article = result.article;
  // Records must be valid UTF-8, and a URL from someone else's WARC file may not be.
  article.url = sanitize_utf8(options.url);
  article.extractor_version = std::string(kExtractorVersion);
  article.fetched = options.fetched;
  const std::int64_t fetched_unix = options.fetched ? options.fetched->unix_seconds : 0;

  if (html.size() > options.max_bytes) {
    result.warnings.push_back(
        fmt::format("page truncated from {} to {} bytes", html.size(), options.max_bytes));
    html = html.substr(0, options.max_bytes);
  }
  DecodedHtml decoded = decode_html(html, options.content_type);
  result.charset = decoded.charset;
  result.charset_source = std::string(to_string(decoded.source));
  if (decoded.replaced > 0) {
    result.warnings.push_back(fmt::format("{} invalid byte sequences replaced", decoded.replaced));
  }
  const auto nuls = std::count(decoded.utf8.begin(), decoded.utf8.end(), '\0');
  if (nuls > 0) {
    std::replace(decoded.utf8.begin(), decoded.utf8.end(), '\0', ' ');
    result.warnings.push_back(fmt::format("{} NUL bytes replaced", nuls));
  }

  PrefilterStats prefilter_stats;
  const std::string filtered = prefilter_html(decoded.utf8, PrefilterOptions{}, &prefilter_stats);
  if (prefilter_stats.dropped_deep_tags > 0) {
    result.warnings.push_back(
        fmt::format("markup nested too deep: {} tags beyond {} levels ignored",
                    prefilter_stats.dropped_deep_tags, PrefilterOptions{}.max_depth));
  }
  // The <a href> values are views into the decoded page: take them before it goes.
  std::vector<std::string> anchors = anchor_links(prefilter_stats.a_hrefs, options.max_links);
  prefilter_stats.a_hrefs.clear();
  decoded.utf8.clear();
  decoded.utf8.shrink_to_fit();
  const Document doc = Document::parse(filtered, parse_options());
  PageLinks links = collect_links(doc, std::move(anchors));
  result.links = std::move(links.links);
  result.base_href = std::move(links.base_href);
  result.feed_links = std::move(links.feed_links);

  std::vector<std::string> scripts;
  for (std::int32_t id : doc.find_all(Tag::kScript)) {
    if (ascii_lower(doc.attr(id, "type")).find("ld+json") == std::string::npos) continue;
    std::string text;
    for (std::int32_t c = doc.node(id).first_child; c >= 0; c = doc.node(c).next_sibling) {
      if (doc.node(c).tag == Tag::kText) text += doc.node(c).text;
    }
    scripts.push_back(std::move(text));
  }
  const JsonLdInfo json_ld = parse_json_ld(scripts);
  PageMetadata meta = extract_metadata(doc, json_ld, options.url, fetched_unix);

  ContentOptions content_options;
  content_options.json_ld_body = json_ld.article_body;
  content_options.headline = meta.headline_element;
  ContentResult content = extract_main_text(doc, content_options);
  result.text_source = content.used_json_ld_body ? "json-ld"
                       : content.used_fallback   ? "fallback"
                       : content.blocks.empty()  ? ""
                                                 : "dom";
  // The headline is the title field; do not repeat it as the first paragraph.
  if (!content.blocks.empty() && !meta.title.empty() &&
      ascii_lower(content.blocks.front().text) == ascii_lower(meta.title)) {
    content.blocks.erase(content.blocks.begin());
  }
  // An author bio under the story ("Jane Doe is a reporter ...") is not the story.
  while (content.blocks.size() > 1 && is_author_bio(content.blocks.back().text, meta.authors)) {
    content.blocks.pop_back();
  }
  if (meta.title.empty()) {
    // A page without any title markup: its first heading, if the text has one.
    for (const auto& block : content.blocks) {
      if (block.heading) {
        meta.title = block.text;
        result.title_source = "first-heading";
        break;
      }
    }
  }
  article.text = join_blocks(content.blocks);
  Fingerprint prints = fingerprint(article.text);
  article.content_hash = std::move(prints.content_hash);
  article.simhash = prints.simhash;

  article.title = meta.title;
  if (result.title_source.empty()) result.title_source = meta.title_source;
  article.authors = std::move(meta.authors);
  article.published = meta.published;
  article.published_source = meta.published_source;
  article.modified = meta.modified;
  article.canonical_url = meta.canonical_url;
  article.site = host_of_url(options.url.empty() ? meta.canonical_url : article.url);
  article.description = meta.description;
  article.section = meta.section;
  article.tags = std::move(meta.tags);
  result.site_name = meta.site_name;
  if (!meta.language.empty()) {
    article.language = meta.language;
    result.language_source = "markup";
  } else if (options.detect_language) {
    article.language = detect_language(article.title + "\n" + article.text);
    if (!article.language.empty()) result.language_source = "detected";
  }

  PageEvidence evidence;
  evidence.url = options.url;
  evidence.og_type = meta.og_type;
  evidence.json_ld_article = json_ld.has_article;
  evidence.json_ld_types = &json_ld.types;
  evidence.has_headline = meta.headline_element >= 0;
  evidence.page_chars = content.page_chars;
  evidence.page_link_chars = content.page_link_chars;
  evidence.content_chars = content.content_chars;
  evidence.long_paragraphs = content.long_paragraphs;
  const PageKind kind = classify_page(evidence);
  result.is_article = kind.is_article;
  result.not_article_reason = kind.reason;
  return result;
}

}  // namespace gazette::extract
