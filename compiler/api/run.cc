// Program::Run and what a Result offers: typed columns, `seg run`'s CSV/JSON Lines, the summary
// and the population cut points for real-time scoring.
#include <charconv>

#include "compiler/api/internal.h"
#include "compiler/driver/execute.h"
#include "compiler/driver/write_results.h"
#include "compiler/exec/result.h"
#include "runtime/civil_time.h"
#include "runtime/duration.h"
#include "runtime/money.h"

namespace seg::api {

v1::OutputColumn ConvertColumn(const exec::ResultColumn& column, std::string name, v1::OutputKind kind) {
  v1::OutputColumn out;
  out.name = std::move(name);
  out.kind = kind;
  out.type = PublicType(column.type.ToValueType());
  out.rows = column.size();
  out.labels = column.text;
  if (column.packed()) {  // a bool's bits, as the run keeps them
    out.bits.assign(column.bool_values.begin(), column.bool_values.end());
    out.valid_bits.assign(column.bool_valid.begin(), column.bool_valid.end());
    out.bits.resize(exec::BitWords(out.rows), 0);
    out.valid_bits.resize(exec::BitWords(out.rows), 0);
    if (out.rows % 64 != 0 && !out.bits.empty()) {  // nothing past the last customer
      uint64_t used = (uint64_t{1} << (out.rows % 64)) - 1;
      out.bits.back() &= used;
      out.valid_bits.back() &= used;
    }
    return out;
  }
  out.ints.assign(column.ints.begin(), column.ints.end());
  out.valid.assign(column.valid.begin(), column.valid.end());
  out.floats.assign(column.floats.begin(), column.floats.end());
  // Unused halves stay empty in the interpreter; a public column has one value per row.
  if (out.ints.size() < out.valid.size()) out.ints.resize(out.valid.size(), 0);
  if (out.floats.size() < out.valid.size()) out.floats.resize(out.valid.size(), 0);
  return out;
}

ir::NodeId LetOrScoreNode(const ir::Program& program, std::string_view name) {
  ir::NodeId node = -1;
  for (const ir::Named& l : program.lets)
    if (l.name == name) node = l.node;
  for (const ir::Named& s : program.scores)
    if (s.name == name) node = s.node;
  return node;
}

}  // namespace seg::api

