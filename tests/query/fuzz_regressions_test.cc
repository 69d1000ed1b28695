// Inputs found by the fuzz targets (fuzz/, see docs/operations.md "Fuzzing") that broke a
// property of query/: minimised, kept in fuzz/regressions/<target>/ and checked here.
#include <gtest/gtest.h>

#include "query/web_query.h"

namespace gazette::query {
namespace {

// fuzz/regressions/web_query ("site=c&site=c="): cpp-httplib keeps both values (the raw pairs
// differ) but drops the exact repeat in the link to_query_string makes, so the link asked for
// another search. A repeated site (in any case) is now kept once.
TEST(FuzzRegressions, RepeatedSiteIsKeptOnceAndTheLinkReadsBack) {
  const QueryParams params = {{"site", "c"}, {"site", "c"}, {"site", "C"}, {"site", "d"}};
  const auto parsed = parse_web_query(params, QueryConfig{});
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(parsed->request.sites, (std::vector<std::string>{"c", "d"}));
  EXPECT_EQ(to_query_string(*parsed), "q=&site=c&site=d");
}

}  // namespace
}  // namespace gazette::query
