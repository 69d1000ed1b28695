#include "query/searcher.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <optional>

#include "common/schema.h"
#include "common/time.h"
#include "common/utf8.h"
#include "query/query_builder.h"
#include "query/recency_boost.h"
#include "query/search_deadline.h"
#include "query/spelling.h"

namespace gazette::query {
namespace {

// With facets, at least this many matches are examined so the counts mean something on broad
// queries without scanning a whole archive.
constexpr Xapian::doccount kFacetSample = 5000;

// A blended query's recency boost for a brand-new article, per unit of recency_weight: about the
// BM25 weight of a strong one-word match.
constexpr double kRecencyScale = 10.0;

// "Did you mean" looks at words found in at most this many documents; for a word that is in the
// archive at all, it offers a correction only when that is this many times more common.
constexpr Xapian::doccount kRareWordFreq = 3;
constexpr Xapian::doccount kSuggestionFactor = 10;

// Feedback terms are free-text terms: unprefixed words and their stems (Z), never filters.
class FreeTextTerms : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    return !term.empty() && (term[0] == 'Z' || term[0] < 'A' || term[0] > 'Z');
  }
};

// `text` boosted by the best terms of the top documents of the enquire's current query, scaled
// down. A question rarely uses all the words its answers use; this finds them.
Xapian::Query with_feedback_terms(Xapian::Enquire& enquire, const Xapian::Query& text,
                                  const Ranking& ranking) {
  const Xapian::MSet top = enquire.get_mset(0, ranking.feedback_docs);
  if (top.empty()) return text;
  Xapian::RSet rset;
  // Only documents that match nearly as well as the best one: a weak match would pull the
  // query towards its own topic.
  const double floor = ranking.feedback_min_share * top.begin().get_weight();
  for (auto it = top.begin(); it != top.end() && it.get_weight() >= floor; ++it) {
    rset.add_document(*it);
  }
  const FreeTextTerms decider;
  // Exact term frequencies: by default Xapian approximates them over several databases, so a
  // sharded index would pick other feedback terms than one database holding the same articles.
  const Xapian::ESet eset =
      enquire.get_eset(ranking.feedback_terms, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
  const Xapian::Query expansion(Xapian::Query::OP_OR, eset.begin(), eset.end());
  const double scale =
      ranking.feedback_weight *
      std::min(1.0, static_cast<double>(text.get_length()) / std::max(eset.size(), 1u));
  // AND_MAYBE: feedback terms re-rank what the query matched but never add matches, so filters
  // written inside the query (site:, dates) still hold.
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, text,
                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, expansion, scale));
}

struct MatchCount {
  Xapian::doccount count = 0;
  bool exact = false;
};

// The number of matches of `mset`. Under collapsing Xapian's bounds stay apart even when every
// document was examined; a match allowed to examine as many documents as the database holds saw
// them all, and then its lower bound is the count.
MatchCount count_of(const Xapian::MSet& mset, Xapian::doccount check_at_least,
                    Xapian::doccount documents) {
  if (mset.get_matches_lower_bound() == mset.get_matches_upper_bound() ||
      check_at_least >= documents) {
    return {mset.get_matches_lower_bound(), true};
  }
  return {mset.get_matches_estimated(), false};
}

std::vector<FacetCount> top_values(const Xapian::ValueCountMatchSpy& spy, std::size_t n) {
  std::vector<FacetCount> out;
  for (auto it = spy.top_values_begin(n); it != spy.top_values_end(n); ++it) {
    out.push_back(FacetCount{*it, it.get_termfreq()});
  }
  return out;
}

std::vector<FacetCount> all_values(const Xapian::ValueCountMatchSpy& spy) {
  std::vector<FacetCount> out;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
    out.push_back(FacetCount{*it, it.get_termfreq()});
  }
  return out;
}

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Where `word` (lower case) stands as a whole word in `text`, ignoring ASCII case; npos if not.
std::size_t find_word(const std::string& text, const std::string& word) {
  for (std::size_t pos = 0; pos + word.size() <= text.size(); ++pos) {
    bool same = true;
    for (std::size_t i = 0; i < word.size() && same; ++i) {
      same = ascii_lower(text[pos + i]) == word[i];
    }
    const bool starts = pos == 0 || !is_word_char(text[pos - 1]);
    const bool ends = pos + word.size() == text.size() || !is_word_char(text[pos + word.size()]);
    if (same && starts && ends) return pos;
  }
  return std::string::npos;
}

