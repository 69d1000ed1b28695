#include "common/article.h"

#include <array>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/utf8.h"

namespace gazette {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<DateSource, std::string_view>, 7> kDateSourceNames{{
    {DateSource::kNone, "none"},
    {DateSource::kJsonLd, "jsonld"},
    {DateSource::kMeta, "meta"},
    {DateSource::kTime, "time"},
    {DateSource::kUrl, "url"},
    {DateSource::kFeed, "feed"},
    {DateSource::kSitemap, "sitemap"},
}};

// Field readers: each returns an error message, empty on success. Null counts as absent.
std::string read_string(const json& obj, const char* key, std::string& out) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return {};
  if (!it->is_string()) return fmt::format("field \"{}\" must be a string", key);
  out = it->get<std::string>();
  return {};
}

std::string read_string_list(const json& obj, const char* key, std::vector<std::string>& out) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return {};
  if (it->is_string()) {  // a lone string is a common shape for a one-element list
    out.push_back(it->get<std::string>());
    return {};
  }
  if (!it->is_array()) return fmt::format("field \"{}\" must be a list of strings", key);
  for (const auto& item : *it) {
    if (!item.is_string()) return fmt::format("field \"{}\" must be a list of strings", key);
    if (!item.get_ref<const std::string&>().empty()) out.push_back(item.get<std::string>());
  }
  return {};
}

std::string read_date(const json& obj, const char* key, std::optional<DateTime>& out) {
  std::string text;
  if (auto err = read_string(obj, key, text); !err.empty()) return err;
  if (text.empty()) return {};
  out = parse_iso8601(text);
  if (!out) return fmt::format("field \"{}\": cannot parse date \"{}\"", key, text);
  return {};
}

}  // namespace

std::string_view to_string(DateSource source) {
  for (const auto& [value, name] : kDateSourceNames) {
    if (value == source) return name;
  }
  return "none";
}

std::optional<DateSource> date_source_from_string(std::string_view name) {
  for (const auto& [value, known] : kDateSourceNames) {
    if (known == name) return value;
  }
  return std::nullopt;
}

std::string host_of_url(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  if (!rest.empty() && rest.front() != '[') rest = rest.substr(0, rest.find(':'));
  return ascii_lower(rest);
}

Expected<Article> parse_article(std::string_view line) {
  if (const auto bad = first_invalid_utf8(line)) {
    return fail("", fmt::format("invalid UTF-8 at byte {}", *bad + 1));
  }
  json obj;
  try {
    obj = json::parse(line);
  } catch (const json::exception& e) {
    // nlohmann's message starts with "[json.exception.parse_error.101] parse error at ..." (or
    // out_of_range.406 for a number like 1e400).
    std::string what = e.what();
    if (const auto p = what.find("] "); p != std::string::npos) what.erase(0, p + 2);
    // It quotes the last bytes read, which may end inside a UTF-8 sequence: show those as \xNN.
    while (const auto bad = first_invalid_utf8(what)) {
      what.replace(*bad, 1, fmt::format("\\x{:02X}", static_cast<unsigned char>(what[*bad])));
    }
    return fail("", "invalid JSON: " + what);
  }
  return article_from_json(obj);
}

Expected<Article> article_from_json(const json& obj) {
  if (!obj.is_object()) return fail("", "a record must be a JSON object");

  Article a;
  std::string published_source;
  std::string simhash;
  std::string err;
  const auto check = [&err](std::string e) {
    if (err.empty()) err = std::move(e);
  };
  check(read_string(obj, "url", a.url));
  check(read_string(obj, "canonical_url", a.canonical_url));
  check(read_string(obj, "site", a.site));
  check(read_string(obj, "title", a.title));
  check(read_string_list(obj, "authors", a.authors));
  check(read_date(obj, "published", a.published));
  check(read_string(obj, "published_source", published_source));
  check(read_date(obj, "modified", a.modified));
  check(read_date(obj, "first_seen", a.first_seen));
  check(read_date(obj, "fetched", a.fetched));
  check(read_string(obj, "language", a.language));
  check(read_string(obj, "description", a.description));
  check(read_string(obj, "section", a.section));
  check(read_string_list(obj, "tags", a.tags));
  check(read_string(obj, "text", a.text));
  check(read_string(obj, "content_hash", a.content_hash));
  check(read_string(obj, "extractor_version", a.extractor_version));
  if (const auto it = obj.find("revision"); it != obj.end()) {
    if (!it->is_number_unsigned() || it->get<std::uint64_t>() > 0xffffffffULL) {
      check("field \"revision\" must be a whole number");
    } else {
      a.revision = it->get<unsigned>();
    }
  }
  if (const auto it = obj.find("simhash"); it != obj.end() && it->is_number_unsigned()) {
    a.simhash = it->get<std::uint64_t>();
  } else {
    check(read_string(obj, "simhash", simhash));
  }
  if (!err.empty()) return fail("", err);

  for (const char* key : {"url", "title", "text"}) {
    if (!obj.contains(key)) return fail("", fmt::format("missing required field \"{}\"", key));
  }
  if (a.url.empty()) return fail("", "field \"url\" is empty");
  // Wire briefs come with a headline and no body, or a body and no headline: both are still
  // news, but a record with neither has nothing to find.
  if (a.title.empty() && a.text.empty()) return fail("", "both \"title\" and \"text\" are empty");
  if (!published_source.empty()) {
    const auto source = date_source_from_string(published_source);
    if (!source) return fail("", fmt::format("unknown published_source \"{}\"", published_source));
    // Where a date came from means nothing without the date (and is not written without it).
    if (a.published) a.published_source = *source;
  }
  if (!simhash.empty()) {
    char* end = nullptr;
    a.simhash = std::strtoull(simhash.c_str(), &end, 16);
    if (simhash.size() > 16 || *end != '\0') {
      return fail("", fmt::format("field \"simhash\" must be 16 hex digits, not \"{}\"", simhash));
    }
  }
  if (a.site.empty()) a.site = host_of_url(a.identity_url());
  a.language = ascii_lower(a.language);
  return a;
}

std::string to_json_line(const Article& a) {
  json obj = json::object();
  const auto put = [&obj](const char* key, const std::string& value) {
    if (!value.empty()) obj[key] = value;
  };
  const auto put_required = [&obj](const char* key, const std::string& value) {
    obj[key] = value;  // even when empty: parse_article requires the key (see article.h)
  };
  const auto put_date = [&obj](const char* key, const std::optional<DateTime>& value) {
    if (value) obj[key] = format_iso8601(*value);
  };
  put_required("url", a.url);
  put("canonical_url", a.canonical_url);
  put("site", a.site);
  put_required("title", a.title);
  if (!a.authors.empty()) obj["authors"] = a.authors;
  put_date("published", a.published);
  if (a.published) obj["published_source"] = std::string(to_string(a.published_source));
  put_date("modified", a.modified);
  put_date("first_seen", a.first_seen);
  put_date("fetched", a.fetched);
  put("language", a.language);
  put("description", a.description);
  put("section", a.section);
  if (!a.tags.empty()) obj["tags"] = a.tags;
  put_required("text", a.text);
  put("content_hash", a.content_hash);
  if (a.simhash) obj["simhash"] = fmt::format("{:016x}", *a.simhash);
  put("extractor_version", a.extractor_version);
  if (a.revision > 0) obj["revision"] = a.revision;
  // Replace rather than throw on invalid UTF-8: a writer must never lose the whole record.
  return obj.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace gazette
