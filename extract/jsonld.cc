#include "extract/jsonld.h"

#include <algorithm>
#include <string_view>

#include <nlohmann/json.hpp>

namespace gazette::extract {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxObjects = 2000;

bool is_article_type(std::string_view type) {
  static constexpr std::string_view kTypes[] = {"Article",
                                                "NewsArticle",
                                                "BlogPosting",
                                                "ReportageNewsArticle",
                                                "AnalysisNewsArticle",
                                                "OpinionNewsArticle",
                                                "ReviewNewsArticle",
                                                "BackgroundNewsArticle",
                                                "LiveBlogPosting",
                                                "ScholarlyArticle",
                                                "TechArticle",
                                                "Report",
                                                "SocialMediaPosting",
                                                "SatiricalArticle",
                                                "AdvertiserContentArticle",
                                                "AskPublicNewsArticle",
                                                "Review"};
  return std::find(std::begin(kTypes), std::end(kTypes), type) != std::end(kTypes);
}

std::vector<std::string> types_of(const json& object) {
  std::vector<std::string> types;
  const auto it = object.find("@type");
  if (it == object.end()) return types;
  if (it->is_string()) {
    types.push_back(it->get<std::string>());
  } else if (it->is_array()) {
    for (const auto& t : *it) {
      if (t.is_string()) types.push_back(t.get<std::string>());
    }
  }
  return types;
}

// A string field, or the first string of an array, or an object's "name"/"@id" field.
std::string string_of(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  if (value.is_array()) {
    for (const auto& item : value) {
      std::string s = string_of(item);
      if (!s.empty()) return s;
    }
  }
  if (value.is_object()) {
    for (const char* key : {"name", "@id", "url", "@value"}) {
      const auto it = value.find(key);
      if (it != value.end() && it->is_string()) return it->get<std::string>();
    }
  }
  return {};
}

std::string field(const json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() ? std::string() : string_of(*it);
}

std::vector<std::string> list_of(const json& value) {
  std::vector<std::string> out;
  if (value.is_array()) {
    for (const auto& item : value) {
      std::string s = string_of(item);
      if (!s.empty()) out.push_back(std::move(s));
    }
  } else {
    std::string s = string_of(value);
    if (!s.empty()) out.push_back(std::move(s));
  }
  return out;
}

void fill_from(const json& object, JsonLdInfo& info) {
  auto set = [](std::string& target, std::string value) {
    if (target.empty()) target = std::move(value);
  };
  set(info.headline, field(object, "headline"));
  if (info.headline.empty()) set(info.headline, field(object, "name"));
  set(info.description, field(object, "description"));
  set(info.date_published, field(object, "datePublished"));
  if (info.date_published.empty()) set(info.date_published, field(object, "dateCreated"));
  set(info.date_modified, field(object, "dateModified"));
  set(info.article_body, field(object, "articleBody"));
  if (info.article_body.empty()) set(info.article_body, field(object, "text"));
  set(info.section, field(object, "articleSection"));
  set(info.language, field(object, "inLanguage"));
  set(info.url, field(object, "url"));
  if (info.url.empty()) set(info.url, field(object, "mainEntityOfPage"));
  if (const auto it = object.find("publisher"); it != object.end()) {
    set(info.publisher_name, string_of(*it));
  }
  if (info.authors.empty()) {
    if (const auto it = object.find("author"); it != object.end()) info.authors = list_of(*it);
    if (info.authors.empty()) {
      if (const auto c = object.find("creator"); c != object.end()) info.authors = list_of(*c);
    }
  }
  if (info.keywords.empty()) {
    if (const auto it = object.find("keywords"); it != object.end()) {
      if (it->is_string()) {
        const std::string all = it->get<std::string>();
        std::size_t start = 0;
        while (start <= all.size()) {
          std::size_t comma = all.find(',', start);
          if (comma == std::string::npos) comma = all.size();
          std::string word = all.substr(start, comma - start);
          if (!word.empty()) info.keywords.push_back(std::move(word));
          start = comma + 1;
        }
      } else {
        info.keywords = list_of(*it);
      }
    }
  }
}

}  // namespace

JsonLdInfo parse_json_ld(const std::vector<std::string>& scripts) {
  JsonLdInfo info;
  std::vector<const json*> article_objects;
  std::vector<const json*> page_objects;
  std::vector<json> documents;
  documents.reserve(scripts.size());
  for (const std::string& script : scripts) {
    json parsed = json::parse(script, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_discarded()) documents.push_back(std::move(parsed));
  }
  // Iterative walk over every object (arrays, @graph, nested values).
  std::vector<const json*> stack;
  for (const json& doc : documents) stack.push_back(&doc);
  std::size_t visited = 0;
  while (!stack.empty() && visited < kMaxObjects) {
    const json* value = stack.back();
    stack.pop_back();
    ++visited;
    if (value->is_array()) {
      for (auto it = value->rbegin(); it != value->rend(); ++it) stack.push_back(&*it);
      continue;
    }
    if (!value->is_object()) continue;
    for (const std::string& type : types_of(*value)) {
      info.types.push_back(type);
      if (is_article_type(type)) {
        article_objects.push_back(value);
        if (info.article_type.empty()) info.article_type = type;
      } else if (type == "WebPage" || type == "ItemPage") {
        page_objects.push_back(value);
      }
    }
    if (const auto graph = value->find("@graph"); graph != value->end()) stack.push_back(&*graph);
    if (const auto main = value->find("mainEntity"); main != value->end() && main->is_object()) {
      stack.push_back(&*main);
    }
  }
  info.has_article = !article_objects.empty();
  for (const json* object : article_objects) fill_from(*object, info);
  for (const json* object : page_objects) fill_from(*object, info);
  return info;
}

}  // namespace gazette::extract
