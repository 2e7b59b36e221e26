#include "compiler/cli/flag_hints.h"

#include "runtime/io/postgres/postgres_url.h"

namespace seg::cli {

namespace {

// A message that starts with its subject ("input orders ...") names it by the flag instead.
std::string Reworded(const std::string& message, const std::string& subject, const std::string& flag) {
  if (message.compare(0, subject.size(), subject) != 0) return message;
  return flag + message.substr(subject.size());
}

}  // namespace

std::string FlagWording(const rt::Status& status) {
  const std::string& message = status.message();
  const std::string& name = status.setting_name();
  switch (status.setting()) {
    case rt::Setting::kNone: return message;
    case rt::Setting::kAsOf: return message + ": pass --as-of YYYY-MM-DD";
    case rt::Setting::kParam: return message + ": pass --param " + name + "=VALUE";
    case rt::Setting::kParamAssignment: return Reworded(message, "a param assignment ", "--param ");
    case rt::Setting::kInput: return Reworded(message, "input ", "--input ");
    case rt::Setting::kInputData: return message + ": pass --input " + name + "=PATH and/or the event files";
  }
  return message;
}

rt::Result<driver::InputBinding> ParseInputFlag(const std::string& text) {
  size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    return rt::Status::Error("--input takes NAME=PATH or NAME=postgresql://..., e.g. --input orders=orders.csv (got '" +
                             rt::pg::RedactPasswords(text) + "')");
  }
  return driver::InputBinding{text.substr(0, eq), text.substr(eq + 1)};
}

}  // namespace seg::cli
