// seg_run_json: the whole API as one JSON request and one JSON response, for hosts that would
// rather not bind handles (request and response schema: docs/API.md).
#include <nlohmann/json.hpp>

#include "compiler/api/c_api_util.h"
#include "compiler/api/json_rows.h"

namespace seg::api {
namespace {

using nlohmann::json;
using v1::Status;
using v1::StatusCode;

json DiagnosticJson(const v1::Diagnostic& d) {
  const char* severity = d.severity == v1::Severity::kError     ? "error"
                         : d.severity == v1::Severity::kWarning ? "warning"
                                                                : "note";
  return {{"code", d.code},       {"name", d.name},         {"severity", severity},
          {"message", d.message}, {"file", d.file},         {"line", d.line},
          {"column", d.column},   {"end_line", d.end_line}, {"end_column", d.end_column},
          {"help", d.help}};
}

// Thrown nowhere: a failed step returns its status and the response says why.
struct Outcome {
  Status status;
  json response = json::object();
};

Status Bad(const std::string& message) { return {StatusCode::kInvalidArgument, message}; }

Status ReadParams(const json& request, std::vector<std::pair<std::string, std::string>>* out) {
  if (!request.contains("params")) return {};
  if (!request["params"].is_object()) return Bad("\"params\" must be an object of name: value");
  for (auto it = request["params"].begin(); it != request["params"].end(); ++it) {
    std::string text;
    if (!JsonCellText(it.value(), &text) || it.value().is_null()) return Bad("params." + it.key() + ": not a value");
    out->emplace_back(it.key(), text);
  }
  return {};
}

Status BindInputs(const v1::Program& program, const json& spec, v1::Inputs* inputs) {
  if (!spec.is_object()) return Bad("\"inputs\" must be an object of input name: {\"path\": ...} or {\"rows\": [...]}");
  const ir::Program& ir = *program.impl().ir;
  for (auto it = spec.begin(); it != spec.end(); ++it) {
    const json& binding = it.value();
    if (!binding.is_object()) return Bad("inputs." + it.key() + ": expected {\"path\": ...} or {\"rows\": [...]}");
    if (binding.contains("path")) {
      if (!binding["path"].is_string()) return Bad("inputs." + it.key() + ".path: expected a string");
      v1::LoadOptions options;
      if (binding.contains("delimiter")) {
        if (!binding["delimiter"].is_string() || binding["delimiter"].get<std::string>().size() != 1) {
          return Bad("inputs." + it.key() + ".delimiter: expected one character");
        }
        options.delimiter = binding["delimiter"].get<std::string>()[0];
      }
      options.skip_bad_rows = binding.value("skip_bad_rows", false);
      if (Status s = inputs->BindFile(it.key(), binding["path"].get<std::string>(), options); !s.ok()) return s;
      continue;
    }
    if (!binding.contains("rows") || !binding["rows"].is_array()) {
      return Bad("inputs." + it.key() + ": expected {\"path\": ...} or {\"rows\": [...]}");
    }
    const ir::InputSchema* input = nullptr;
    for (const ir::InputSchema& in : ir.inputs) {
      if (in.name == it.key()) input = &in;
    }
    if (input == nullptr) return {StatusCode::kBindError, "the program has no input named '" + it.key() + "'"};
    const rt::TimeZone* zone = &ir.zone;
    rt::Table table = EmptyTable(*input);
    size_t row = 0;
    for (const json& r : binding["rows"]) {
      std::string where = "inputs." + it.key() + ".rows[" + std::to_string(row++) + "]";
      if (Status s = AppendJsonRow(*input, r, *zone, nullptr, where, &table); !s.ok()) return s;
    }
    // Rows were parsed against the declared columns already, so the table is stored as it is.
    int32_t index = static_cast<int32_t>(input - ir.inputs.data());
    if (Status s = inputs->impl().Store(index, std::move(table)); !s.ok()) return s;
  }
  return {};
}

Outcome Handle(const char* program_text, const char* request_text) {
  Outcome out;
  if (program_text == nullptr || request_text == nullptr) {
    out.status = Bad("seg_run_json: program_text and request_json must not be NULL");
    return out;
  }
  json request = json::parse(request_text, nullptr, false);
  if (request.is_discarded() || !request.is_object()) {
    out.status = Bad("the request is not a JSON object");
    return out;
  }
  v1::CompileOptions compile_options;
  std::string file_name = "<program>";
  if (request.contains("compile")) {
    const json& c = request["compile"];
    if (!c.is_object()) {
      out.status = Bad("\"compile\" must be an object");
      return out;
    }
    compile_options.warnings_as_errors = c.value("warnings_as_errors", false);
    file_name = c.value("file_name", file_name);
    for (const json& w : c.value("disabled_warnings", json::array())) {
      if (w.is_string()) compile_options.disabled_warnings.push_back(w.get<std::string>());
    }
  }
  v1::CompileResult compiled = v1::Compile(program_text, file_name, compile_options);
  json diagnostics = json::array();
  for (const v1::Diagnostic& d : compiled.diagnostics) diagnostics.push_back(DiagnosticJson(d));
  out.response["diagnostics"] = diagnostics;
  if (!compiled.ok()) {
    out.status = {StatusCode::kCompileError, CompileErrorText(compiled)};
    return out;
  }
  const v1::Program& program = *compiled.program;
  std::vector<std::pair<std::string, std::string>> params;
  if ((out.status = ReadParams(request, &params)); !out.status.ok()) return out;
  std::string as_of = request.value("as_of", "");

  if (request.contains("evaluate")) {
    const json& e = request["evaluate"];
    if (!e.is_object() || !e.contains("record")) {
      out.status = Bad("\"evaluate\" must be {\"record\": {...}, \"population_cuts\": ..., \"previous\": ...}");
      return out;
    }
    v1::CustomerOptions options;
    options.as_of = as_of;
    options.params = params;
    if (e.contains("population_cuts") && !e["population_cuts"].is_null())
      options.population_cuts_json = e["population_cuts"].dump();
    if (e.contains("previous") && !e["previous"].is_null()) options.previous_json = e["previous"].dump();
    for (const json& w : request.value("with", json::array())) {
      if (w.is_string()) options.lets.push_back(w.get<std::string>());
    }
    v1::CustomerResult result;
    if ((out.status = program.EvaluateCustomer(e["record"].dump(), options, &result)); !out.status.ok()) return out;
    out.response["customer"] = json::parse(result.json);
    return out;
  }
  if (!request.contains("inputs")) {
    out.status = Bad("the request needs \"inputs\" (a batch run) or \"evaluate\" (one customer)");
    return out;
  }
  v1::Inputs inputs(compiled.program);
  if ((out.status = BindInputs(program, request["inputs"], &inputs)); !out.status.ok()) return out;
  v1::RunOptions run{as_of, params, {}, request.value("threads", static_cast<size_t>(1))};
  for (const json& w : request.value("with", json::array())) {
    if (w.is_string()) run.lets.push_back(w.get<std::string>());
  }
  v1::Result result;
  if ((out.status = program.Run(inputs, run, &result)); !out.status.ok()) return out;
  json columns = json::array();
  for (const v1::OutputColumn& c : result.columns()) columns.push_back(c.name);
  // The rows exactly as `seg run --format jsonl` writes them.
  json rows = json::array();
  std::string lines = result.ToJsonLines();
  for (size_t start = 0; start < lines.size();) {
    size_t end = lines.find('\n', start);
    if (end == std::string::npos) end = lines.size();
    if (end > start) rows.push_back(json::parse(lines.substr(start, end - start)));
    start = end + 1;
  }
  json summary = json::object();
  for (const v1::OutputColumn& c : result.columns()) {
    if (c.kind != v1::OutputKind::kClassification) continue;
    json counts = json::object();
    for (const std::string& label : c.labels) counts[label] = 0;
    for (size_t r = 0; r < c.size(); ++r) {
      if (c.IsValid(r)) {
        json& count = counts[c.labels[static_cast<size_t>(c.Int(r))]];
        count = count.get<int64_t>() + 1;
      }
    }
    summary[c.name] = counts;
  }
  out.response["customers"] = result.num_customers();
  out.response["columns"] = columns;
  out.response["rows"] = rows;
  out.response["bucket_counts"] = summary;
  if (request.value("population_cuts", false))
    out.response["population_cuts"] = json::parse(result.PopulationCutsJson());
  return out;
}

}  // namespace
}  // namespace seg::api

extern "C" seg_status seg_run_json(const char* program_text, const char* request_json, char** response_json) {
  using seg::api::Guard;
  if (response_json != nullptr) *response_json = nullptr;
  seg_status status = Guard(nullptr, [&] {
    seg::api::Outcome outcome = seg::api::Handle(program_text, request_json);
    nlohmann::json& response = outcome.response;
    response["ok"] = outcome.status.ok();
    response["status"] = seg::StatusCodeName(outcome.status.code);
    if (!outcome.status.ok()) response["error"] = outcome.status.message;
    if (response_json != nullptr) {
      *response_json = seg::api::CopyString(response.dump());
      if (*response_json == nullptr) return SEG_INTERNAL_ERROR;
    }
    return seg::api::ToCStatus(outcome.status.code);
  });
  if (status == SEG_INTERNAL_ERROR && response_json != nullptr && *response_json == nullptr) {
    // Still an answer the caller can parse, as the header promises.
    *response_json = seg::api::CopyString(R"({"ok":false,"status":"internal","error":"internal error"})");
  }
  return status;
}