namespace seg::v1 {

namespace {

std::vector<OutputColumn> BuildColumns(const ir::Program& ir, const rt::Dataset& data, const exec::RunResult& run,
                                       const std::vector<std::string>& extra_names,
                                       const std::vector<ir::NodeId>& extra_nodes) {
  std::vector<OutputColumn> columns;
  size_t n = data.num_customers();
  const rt::Column& keys = data.customers.column(data.key_column);
  OutputColumn key;
  key.name = data.customers.column_name(data.key_column);
  key.kind = OutputKind::kKey;
  key.type = api::PublicType(keys.type());
  key.rows = n;
  key.ints.resize(n);
  key.floats.resize(n);
  key.valid.assign(n, 1);
  bool text_key = keys.type() != rt::ValueType::kInt;
  for (size_t r = 0; r < n; ++r) {
    if (text_key) {
      key.labels.emplace_back(keys.TextAt(r));
      key.ints[r] = static_cast<int64_t>(r);
    } else {
      key.ints[r] = keys.values<int64_t>()[r];
    }
  }
  columns.push_back(std::move(key));
  for (ir::OutputKind kind : {ir::OutputKind::kClassification, ir::OutputKind::kTag, ir::OutputKind::kScore}) {
    for (const ir::OutputSlot& slot : ir.outputs) {
      if (slot.kind != kind) continue;
      if (kind == ir::OutputKind::kClassification) {
        const ir::Classification& c = ir.classifications[slot.symbol];
        OutputColumn col;
        col.name = c.name;
        col.kind = OutputKind::kClassification;
        col.type = ValueType::kText;
        col.labels = c.buckets;
        col.rows = n;
        col.floats.resize(n);
        for (int32_t b : run.buckets[slot.symbol]) {
          col.ints.push_back(b);
          col.valid.push_back(b >= 0);
        }
        columns.push_back(std::move(col));
      } else if (kind == ir::OutputKind::kTag) {
        const ir::Named& t = ir.tags[slot.symbol];
        OutputColumn col = api::ConvertColumn(*run.nodes[t.node], t.name, OutputKind::kTag);
        // A tag is a yes/no label: a missing condition means "not tagged", as `seg run` writes it.
        for (size_t w = 0; w < col.bits.size(); ++w) {
          col.bits[w] &= col.valid_bits[w];
          col.valid_bits[w] = w + 1 < col.bits.size() || n % 64 == 0 ? ~uint64_t{0} : (uint64_t{1} << (n % 64)) - 1;
        }
        columns.push_back(std::move(col));
      } else {
        const ir::Named& s = ir.scores[slot.symbol];
        columns.push_back(api::ConvertColumn(*run.nodes[s.node], s.name, OutputKind::kScore));
      }
    }
  }
  for (size_t i = 0; i < extra_nodes.size(); ++i) {
    columns.push_back(api::ConvertColumn(*run.nodes[extra_nodes[i]], extra_names[i], OutputKind::kLet));
  }
  return columns;
}

}  // namespace

std::string OutputColumn::Format(size_t row) const {
  if (row >= rows || !IsValid(row)) return "";
  int64_t v = Int(row);
  switch (type) {
    case ValueType::kBool: return v ? "true" : "false";
    case ValueType::kInt: return std::to_string(v);
    case ValueType::kFloat: {
      char buffer[64];
      auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), floats[row]);
      return std::string(buffer, end);
    }
    case ValueType::kMoney: return rt::FormatMoney(v);
    case ValueType::kDate: return rt::FormatDate(static_cast<int32_t>(v));
    case ValueType::kTimestamp: return rt::FormatTimestamp(v);
    case ValueType::kDuration: return rt::FormatDuration(v);
    case ValueType::kText:
    case ValueType::kId:
    case ValueType::kTags: return v >= 0 && static_cast<size_t>(v) < labels.size() ? labels[v] : "";
  }
  return "";
}

