#include "common/url.h"

#include <gtest/gtest.h>

namespace gazette {
namespace {

std::string or_none(const std::optional<std::string>& value) { return value ? *value : "none"; }

struct Row {
  const char* input;
  const char* expected;  // "none" for nullopt
};

TEST(UrlTest, NormalizesToOneSpelling) {
  const Row rows[] = {
      // Case: scheme and host lower-cased, path and query left alone.
      {"HTTP://Example.COM/Path/A?Q=B", "http://example.com/Path/A?Q=B"},
      // Default ports dropped, other ports kept.
      {"http://example.com:80/x", "http://example.com/x"},
      {"https://example.com:443/x", "https://example.com/x"},
      {"https://example.com:80/x", "https://example.com:80/x"},
      {"http://example.com:8080/x", "http://example.com:8080/x"},
      {"http://127.0.0.1:0/", "http://127.0.0.1:0/"},
      // Empty path, dot segments.
      {"http://example.com", "http://example.com/"},
      {"http://example.com/a/./b/../c", "http://example.com/a/c"},
      {"http://example.com/../../x", "http://example.com/x"},
      {"http://example.com/a/b/..", "http://example.com/a/"},
      // Fragments dropped.
      {"http://example.com/story#comments", "http://example.com/story"},
      {"http://example.com/story?id=3#top", "http://example.com/story?id=3"},
      // Tracking parameters dropped, order of the rest kept, empty query dropped.
      {"http://example.com/a?utm_source=x&id=7&utm_medium=y&page=2",
       "http://example.com/a?id=7&page=2"},
      {"http://example.com/a?fbclid=abc", "http://example.com/a"},
      {"http://example.com/a?gclid=1&mc_cid=2&mc_eid=3&UTM_Campaign=4", "http://example.com/a"},
      {"http://example.com/a?", "http://example.com/a"},
      {"http://example.com/a?b=2&a=1", "http://example.com/a?b=2&a=1"},
      {"http://example.com/a?x=1&&y=2&", "http://example.com/a?x=1&y=2"},
      {"http://example.com/a?utm=keep", "http://example.com/a?utm=keep"},
      // Percent-encoding: unreserved decoded, hex upper-cased, raw unsafe bytes escaped.
      {"http://example.com/%7euser/%41bc", "http://example.com/~user/Abc"},
      {"http://example.com/a%2fb?q=%3d%e9", "http://example.com/a%2Fb?q=%3D%E9"},
      {"http://example.com/caf\xC3\xA9", "http://example.com/caf%C3%A9"},
      {"http://example.com/a b?q=c d", "http://example.com/a%20b?q=c%20d"},
      {"http://example.com/100%", "http://example.com/100%25"},
      {"http://example.com/%zz", "http://example.com/%25zz"},
      // Escaped dot segments are dot segments (RFC 3986 6.2.2: decode, then remove dots).
      {"http://example.com/a/%2e%2e/b", "http://example.com/b"},
      {"http://example.com/a/%2E/b/", "http://example.com/a/b/"},
      {"http://example.com/a/%2e%2e", "http://example.com/"},
      {"http://example.com/a/.%2e/.b/%2e.c", "http://example.com/.b/..c"},
      // International host names keep their UTF-8 spelling, ASCII lower-cased.
      {"http://B\xC3\xBC"
       "cher.example/x",
       "http://b\xC3\xBC"
       "cher.example/x"},
      {"http://xn--bcher-kva.example/x", "http://xn--bcher-kva.example/x"},
      // IP literals.
      {"http://[::1]:8080/x", "http://[::1]:8080/x"},
      {"http://127.0.0.1/", "http://127.0.0.1/"},
      // Surrounding whitespace ignored.
      {"  http://example.com/x \n", "http://example.com/x"},
      // Not http(s), no host, credentials, garbage.
      {"ftp://example.com/file", "none"},
      {"file:///etc/passwd", "none"},
      {"javascript:alert(1)", "none"},
      {"mailto:desk@example.com", "none"},
      {"http://", "none"},
      {"http://user:secret@example.com/", "none"},
      {"http://exa mple.com/", "none"},
      {"http://example.com:99999/", "none"},
      {"example.com/no-scheme", "none"},
      {"/relative/path", "none"},
      {"", "none"},
      {"   ", "none"},
      {"::::", "none"},
      {"http://\xFF\xFE/", "none"},
      // Escapes curl decodes in a host name, into what no host name holds.
      {"http://exa%7fmple.com/", "none"},
      {"http://exa%20mple.com/", "none"},
      {"http://exa%%41mple.com/", "none"},
      {"http://a%2Fb/", "none"},
      {"http://a%3A80/", "none"},
      // IPv4 addresses in other spellings, also when made of escapes.
      {"http://4440/", "http://0.0.17.88/"},
      {"http://444%30/x", "http://0.0.17.88/x"},
      {"http://0x7f.1/", "http://127.0.0.1/"},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(or_none(normalize_url(row.input)), row.expected) << row.input;
  }
}

TEST(UrlTest, NormalizingTwiceChangesNothing) {
  const char* inputs[] = {"HTTP://A.example:80/x/../y?utm_source=z&k=v#f",
                          "https://b.example/caf\xC3\xA9 au lait?q=%7e", "http://[::1]:8080/a/./b"};
  for (const char* input : inputs) {
    const auto once = normalize_url(input);
    ASSERT_TRUE(once) << input;
    EXPECT_EQ(or_none(normalize_url(*once)), *once) << input;
  }
}

TEST(UrlTest, ResolvesTheReferencesOfRfc3986Section54) {
  // RFC 3986 5.4.1 and 5.4.2 with base http://a/b/c/d;p?q; fragments are then dropped by
  // normalisation, and "g:h" / "http:g" are not http(s) URLs we follow.
  const char* base = "http://a/b/c/d;p?q";
  const Row rows[] = {
      {"g:h", "none"},
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g/"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q"},
      {"g#s", "http://a/b/c/g"},
      {"g?y#s", "http://a/b/c/g?y"},
      {";x", "http://a/b/c/;x"},
      {"g;x", "http://a/b/c/g;x"},
      {"g;x?y#s", "http://a/b/c/g;x?y"},
      {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../", "http://a/b/"},
      {"../g", "http://a/b/g"},
      {"../..", "http://a/"},
      {"../../", "http://a/"},
      {"../../g", "http://a/g"},
      // Abnormal examples (5.4.2).
      {"../../../g", "http://a/g"},
      {"../../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},
      {"g.", "http://a/b/c/g."},
      {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."},
      {"..g", "http://a/b/c/..g"},
      {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"},
      {"g/./h", "http://a/b/c/g/h"},
      {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
      {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"},
      {"g?y/../x", "http://a/b/c/g?y/../x"},
      {"g#s/./x", "http://a/b/c/g"},
      {"g#s/../x", "http://a/b/c/g"},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(or_none(resolve_url(base, row.input)), row.expected) << row.input;
  }
}

TEST(UrlTest, ResolvesLinksAsFoundInPages) {
  const char* base = "https://news.example/world/2025/11/story.html?utm_source=rss";
  const Row rows[] = {
      {"other.html", "https://news.example/world/2025/11/other.html"},
      {" /politics/ ", "https://news.example/politics/"},
      {"/a\n/b\t/c", "https://news.example/a/b/c"},
      {"//cdn.example/img.png", "https://cdn.example/img.png"},
      {"HTTP://Other.Example:80/x?fbclid=1", "http://other.example/x"},
      {"#comments", "https://news.example/world/2025/11/story.html"},
      {"javascript:void(0)", "none"},
      {"JavaScript:alert(1)", "none"},
      {"mailto:desk@news.example", "none"},
      {"tel:+15551234", "none"},
      {"data:text/html,hello", "none"},
      {"ftp://news.example/file", "none"},
      {"http://[broken", "none"},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(or_none(resolve_url(base, row.input)), row.expected) << row.input;
  }
  EXPECT_EQ(or_none(resolve_url("not a url", "/x")), "none");
  EXPECT_EQ(or_none(resolve_url("mailto:a@b.example", "/x")), "none");
}

TEST(UrlTest, SplitsNormalizedUrls) {
  struct SplitRow {
    const char* url;
    const char* authority;
    const char* path_and_query;
  };
  const SplitRow rows[] = {
      {"http://example.com/", "example.com", "/"},
      {"https://example.com:8443/a/b?c=d", "example.com:8443", "/a/b?c=d"},
      {"http://[::1]:8080/x", "[::1]:8080", "/x"},
      {"http://site7.localhost:41234/robots.txt", "site7.localhost:41234", "/robots.txt"},
      {"ftp://example.com/", "", ""},
      {"garbage", "", ""},
  };
  for (const SplitRow& row : rows) {
    EXPECT_EQ(url_authority(row.url), row.authority) << row.url;
    EXPECT_EQ(url_path_and_query(row.url), row.path_and_query) << row.url;
  }
}

TEST(UrlTest, HostileInputNeverCrashes) {
  std::string long_url = "http://example.com/" + std::string(100000, 'a');
  EXPECT_TRUE(normalize_url(long_url));
  std::string nul_url("http://example.com/\0x", 21);
  EXPECT_EQ(or_none(normalize_url(nul_url)), "none");
  for (int c = 0; c < 256; ++c) {
    const std::string href(1, static_cast<char>(c));
    (void)resolve_url("http://example.com/a/b", href);
    (void)normalize_url("http://example.com/" + href);
  }
}

}  // namespace
}  // namespace gazette
