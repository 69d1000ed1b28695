// A posting source that scores documents by how recently they were published: the weight halves
// every `half_life_seconds` and is `max_boost` for an article published now. Combined with a text
// query through OP_AND_MAYBE it adds a recency bonus to BM25 ("blend" sort).
// Not thread-safe (Xapian posting sources never are); Xapian clones one per search.
#pragma once

#include <xapian.h>

namespace gazette::query {

class RecencyBoost : public Xapian::ValuePostingSource {
 public:
  RecencyBoost(double now_seconds, double half_life_seconds, double max_boost);

  double get_weight() const override;
  void init(const Xapian::Database& database) override;
  RecencyBoost* clone() const override;
  std::string name() const override { return "gazette::RecencyBoost"; }

 private:
  double now_;
  double half_life_;
  double max_boost_;
};

}  // namespace gazette::query