// Notices for the wildcards (term prefixes) that have more words than the searched
// `limit`. Reads at most limit + 1 words of each.
std::vector<std::string> wildcard_notices(const Xapian::Database& db,
                                          const std::vector<std::string>& wildcards,
                                          unsigned limit) {
  std::vector<std::string> notices;
  for (const auto& prefix : wildcards) {
    std::size_t words = 0;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix) && words <= limit;
         ++it) {
      ++words;
    }
    if (words <= limit) continue;
    // The one prefixed field wildcards apply to is title: (S); unprefixed words are lower case.
    const bool title = prefix.starts_with(schema::kTitlePrefix);
    notices.push_back(
        fmt::format("{}{}* matches more than {} words: only the {} most frequent were searched",
                    title ? "title:" : "",
                    title ? prefix.substr(schema::kTitlePrefix.size()) : prefix, limit, limit));
  }
  return notices;
}

}  // namespace

Searcher::Searcher(std::string path, IndexReader reader, const QueryConfig& config,
                   const Ranking& ranking)
    : path_(std::move(path)), reader_(std::move(reader)), config_(config), ranking_(ranking) {}

Expected<Searcher> Searcher::open(const std::string& index_path, const QueryConfig& config,
                                  const Ranking& ranking) {
  auto reader = IndexReader::open(index_path, config.shard_timeout_ms);
  if (!reader) return tl::unexpected(reader.error());
  return Searcher(index_path, std::move(*reader), config, ranking);
}

bool Searcher::refresh() {
  try {
    return reader_.reopen();
  } catch (const Xapian::Error&) {
    return false;  // the next search reports the problem
  }
}

std::string Searcher::last_update() const {
  try {
    return reader_.database().get_metadata(std::string(schema::kLastUpdateKey));
  } catch (const Xapian::Error&) {
    return {};
  }
}

tl::expected<SearchResponse, SearchError> Searcher::search(const SearchRequest& request) {
  if (request.page < 1 || request.page > config_.max_page) {
    return tl::unexpected(SearchError{
        SearchError::Kind::kBadQuery,
        fmt::format("page must be between 1 and {} (query.max_page)", config_.max_page)});
  }
  if (request.per_page < 1 || request.per_page > config_.max_per_page) {
    return tl::unexpected(
        SearchError{SearchError::Kind::kBadQuery,
                    fmt::format("per_page must be between 1 and {} (query.max_per_page)",
                                config_.max_per_page)});
  }
  // A writer that commits while we read can invalidate blocks we need (DatabaseModifiedError):
  // move to the new revision and run the search again. A remote shard that fails is left out
  // and the search runs again over the others.
  constexpr int kAttempts = 3;
  const auto start = std::chrono::steady_clock::now();
  for (int attempt = 1;; ++attempt) {
    try {
      reader_.retry_missing();
      auto built = build_query(request, reader_.database(), config_, ranking_, stemmers_);
      if (!built) return tl::unexpected(built.error());
      SearchResponse response = run(request, *built);
      response.missing_shards = reader_.missing_shards();
      response.seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      return response;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == kAttempts) {
        return tl::unexpected(SearchError{SearchError::Kind::kIndexUnavailable,
                                          "the index keeps changing; try again"});
      }
      reader_.reopen();
    } catch (const Xapian::NetworkError& e) {
      if (attempt == kAttempts || !reader_.leave_out_failed(e)) {
        return tl::unexpected(SearchError{SearchError::Kind::kIndexUnavailable,
                                          path_ + ": no shard answers: " + e.get_description()});
      }
    } catch (const Xapian::Error& e) {
      return tl::unexpected(
          SearchError{SearchError::Kind::kIndexUnavailable, path_ + ": " + e.get_description()});
    }
  }
}

