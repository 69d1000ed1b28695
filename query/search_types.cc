#include "query/search_types.h"

#include <utility>

namespace gazette::query {

std::optional<SortOrder> sort_order_from_string(std::string_view name) {
  if (name == "relevance") return SortOrder::kRelevance;
  if (name == "date") return SortOrder::kDate;
  if (name == "blend") return SortOrder::kBlend;
  return std::nullopt;
}

std::string_view to_string(SortOrder order) {
  switch (order) {
    case SortOrder::kDate:
      return "date";
    case SortOrder::kBlend:
      return "blend";
    case SortOrder::kRelevance:
      break;
  }
  return "relevance";
}

std::string snippet_to_text(std::string_view html, std::string_view open, std::string_view close) {
  static constexpr std::pair<std::string_view, std::string_view> kReplacements[] = {
      {"<mark>", ""}, {"</mark>", ""},  {"&amp;", "&"}, {"&lt;", "<"},
      {"&gt;", ">"},  {"&quot;", "\""}, {"&#39;", "'"},
  };
  std::string out;
  out.reserve(html.size());
  std::size_t i = 0;
  while (i < html.size()) {
    bool replaced = false;
    if (html[i] == '<' || html[i] == '&') {
      for (const auto& [from, to] : kReplacements) {
        if (html.substr(i, from.size()) == from) {
          out += from == "<mark>" ? open : from == "</mark>" ? close : to;
          i += from.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += html[i++];
  }
  return out;
}

}  // namespace gazette::query
