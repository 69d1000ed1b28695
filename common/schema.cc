#include "common/schema.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/hash.h"
#include "common/utf8.h"

namespace gazette::schema {
std::string id_term(std::string_view url) {
  std::string term = std::string(kIdPrefix) + std::string(url);
  if (term.size() <= kMaxIdTermBytes) return term;
  const std::string hash =
      fmt::format("#{:016x}{:016x}", fnv1a64(url), fnv1a64(url, 0x84222325cbf29ce4ULL));
  const std::string_view head = truncate_utf8(term, kMaxIdTermBytes - hash.size());
  return std::string(head) + hash;
}

std::string author_key(std::string_view name) {
  std::string out;
  bool space = false;
  for (const char c : ascii_lower(name)) {
    if (c == ' ' || c == '\t' || c == '\n') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string boolean_term(std::string_view prefix, std::string_view value) {
  std::string term = std::string(prefix) + ascii_lower(value);
  return std::string(truncate_utf8(term, kMaxIdTermBytes));
}

std::string encode_doc_data(const DocData& d) {
  nlohmann::json obj = {{"url", d.url},         {"title", d.title},
                        {"site", d.site},       {"published", d.published},
                        {"authors", d.authors}, {"language", d.language},
                        {"text", d.text}};
  return obj.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Expected<DocData> decode_doc_data(std::string_view bytes) {
  try {
    const auto obj = nlohmann::json::parse(bytes);
    DocData d;
    d.url = obj.value("url", "");
    d.title = obj.value("title", "");
    d.site = obj.value("site", "");
    d.published = obj.value("published", "");
    d.authors = obj.value("authors", std::vector<std::string>{});
    d.language = obj.value("language", "");
    d.text = obj.value("text", "");
    return d;
  } catch (const nlohmann::json::exception& e) {
    return fail("document data", e.what());
  }
}

}  // namespace gazette::schema
