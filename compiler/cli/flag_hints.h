// The CLI's side of failures reported below it: what the layers under the CLI say names params,
// inputs and as_of, never a flag (the C API hands the same messages to hosts that have none);
// here, where the flags are, a failure about a setting gets the wording of the flag that supplies it.
#pragma once
#include <string>

#include "compiler/driver/load_data.h"
#include "runtime/status.h"

namespace seg::cli {

// `status`'s message as the CLI prints it: "as_of is not set: pass --as-of YYYY-MM-DD",
// "--input orders is given twice", "param p has no value: pass --param p=VALUE".
std::string FlagWording(const rt::Status& status);

// One --input value: "NAME=PATH" or "NAME=postgresql://...".
rt::Result<driver::InputBinding> ParseInputFlag(const std::string& text);

}  // namespace seg::cli