Result::Result() : impl_(std::make_unique<Impl>()) {}
Result::Result(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Result::~Result() = default;
Result::Result(Result&&) noexcept = default;
Result& Result::operator=(Result&&) noexcept = default;

size_t Result::num_customers() const { return impl_->data ? impl_->data->num_customers() : 0; }
const std::vector<OutputColumn>& Result::columns() const { return impl_->columns; }

const OutputColumn* Result::Find(std::string_view name) const {
  for (const OutputColumn& c : impl_->columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::string Result::Key(size_t row) const {
  if (impl_->columns.empty() || row >= num_customers()) return "";
  return impl_->columns.front().Format(row);
}

std::optional<std::string> Result::Bucket(std::string_view classification, size_t row) const {
  for (const OutputColumn& c : impl_->columns) {
    if (c.kind == OutputKind::kClassification && c.name == classification && row < c.size() && c.IsValid(row)) {
      return c.labels[static_cast<size_t>(c.Int(row))];
    }
  }
  return std::nullopt;
}

namespace {
std::string Write(const Result::Impl& impl, rt::ResultFormat format) {
  if (!impl.data) return "";
  std::vector<driver::ExtraColumn> extra;
  for (size_t i = 0; i < impl.extra_nodes.size(); ++i) extra.push_back({impl.extra_names[i], impl.extra_nodes[i]});
  std::string out;
  driver::WriteResults(*impl.program->impl().ir, *impl.data, impl.run, extra, format, [&](std::string_view bytes) {
    out.append(bytes);
    return true;
  });
  return out;
}
}  // namespace

std::string Result::ToCsv() const { return Write(*impl_, rt::ResultFormat::kCsv); }
std::string Result::ToJsonLines() const { return Write(*impl_, rt::ResultFormat::kJsonLines); }

Engine Result::engine() const { return impl_->engine; }

std::string Result::Summary() const {
  if (!impl_->data) return "";
  return driver::Summary(*impl_->program->impl().ir, *impl_->data, impl_->run);
}

std::shared_ptr<const PopulationSnapshot> Result::Population() const {
  if (!impl_->program) return nullptr;
  std::vector<std::string> keys;
  for (size_t r = 0; r < num_customers(); ++r) keys.push_back(Key(r));
  auto snapshot = std::make_shared<PopulationSnapshot::Impl>();
  snapshot->program = &impl_->program->impl();
  snapshot->data = driver::PopulationData::FromRun(*snapshot->program->ir, std::move(keys), impl_->run);
  return std::make_shared<const PopulationSnapshot>(std::move(snapshot));
}

std::string Result::PopulationCutsJson() const {
  std::shared_ptr<const PopulationSnapshot> population = Population();
  return population ? population->ToJson() : "";
}

PopulationSnapshot::PopulationSnapshot(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

Status PopulationSnapshot::FromJson(const Program& program, std::string_view json,
                                    std::shared_ptr<const PopulationSnapshot>* out) {
  if (out == nullptr) return {StatusCode::kInvalidArgument, "PopulationSnapshot::FromJson: null result"};
  auto impl = std::make_shared<Impl>();
  impl->program = &program.impl();
  rt::Result<std::shared_ptr<const driver::PopulationData>> data = driver::PopulationData::FromJson(*impl->program->ir,
                                                                                                    json);
  if (!data.ok()) return {StatusCode::kInvalidArgument, data.message()};
  impl->data = std::move(*data);
  *out = std::make_shared<const PopulationSnapshot>(std::move(impl));
  return {};
}

std::string PopulationSnapshot::ToJson() const { return impl_->data->ToJson(); }
size_t PopulationSnapshot::num_customers() const { return impl_->data->keys.size(); }

Status Program::Run(const Inputs& inputs, const RunOptions& options, Result* out) const {
  if (out == nullptr) return {StatusCode::kInvalidArgument, "Run: null result"};
  const Inputs::Impl& in = inputs.impl();
  if (!in.program || in.program->impl_ != impl_) {
    return {StatusCode::kInvalidArgument, "Run: the inputs were bound for a different program"};
  }
  const ir::Program& ir = *impl_->ir;
  std::vector<lang::Value> params;
  if (Status s = api::BindParamValues(ir, options.params, options.as_of, &params); !s.ok()) return s;
  auto impl = std::make_unique<Result::Impl>();
  for (const std::string& name : options.lets) {
    ir::NodeId node = api::LetOrScoreNode(ir, name);
    if (node < 0) return {StatusCode::kInvalidArgument, "Run: the program has no let or score named '" + name + "'"};
    impl->extra_names.push_back(name);
    impl->extra_nodes.push_back(node);
  }
  rt::Result<std::shared_ptr<const rt::Dataset>> data = in.Dataset();
  if (!data.ok()) return {StatusCode::kBindError, data.message()};
  impl->data = std::move(*data);
  exec::RunOptions run_options;
  run_options.threads = std::max<size_t>(1, options.threads);
  run_options.keep = impl->extra_nodes;
  run_options.keep_population = true;  // for Result::Population()
  driver::ExecuteOptions execute;
  execute.engine = options.engine == Engine::kJit           ? driver::EngineChoice::kJit
                   : options.engine == Engine::kInterpreter ? driver::EngineChoice::kInterp
                                                            : driver::EngineChoice::kAuto;
  execute.use_disk_cache = false;  // a library does not write to its host's disk unasked
  execute.warn = false;            // nor to its stderr
  driver::ExecuteReport report;
  impl->run = driver::Execute(ir, *impl->data, params, run_options, execute, &report);
  if (!impl->run.ok()) return {StatusCode::kRunError, impl->run.status.message()};
  impl->engine = report.used_jit ? Engine::kJit : Engine::kInterpreter;
  impl->program = in.program;
  impl->columns = BuildColumns(ir, *impl->data, impl->run, impl->extra_names, impl->extra_nodes);
  *out = Result(std::move(impl));
  return {};
}

}  // namespace seg::v1