SearchResponse Searcher::run(const SearchRequest& request, const BuiltQuery& built) {
  // One deadline for all of this search's matching (feedback included), over local shards.
  std::optional<SearchDeadline> deadline;
  if (config_.max_search_ms > 0 && !reader_.has_remote_shards()) {
    deadline.emplace(
        SearchDeadline::Clock::now() + std::chrono::milliseconds(config_.max_search_ms),
        std::make_shared<bool>(false));
  }
  const auto bounded = [&](const Xapian::Query& query) {
    const Xapian::Query filtered = built.with_filter(query);
    if (!deadline) return filtered;
    return Xapian::Query(Xapian::Query::OP_FILTER, filtered, Xapian::Query(&*deadline));
  };
  const Ranking& rank = ranking_;
  const Xapian::BM25Weight bm25(rank.k1, rank.k2, rank.k3, rank.b, rank.min_normlen);
  Xapian::ValueCountMatchSpy sites(schema::kSiteSlot);
  Xapian::ValueCountMatchSpy months(schema::kMonthSlot);
  // An Enquire for one tier of the results; the facet spies count over every tier.
  const auto enquire_for = [&](const Xapian::Query& query) {
    Xapian::Enquire enquire(reader_.database());
    enquire.set_weighting_scheme(bm25);
    Xapian::Query ranked = query;
    if (request.sort == SortOrder::kBlend) {
      ranked = Xapian::Query(Xapian::Query::OP_AND_MAYBE, ranked,
                             recency_boost(now_unix_seconds(), config_.recency_half_life_days,
                                           config_.recency_weight * kRecencyScale));
    }
    enquire.set_query(bounded(ranked));
    enquire.set_collapse_key(schema::kCollapseSlot);
    if (request.sort == SortOrder::kDate) {
      enquire.set_sort_by_value_then_relevance(schema::kPublishedSlot, true);
    }
    if (request.facets) {
      enquire.add_matchspy(&sites);
      enquire.add_matchspy(&months);
    }
    return enquire;
  };

  Xapian::Query text = built.text;
  if (!built.match_all_words && request.sort != SortOrder::kDate) {
    Xapian::Enquire first_pass(reader_.database());
    first_pass.set_weighting_scheme(bm25);
    first_pass.set_query(bounded(text));
    text = with_feedback_terms(first_pass, text, rank);
  }
  const Xapian::doccount offset = (request.page - 1) * request.per_page;
  Xapian::doccount check_at_least = offset + request.per_page;
  if (request.facets) check_at_least = std::max(check_at_least, kFacetSample);
  const Xapian::MSet mset = enquire_for(text).get_mset(offset, request.per_page, check_at_least);

  // The articles with every word of a short query end on this page (or before it): the page
  // goes on with the articles that have some of the words, all ranked after those with every
  // word, and the total counts both. (The first tier's count is then exact: a page that is not
  // full means its matching examined every document.)
  const Xapian::doccount documents = reader_.database().get_doccount();
  const MatchCount first_tier = count_of(mset, check_at_least, documents);
  const Xapian::doccount page_end = offset + request.per_page;
  const bool first_tier_ends =
      mset.size() < request.per_page || (first_tier.exact && first_tier.count <= page_end);
  // A page that is not full ends the first tier: its matching examined every document, and the
  // lower bound is the count even where collapsing keeps Xapian's bounds apart.
  const Xapian::doccount strict_total = mset.size() == request.per_page ? first_tier.count
                                        : mset.empty() ? mset.get_matches_lower_bound()
                                                       : offset + mset.size();
  const Xapian::doccount relaxed_check_at_least =
      check_at_least - std::min(check_at_least, strict_total);
  const bool deadline_hit = deadline && deadline->expired();
  std::optional<Xapian::MSet> relaxed;
  if (!built.relaxed.empty() && !deadline_hit && first_tier_ends) {
    const Xapian::Query some_words(Xapian::Query::OP_AND_NOT, built.relaxed, built.text);
    const Xapian::doccount first = offset > strict_total ? offset - strict_total : 0;
    relaxed = enquire_for(some_words)
                  .get_mset(first, request.per_page - mset.size(), relaxed_check_at_least);
  }

  SearchResponse response;
  response.page = request.page;
  response.per_page = request.per_page;
  response.sort = request.sort;
  response.match_all_words = built.match_all_words;
  response.total = first_tier.count;
  response.total_exact = first_tier.exact;
  if (relaxed) {
    const MatchCount second_tier = count_of(*relaxed, relaxed_check_at_least, documents);
    response.total = strict_total + second_tier.count;
    response.total_exact = second_tier.exact;
    response.relaxed = second_tier.count > 0;
    response.all_words_total = strict_total;
  }
  if (!reader_.has_remote_shards()) {
    // Over remote shards, counting a wildcard's words would fetch all of them.
    response.notices =
        wildcard_notices(reader_.database(), built.wildcards, config_.max_wildcard_terms);
  }
  if (response.relaxed) {
    response.notices.push_back(
        strict_total == 0
            ? std::string("no article has all of your words: showing results for some of them")
            : fmt::format("{} {} all of your words; the results after {} have some of them",
                          strict_total, strict_total == 1 ? "article has" : "articles have",
                          strict_total == 1 ? "it" : "them"));
  }
  if (deadline_hit) {
    response.total_exact = false;
    response.notices.push_back(
        fmt::format("the search took longer than {} ms and stopped early: the results come from "
                    "part of the archive",
                    config_.max_search_ms));
  }
  // The page's hits: the first tier's, then the relaxed tier's (ranked after every article of
  // the first).
  struct Place {
    const Xapian::MSet* mset;
    Xapian::doccount index;
    Xapian::doccount ranks_before;
  };
  std::vector<Place> places;
  std::vector<Xapian::docid> docids;
  for (Xapian::doccount i = 0; i < mset.size(); ++i) {
    places.push_back({&mset, i, 0});
    docids.push_back(*mset[i]);
  }
  if (relaxed) {
    for (Xapian::doccount i = 0; i < relaxed->size(); ++i) {
      places.push_back({&*relaxed, i, strict_total});
      docids.push_back(*(*relaxed)[i]);
    }
  }
  response.hits.resize(docids.size());
  // Each hit is made (its snippet too) as its document arrives: over remote shards, while the
  // others are still on their way.
  reader_.fetch_documents(docids, [&](std::size_t i, std::string&& bytes) {
    const Place& place = places[i];
    const Xapian::MSetIterator it = (*place.mset)[place.index];
    Hit& hit = response.hits[i];
    hit.rank = place.ranks_before + it.get_rank() + 1;
    hit.score = it.get_weight();
    auto data = schema::decode_doc_data(bytes);
    if (!data) return;
    hit.url = std::move(data->url);
    hit.title = std::move(data->title);
    hit.site = std::move(data->site);
    hit.published = std::move(data->published);
    hit.authors = std::move(data->authors);
    if (request.snippets && !data->text.empty()) {
      // Flags 0: Xapian's cheap snippet (no background model, no exhaustive search), which
      // costs a third of the default on a results page.
      // Paragraph breaks and runs of spaces become one space: a snippet is one line.
      hit.snippet_html =
          collapse_ascii_space(place.mset->snippet(data->text, config_.snippet_chars, built.stemmer,
                                                   0, "<mark>", "</mark>", "…"),
                               is_http_space);
    }
  });
  if (request.facets) {
    response.site_facets = top_values(sites, 20);
    response.month_facets = all_values(months);
    std::sort(response.month_facets.begin(), response.month_facets.end(),
              [](const FacetCount& a, const FacetCount& b) { return a.value > b.value; });
    response.facets_sampled = sites.get_total() < response.total || !response.total_exact;
  }
  response.suggestion = suggest(request.query, built, mset);
  return response;
}

