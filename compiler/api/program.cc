// Compiling through the API: the driver's compilation, with its diagnostics turned into values
// and the program's interface (inputs, classifications) described in public types.
#include "compiler/api/internal.h"
#include "compiler/driver/params.h"

namespace seg::api {

std::vector<v1::Diagnostic> ConvertDiagnostics(const driver::Compilation& compilation) {
  std::vector<v1::Diagnostic> out;
  for (const CompilerDiagnostic& d : compilation.sink.diagnostics()) {
    const DiagInfo& info = InfoOf(d.code);
    v1::Diagnostic p;
    p.code = std::string(info.code);
    p.name = std::string(info.name);
    p.severity = d.severity == CompilerSeverity::kError     ? v1::Severity::kError
                 : d.severity == CompilerSeverity::kWarning ? v1::Severity::kWarning
                                                            : v1::Severity::kNote;
    p.message = d.message;
    p.help = d.help;
    if (d.span.Valid() && d.span.file < compilation.sources.size()) {
      const SourceFile& file = compilation.sources.Get(d.span.file);
      p.file = file.path();
      LineCol begin = file.Locate(d.span.begin), end = file.Locate(d.span.end);
      p.line = static_cast<int>(begin.line);
      p.column = static_cast<int>(begin.column);
      p.end_line = static_cast<int>(end.line);
      p.end_column = static_cast<int>(end.column);
    }
    out.push_back(std::move(p));
  }
  return out;
}

v1::ValueType PublicType(rt::ValueType type) { return static_cast<v1::ValueType>(static_cast<int>(type)); }
rt::ValueType RuntimeType(v1::ValueType type) { return static_cast<rt::ValueType>(static_cast<int>(type)); }
// The two enums list the same types in the same order; these fail to compile if one moves.
static_assert(static_cast<int>(v1::ValueType::kId) == static_cast<int>(rt::ValueType::kId));
static_assert(static_cast<int>(v1::ValueType::kTags) == static_cast<int>(rt::ValueType::kTags));
static_assert(static_cast<int>(v1::ValueType::kMoney) == static_cast<int>(rt::ValueType::kMoney));

v1::Status BindParamValues(const ir::Program& program, const std::vector<std::pair<std::string, std::string>>& params,
                           const std::string& as_of, std::vector<lang::Value>* out) {
  std::vector<std::string> assignments;
  for (const auto& [name, value] : params) {
    if (name.empty()) return {v1::StatusCode::kInvalidArgument, "a param without a name"};
    assignments.push_back(name + "=" + value);
  }
  if (rt::Status bound = driver::BindParams(program, assignments, as_of, out); !bound.ok()) {
    return {v1::StatusCode::kInvalidArgument, bound.message()};
  }
  return {};
}

}  // namespace seg::api

namespace seg::v1 {

namespace {

std::shared_ptr<const Program> MakeProgram(std::unique_ptr<driver::Compilation> compilation,
                                           std::vector<Diagnostic> diagnostics) {
  auto impl = std::make_shared<Program::Impl>();
  impl->ir = compilation->ir.get();
  for (Diagnostic& d : diagnostics) {
    if (d.severity == Severity::kWarning) impl->warnings.push_back(std::move(d));
  }
  const ir::Program& ir = *impl->ir;
  for (const ir::InputSchema& input : ir.inputs) {
    InputInfo info;
    info.name = input.name;
    info.is_event = input.is_event;
    info.key_column = input.columns[input.key_column].name;
    if (input.is_event) info.time_column = input.columns[input.time_column].name;
    for (const ir::ColumnSchema& c : input.columns)
      info.columns.push_back({c.name, api::PublicType(c.type.ToValueType())});
    impl->inputs.push_back(std::move(info));
  }
  for (const ir::Classification& c : ir.classifications) impl->classifications.push_back({c.name, c.buckets});
  impl->compilation = std::move(compilation);
  return std::make_shared<const Program>(std::move(impl));
}

}  // namespace

std::string Diagnostic::ToString() const {
  std::string out = file.empty() ? std::string("<program>") : file;
  if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
  out += severity == Severity::kError ? ": error[" : severity == Severity::kWarning ? ": warning[" : ": note[";
  out += code + "]: " + message;
  if (!help.empty()) out += " (help: " + help + ")";
  return out;
}

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidArgument: return "invalid_argument";
    case StatusCode::kCompileError: return "compile_error";
    case StatusCode::kBindError: return "bind_error";
    case StatusCode::kIoError: return "io_error";
    case StatusCode::kRunError: return "run_error";
    case StatusCode::kInternal: return "internal";
  }
  return "unknown";
}

const char* ValueTypeName(ValueType type) { return rt::ValueTypeName(api::RuntimeType(type)).data(); }

namespace {
driver::CompileOptions DriverOptions(const CompileOptions& options) {
  driver::CompileOptions out;
  out.warnings_as_errors = options.warnings_as_errors;
  out.disabled_warnings.insert(options.disabled_warnings.begin(), options.disabled_warnings.end());
  return out;
}

CompileResult Finish(std::unique_ptr<driver::Compilation> compilation) {
  CompileResult result;
  result.diagnostics = api::ConvertDiagnostics(*compilation);
  result.rendered = ::seg::RenderText(compilation->sink.diagnostics(), compilation->sources,
                                      ::seg::RenderOptions{.color = false});
  if (compilation->ok() && compilation->ir) result.program = MakeProgram(std::move(compilation), result.diagnostics);
  return result;
}
}  // namespace

CompileResult Compile(std::string_view text, std::string_view file_name, const CompileOptions& options) {
  return Finish(driver::CompileText(std::string(file_name), std::string(text), DriverOptions(options)));
}

CompileResult CompileFile(const std::string& path, const CompileOptions& options) {
  return Finish(driver::CompileFile(path, DriverOptions(options)));
}

Program::Program(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

const std::vector<InputInfo>& Program::inputs() const { return impl_->inputs; }
const std::vector<ClassificationInfo>& Program::classifications() const { return impl_->classifications; }
const std::vector<Diagnostic>& Program::warnings() const { return impl_->warnings; }

namespace {
// The names of a program's declarations of one kind, in the order declared.
template <typename Declared> std::vector<std::string> NamesOf(const std::vector<Declared>& declared) {
  std::vector<std::string> names;
  names.reserve(declared.size());
  for (const Declared& d : declared) names.push_back(d.name);
  return names;
}
}  // namespace

std::vector<std::string> Program::tags() const { return NamesOf(impl_->ir->tags); }
std::vector<std::string> Program::scores() const { return NamesOf(impl_->ir->scores); }
std::vector<std::string> Program::lets() const { return NamesOf(impl_->ir->lets); }
std::vector<std::string> Program::params() const { return NamesOf(impl_->ir->params); }

}  // namespace seg::v1
