// How seg reports a failure that is not a mistake in the user's rules (those are Diagnostics,
// compiler/base/diagnostic.h): a file that cannot be read, a value that does not parse, a run that
// overflows. A function that can fail returns a Status, or a Result<T> when it also makes a value;
// no error travels through a `std::string*` out-parameter or an error string that is empty on
// success. Broken invariants are not failures: SEG_ASSERT (runtime/assert.h) stops the process.
//
// It lives in the runtime because the runtime sits below every compiler stage (compiler/
// CMakeLists.txt) and must not depend on any of them, while every stage above may include it; it is
// header-only, so a stage that does not link seg_runtime (compiler/base) can still use it.
//
// Messages are written for whoever called: they name files, columns, params and inputs, never the
// CLI's flags, because the C API hands them to hosts that have none. When the fix is to supply a
// setting, `setting()` says which, and the CLI adds its flag's wording (cli/flag_hints.h).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

namespace seg::rt {

// The caller-supplied setting a failure is about, when supplying or fixing it is the way out.
enum class Setting : uint8_t {
  kNone,
  kAsOf,             // the run's as_of is not set
  kParam,            // param `setting_name()` has no value
  kParamAssignment,  // a param binding is not NAME=VALUE
  kInput,            // the binding of input `setting_name()` is wrong (unknown name, given twice)
  kInputData,        // no data at all; `setting_name()` is the program's customer input
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // success
  static Status Ok() { return {}; }
  // A failure; `message` must not be empty.
  static Status Error(std::string message) { return Status(Failure{std::move(message), Setting::kNone, {}}); }

  bool ok() const { return failure_ == nullptr; }
  const std::string& message() const { return failure_ ? failure_->message : NoText(); }

  // The setting the failure is about (kNone: none in particular) and its name where it has one.
  Setting setting() const { return failure_ ? failure_->setting : Setting::kNone; }
  const std::string& setting_name() const { return failure_ ? failure_->setting_name : NoText(); }
  Status About(Setting setting, std::string name = {}) const {
    if (ok()) return *this;
    return Status(Failure{failure_->message, setting, std::move(name)});
  }

  // The same failure with `context` in front of its message ("orders.csv: " + message).
  Status Prefixed(const std::string& context) const {
    if (ok()) return *this;
    return Status(Failure{context + failure_->message, failure_->setting, failure_->setting_name});
  }

 private:
  struct Failure {
    std::string message;
    Setting setting = Setting::kNone;
    std::string setting_name;
  };
  explicit Status(Failure failure) : failure_(std::make_shared<const Failure>(std::move(failure))) {}
  static const std::string& NoText() {
    static const std::string empty;
    return empty;
  }
  // Null on success, so that a Status that is ok costs one pointer in the loops that return one
  // per value (a PostgreSQL cell); failures are immutable and shared by copies.
  std::shared_ptr<const Failure> failure_;
};

// A value or the Status saying why there is none (as absl::StatusOr, llvm::Expected).
template <typename T> class [[nodiscard]] Result {
 public:
  // Implicit, so that `return value;` reads best; from anything that converts to T.
  template <typename U = T,
            typename = std::enable_if_t<std::is_convertible_v<U&&, T> && !std::is_same_v<std::decay_t<U>, Status>>>
  Result(U&& value) : value_(std::forward<U>(value)) {}  // NOLINT
  Result(Status status) : status_(std::move(status)) {}  // NOLINT; must not be ok()

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  const std::string& message() const { return status_.message(); }

  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T&& operator*() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace seg::rt

// Returns the Status of `expr` from the enclosing function when it failed.
#define SEG_RETURN_IF_ERROR(expr)              \
  do {                                         \
    ::seg::rt::Status seg_status_ = (expr);    \
    if (!seg_status_.ok()) return seg_status_; \
  } while (false)