std::string Searcher::suggest(const std::string& query, const BuiltQuery& built,
                              const Xapian::MSet& mset) const {
  std::string corrected = query;
  bool changed = false;
  const Xapian::Database& db = reader_.database();
  SpellingBudget budget;  // for the whole query: many unknown words cost no more than a few
  for (const auto& word : built.words) {
    if (word.size() < 3 || word.size() > kMaxSpelledWordBytes) continue;
    // A word that is its own stem, with a common stem, is a known word: the match already
    // counted the stem, so no lookup is needed. Otherwise ("centrall" stems to "central") only
    // the word itself tells; over remote shards, where that lookup is a network round trip per
    // shard, a common stem is taken as enough (such a word gets no suggestion there).
    const std::string stem = built.stemmer(word);
    const bool common_stem = mset.get_termfreq("Z" + stem) > kRareWordFreq;
    if (common_stem && (stem == word || reader_.has_remote_shards())) continue;
    const Xapian::doccount freq = db.get_termfreq(word);
    if (freq > kRareWordFreq) continue;
    const std::string better = closest_indexed_word(db, word, reader_.has_remote_shards(), budget);
    if (better.empty() || better == word) continue;
    // An unknown word takes any known correction; a rare one only a much more common word.
    if (freq > 0 && db.get_termfreq(better) < kSuggestionFactor * freq) continue;
    const auto pos = find_word(corrected, word);
    if (pos == std::string::npos) continue;
    corrected.replace(pos, word.size(), better);
    changed = true;
  }
  return changed ? corrected : std::string();
}

}  // namespace gazette::query
