// The recency bonus of the "blend" sort: a query that matches every dated article with a weight
// that halves every `half_life_days` and is `max_boost` for an article published today.
// Combined with a text query through OP_AND_MAYBE it adds recency to BM25.
//
// Built from Xapian's own ValueMapPostingSource over the day slot (a weight per day, computed
// here), not a custom posting source: Xapian can send a built-in source to remote shards
// (xapian-tcpsrv), which cannot run code of ours.
#pragma once

#include <cstdint>

#include <xapian.h>

namespace gazette::query {

[[nodiscard]] Xapian::Query recency_boost(std::int64_t now_unix_seconds, double half_life_days,
                                          double max_boost);

}  // namespace gazette::query
