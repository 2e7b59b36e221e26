// Param values from the command line or the API, as text: "2024-06-30", "5000", "19.99",
// "30d", "true". Parsed by the param's declared type.
#pragma once
#include <string>
#include <vector>

#include "compiler/ir/ir.h"
#include "runtime/status.h"
#include "runtime/time_zone.h"

namespace seg::driver {

// A timestamp without an offset is a local time in `zone`, the program's time zone, as the same
// text written as a literal or a param default is.
rt::Result<lang::Value> ParseParamValue(const lang::Type& type, const std::string& text,
                                        const rt::TimeZone& zone = rt::TimeZone::Utc());

// One value per program param: the bindings given as "name=value", then defaults. as_of must be
// set by the caller (`as_of_text`); a param with no default and no binding is an error.
rt::Status BindParams(const ir::Program& program, const std::vector<std::string>& assignments,
                      const std::string& as_of_text, std::vector<lang::Value>* out);

}  // namespace seg::driver
