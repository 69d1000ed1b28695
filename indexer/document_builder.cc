#include "indexer/document_builder.h"

#include <fmt/format.h>

#include "common/schema.h"
#include "common/utf8.h"

namespace gazette::indexer {

Xapian::Stem stemmer_for_language(const std::string& language) {
  if (!language.empty() && language != "en") {
    try {
      return Xapian::Stem(language);
    } catch (const Xapian::InvalidArgumentError&) {
      // No Snowball stemmer for this language: fall through to English.
    }
  }
  return Xapian::Stem("english");
}

std::string headline_from_text(std::string_view text) {
  constexpr std::size_t kMaxHeadlineBytes = 100;
  std::string_view first = text.substr(0, text.find('\n'));
  if (first.size() <= kMaxHeadlineBytes) return std::string(first);
  first = truncate_utf8(first, kMaxHeadlineBytes);
  if (const auto space = first.rfind(' '); space != std::string_view::npos && space > 40) {
    first = first.substr(0, space);
  }
  return std::string(first) + "…";
}

DocumentBuilder::DocumentBuilder(const IndexConfig& config) : config_(config) {
  termgen_.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  // A word's terms are "Z" (stem) + prefix + word at the longest.
  static_assert(schema::kMaxWordBytes + 1 + schema::kTitlePrefix.size() <= schema::kMaxIdTermBytes);
  termgen_.set_max_word_length(schema::kMaxWordBytes);
}

const Xapian::Stem& DocumentBuilder::stemmer_for(const std::string& language) {
  auto it = stemmers_.find(language);
  if (it == stemmers_.end()) it = stemmers_.emplace(language, stemmer_for_language(language)).first;
  return it->second;
}

Expected<BuiltDocument> DocumentBuilder::build(const Article& a) {
  using namespace schema;
  BuiltDocument out;
  out.id_term = id_term(a.identity_url());
  Xapian::Document& doc = out.document;

  termgen_.set_document(doc);
  termgen_.set_stemmer(stemmer_for(a.language));
  // Title: once with its own prefix (for title:), once unprefixed and weighted above the body.
  termgen_.index_text(a.title, kTitleWeight, std::string(kTitlePrefix));
  termgen_.increase_termpos(kFieldGap);
  termgen_.index_text(a.title, kTitleWeight);
  termgen_.increase_termpos(kFieldGap);
  termgen_.index_text(a.text, kBodyWeight);

  doc.add_boolean_term(out.id_term);
  if (!a.site.empty()) {
    doc.add_boolean_term(boolean_term(kSitePrefix, a.site));
    doc.add_value(kSiteSlot, a.site);
  }
  for (const auto& author : a.authors) {
    doc.add_boolean_term(std::string(kAuthorPrefix) + author_key(author));
  }
  if (!a.language.empty()) doc.add_boolean_term(boolean_term(kLanguagePrefix, a.language));
  if (!a.section.empty()) doc.add_boolean_term(boolean_term(kTagPrefix, a.section));
  for (const auto& tag : a.tags) doc.add_boolean_term(boolean_term(kTagPrefix, tag));

  if (a.published) {
    // Calendar terms use the date as the site wrote it (its own offset), which is what a reader
    // means by "published in March".
    const auto local = civil_date_utc(a.published->unix_seconds +
                                      std::int64_t{a.published->utc_offset_minutes} * 60);
    doc.add_boolean_term(fmt::format("{}{:04}", kYearPrefix, local.year));
    doc.add_boolean_term(fmt::format("{}{:04}{:02}", kMonthPrefix, local.year, local.month));
    doc.add_boolean_term(
        fmt::format("{}{:04}{:02}{:02}", kDayPrefix, local.year, local.month, local.day));
    doc.add_value(kPublishedSlot,
                  Xapian::sortable_serialise(static_cast<double>(a.published->unix_seconds)));
    doc.add_value(kMonthSlot, fmt::format("{:04}-{:02}", local.year, local.month));
    // Recency is an age, so the boost's day is the UTC one.
    const auto utc = civil_date_utc(a.published->unix_seconds);
    doc.add_value(kDaySlot, fmt::format("{:04}{:02}{:02}", utc.year, utc.month, utc.day));
  }
  if (a.fetched) {
    doc.add_value(kFetchedSlot,
                  Xapian::sortable_serialise(static_cast<double>(a.fetched->unix_seconds)));
  }
  if (a.simhash) doc.add_value(kCollapseSlot, fmt::format("{:016x}", *a.simhash));

  DocData data;
  data.url = a.identity_url();
  data.title = a.title.empty() ? headline_from_text(a.text) : a.title;
  data.site = a.site;
  if (a.published) data.published = format_iso8601(*a.published);
  data.authors = a.authors;
  data.language = a.language;
  data.text = std::string(truncate_utf8(a.text, config_.stored_text_bytes));
  doc.set_data(encode_doc_data(data));
  for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
    if ((*term).size() > kMaxTermBytes) {
      return fail("", fmt::format("a term of {} bytes is longer than Xapian's limit ({})",
                                  (*term).size(), kMaxTermBytes));
    }
  }
  return out;
}

}  // namespace gazette::indexer
