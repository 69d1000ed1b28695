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
  std::string key = collapse_ascii_space(ascii_lower(name), is_http_space);
  key.resize(truncate_utf8(key, kMaxIdTermBytes - kAuthorPrefix.size()).size());
  return key;
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

namespace {

// Fills a DocData from the parser's events without building a JSON tree: this runs for every
// result shown, and the tree (a map, a node per value) cost as much as the parse. Keys it does
// not know and values of other types are skipped.
class DocDataReader : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit DocDataReader(DocData& out) : out_(out) {}

  bool null() override { return true; }
  bool boolean(bool /*value*/) override { return true; }
  bool number_integer(number_integer_t /*value*/) override { return true; }
  bool number_unsigned(number_unsigned_t /*value*/) override { return true; }
  bool number_float(number_float_t /*value*/, const string_t& /*text*/) override { return true; }
  bool binary(binary_t& /*value*/) override { return true; }

  bool string(string_t& value) override {
    if (depth_ == 1) {
      if (std::string* field = field_named(key_)) *field = std::move(value);
    } else if (depth_ == 2 && in_authors_) {
      out_.authors.push_back(std::move(value));
    }
    return true;
  }
  bool key(string_t& name) override {
    if (depth_ == 1) key_ = std::move(name);
    return true;
  }
  bool start_object(std::size_t /*size*/) override {
    if (depth_ == 0) saw_object_ = true;
    ++depth_;
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t /*size*/) override {
    ++depth_;
    in_authors_ = depth_ == 2 && key_ == "authors";
    return true;
  }
  bool end_array() override {
    --depth_;
    in_authors_ = false;
    return true;
  }
  bool parse_error(std::size_t /*position*/, const std::string& /*token*/,
                   const nlohmann::detail::exception& e) override {
    error_ = e.what();
    return false;
  }

  [[nodiscard]] bool saw_object() const { return saw_object_; }
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  std::string* field_named(std::string_view name) const {
    if (name == "url") return &out_.url;
    if (name == "title") return &out_.title;
    if (name == "site") return &out_.site;
    if (name == "published") return &out_.published;
    if (name == "language") return &out_.language;
    if (name == "text") return &out_.text;
    return nullptr;
  }

  DocData& out_;
  std::string key_;  // the current key of the top-level object
  int depth_ = 0;
  bool in_authors_ = false;
  bool saw_object_ = false;
  std::string error_;
};

}  // namespace

Expected<DocData> decode_doc_data(std::string_view bytes) {
  DocData d;
  DocDataReader reader(d);
  const bool parsed = nlohmann::json::sax_parse(bytes.begin(), bytes.end(), &reader);
  if (!parsed) return fail("document data", reader.error());
  if (!reader.saw_object()) return fail("document data", "not a JSON object");
  return d;
}

}  // namespace gazette::schema
