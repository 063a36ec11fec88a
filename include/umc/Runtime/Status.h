//===- Status.h - errors as values across the runtime -----------*- C++ -*-===//
//
// The runtime reports every failure (bad files, bad shapes, missing devices)
// as a Status with a message meant for the user, never by crashing. Part of
// the standalone runtime: no MLIR or LLVM headers here.
//
//===----------------------------------------------------------------------===//
#ifndef UMC_RUNTIME_STATUS_H
#define UMC_RUNTIME_STATUS_H

#include <optional>
#include <string>
#include <utility>

namespace umc::rt {

class [[nodiscard]] Status {
public:
  static Status ok() { return Status(); }
  static Status error(std::string message) {
    Status s;
    s.failed_ = true;
    s.message_ = std::move(message);
    return s;
  }

  bool isOk() const { return !failed_; }
  const std::string &message() const { return message_; }

  /// Prefixes the message with where it happened ("reading x.npy: ...").
  Status withContext(const std::string &context) const {
    if (isOk())
      return *this;
    return error(context + ": " + message_);
  }

private:
  bool failed_ = false;
  std::string message_;
};

/// A value or the Status that explains why there is none.
template <typename T> class [[nodiscard]] Result {
public:
  Result(T value) : value_(std::move(value)) {}
  Result(Status status) : status_(std::move(status)) {}

  bool isOk() const { return value_.has_value(); }
  const Status &status() const { return status_; }
  T &value() { return *value_; }
  const T &value() const { return *value_; }
  T &operator*() { return *value_; }
  T *operator->() { return &*value_; }

private:
  std::optional<T> value_;
  Status status_;
};

} // namespace umc::rt

/// Returns from the enclosing function when `expr` (a Status) failed.
#define UMC_RETURN_IF_ERROR(expr)                                              \
  do {                                                                         \
    ::umc::rt::Status umc_status_ = (expr);                                    \
    if (!umc_status_.isOk())                                                   \
      return umc_status_;                                                      \
  } while (0)

#endif // UMC_RUNTIME_STATUS_H
