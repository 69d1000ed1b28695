#include "common/file_lock.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <utility>

namespace gazette {
namespace {

TEST(FileLock, SecondHolderIsRefusedAsBusyUntilTheFirstGoes) {
  const auto dir = std::filesystem::path(::testing::TempDir()) /
                   ::testing::UnitTest::GetInstance()->current_test_info()->name();
  std::filesystem::remove_all(dir);
  const std::string path = (dir / "sub" / "x.lock").string();  // parents are created
  auto first = FileLock::acquire(path, "held");
  ASSERT_TRUE(first) << first.error().to_string();
  const auto second = FileLock::acquire(path, "held");
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().kind, ErrorKind::kBusy);
  EXPECT_EQ(second.error().to_string(), path + ": held");
  FileLock moved = std::move(*first);
  first = FileLock::acquire(dir.string() + "/other.lock", "held");  // drops nothing of `moved`
  EXPECT_FALSE(FileLock::acquire(path, "held"));
  { const FileLock released = std::move(moved); }
  EXPECT_TRUE(FileLock::acquire(path, "held"));
  std::filesystem::remove_all(dir);
}

TEST(FileLock, UnopenableFileIsNotBusy) {
  const auto error = FileLock::acquire("/proc/no-such-dir/x.lock", "held");
  ASSERT_FALSE(error);
  EXPECT_EQ(error.error().kind, ErrorKind::kOther);
}

}  // namespace
}  // namespace gazette
