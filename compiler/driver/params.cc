#include "compiler/driver/params.h"

#include "runtime/civil_time.h"
#include "runtime/duration.h"
#include "runtime/time_zone.h"
#include "runtime/written_number.h"

namespace seg::driver {

using lang::TypeKind;

rt::Result<lang::Value> ParseParamValue(const lang::Type& type, const std::string& text, const rt::TimeZone& zone) {
  lang::Value v;
  v.type = type;
  bool ok = true;
  // Numbers follow the rule for every written number, the same as literals in the rule file.
  rt::WrittenNumberError number_error;
  switch (type.kind) {
    case TypeKind::kBool:
      if (text == "true" || text == "yes" || text == "1") v.i = 1;
      else if (text == "false" || text == "no" || text == "0") v.i = 0;
      else ok = false;
      break;
    case TypeKind::kInt: ok = rt::ParseWrittenInt(text, &v.i, &number_error); break;
    case TypeKind::kFloat: ok = rt::ParseWrittenFloat(text, &v.f, &number_error); break;
    case TypeKind::kMoney: ok = rt::ParseWrittenMoney(text, &v.i, &number_error); break;
    case TypeKind::kDate: {
      int32_t days = 0;
      ok = rt::ParseDate(text, &days);
      v.i = days;
      break;
    }
    case TypeKind::kTimestamp: {
      rt::ParsedTimestamp parsed;
      ok = rt::ParseTimestamp(text, &parsed);
      if (ok) v.i = zone.ToUtc(parsed);
      break;
    }
    case TypeKind::kDuration: ok = rt::ParseDuration(text, &v.i); break;
    case TypeKind::kText:
    case TypeKind::kId: v.s = text; break;
    default: ok = false; break;
  }
  if (!ok) {
    return rt::Status::Error(number_error.problem.empty()
                                 ? "'" + text + "' is not a " + lang::TypeName(type)
                                 : "'" + text + "' " + number_error.problem + " (" + number_error.limits + ")");
  }
  return v;
}

rt::Status BindParams(const ir::Program& program, const std::vector<std::string>& assignments,
                      const std::string& as_of_text, std::vector<lang::Value>* out) {
  out->assign(program.params.size(), lang::Value{});
  std::vector<bool> bound(program.params.size(), false);
  for (size_t i = 0; i < program.params.size(); ++i) {
    (*out)[i] = lang::Value::Missing(program.params[i].type);
    if (program.params[i].default_value) {
      (*out)[i] = *program.params[i].default_value;
      bound[i] = true;
    }
  }
  auto assign = [&](const std::string& name, const std::string& text) {
    for (size_t i = 0; i < program.params.size(); ++i) {
      if (program.params[i].name != name) continue;
      rt::Result<lang::Value> value = ParseParamValue(program.params[i].type, text, program.zone);
      if (!value.ok()) return value.status().Prefixed("param " + name + ": ");
      (*out)[i] = std::move(*value);
      bound[i] = true;
      return rt::Status::Ok();
    }
    std::string names;
    for (const ir::Param& p : program.params) names += " " + p.name;
    return rt::Status::Error("the program has no param '" + name + "'; its params are:" + names);
  };
  for (const std::string& a : assignments) {
    size_t eq = a.find('=');
    if (eq == std::string::npos || eq == 0) {
      return rt::Status::Error("a param assignment takes NAME=VALUE (got '" + a + "')")
          .About(rt::Setting::kParamAssignment);
    }
    SEG_RETURN_IF_ERROR(assign(a.substr(0, eq), a.substr(eq + 1)));
  }
  if (!as_of_text.empty()) SEG_RETURN_IF_ERROR(assign("as_of", as_of_text));
  for (size_t i = 0; i < program.params.size(); ++i) {
    if (!bound[i]) {
      return rt::Status::Error("param " + program.params[i].name + " has no value")
          .About(rt::Setting::kParam, program.params[i].name);
    }
  }
  return rt::Status::Ok();
}

}  // namespace seg::driver
