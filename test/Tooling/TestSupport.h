//===- TestSupport.h - what the tooling tests share -------------*- C++ -*-===//
#ifndef UMC_TEST_TOOLING_TESTSUPPORT_H
#define UMC_TEST_TOOLING_TESTSUPPORT_H

#include <gtest/gtest.h>

#include <string>
#include <unistd.h>

/// Evaluates `text` once: it is often a call that reports failures itself.
#define EXPECT_CONTAINS(text, part)                                            \
  do {                                                                         \
    std::string text_ = (text);                                                \
    EXPECT_NE(text_.find(part), std::string::npos) << "which is: " << text_;   \
  } while (0)

namespace umc::test {

/// A path in the test's temporary directory, unique per test and process.
inline std::string tempPath(const std::string &name) {
  const ::testing::TestInfo *test =
      ::testing::UnitTest::GetInstance()->current_test_info();
  return ::testing::TempDir() + "umc-" + test->test_suite_name() + "-" +
         test->name() + "-" + std::to_string(getpid()) + "-" + name;
}

} // namespace umc::test

#endif // UMC_TEST_TOOLING_TESTSUPPORT_H
