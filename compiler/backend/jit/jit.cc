// jit::Run: checks that the JIT covers the program, then runs the interpreter's engine with a
// JitRunner in place of its batch code. Anything the JIT cannot do goes to the interpreter.
#include "compiler/backend/jit/jit.h"

#include <atomic>

#include "compiler/backend/jit/codegen.h"
#include "compiler/backend/jit/jit_runner.h"
#include "runtime/kernels/functions.h"

namespace seg::jit {

using ir::NodeId;
using ir::NodeKind;

namespace {

thread_local JitStats last_stats;
const int64_t kZeros[1] = {0};  // a table for an empty text domain: rows never index it validly

// The column's values as compiled code reads them (see EmitColumn), or null for tags.
const void* ColumnData(const rt::Column& column) {
  switch (column.type()) {
    case rt::ValueType::kBool: return column.values<uint8_t>().data();
    case rt::ValueType::kFloat: return column.values<double>().data();
    case rt::ValueType::kDate: case rt::ValueType::kText: case rt::ValueType::kId: return column.values<int32_t>().data();
    case rt::ValueType::kTags: return nullptr;
    default: return column.values<int64_t>().data();
  }
}

const rt::Column* ColumnOf(const ir::Node& n, const rt::Dataset& data) {
  if (n.kind == NodeKind::kColumn) return &data.customers.column(n.symbol);
  if (n.kind == NodeKind::kEventColumn) return &data.events[n.input].table.column(n.symbol);
  return nullptr;
}

}  // namespace

const JitStats& LastStats() { return last_stats; }

bool JitRunner::Prepare(interp::Engine& engine) {
  engine_ = &engine;
  const ir::Program& p = engine.p_;
  size_t count = p.nodes.size();
  std::vector<bool> persist(count);
  for (size_t id = 0; id < count; ++id) persist[id] = engine.info_[id].persist;
  code_ = Compile(p, persist, options_, &info_, &error_);
  if (!code_) return false;
  scalar_i_.assign(count, 0);
  scalar_f_.assign(count, 0);
  scalar_v_.assign(count, 0);
  day_lo_.assign(count, 0);
  day_hi_.assign(count, 0);
  table_.assign(count, kZeros);
  remap0_.assign(count, kZeros);
  remap1_.assign(count, kZeros);
  list_f_.assign(count, nullptr);
  list_n_.assign(count, 0);
  column_.assign(count, nullptr);
  column_valid_.assign(count, nullptr);
  full_i_.assign(count, nullptr);
  full_f_.assign(count, nullptr);
  full_v_.assign(count, nullptr);
  for (size_t id = 0; id < count; ++id) {
    interp::NodeInfo& info = engine.info_[id];
    scalar_i_[id] = info.scalar_i;
    scalar_f_[id] = info.scalar_f;
    scalar_v_[id] = info.scalar_valid;
    day_lo_[id] = info.day_lo;
    day_hi_[id] = info.day_hi;
    if (!info.table.empty()) table_[id] = info.table.data();
    if (!info.remap[0].empty()) remap0_[id] = info.remap[0].data();
    if (!info.remap[1].empty()) remap1_[id] = info.remap[1].data();
    list_f_[id] = info.list_f.data();
    list_n_[id] = static_cast<int64_t>(info.list_f.size());
    if (const rt::Column* column = ColumnOf(p.nodes[id], engine.data_)) {
      column_[id] = ColumnData(*column);
      column_valid_[id] = column->validity().data();
    }
    interp::Buffer& full = engine.full_[id];
    full_i_[id] = full.i.data();
    full_f_[id] = full.f.data();
    full_v_[id] = full.v.data();
  }
  for (const rt::EventData& ev : engine.data_.events) {
    offsets_.push_back(ev.offsets.data());
    local_day_.push_back(ev.local_day.data());
    instant_.push_back(ev.instant.data());
  }
  ctx_ = JitCtx{scalar_i_.data(), scalar_f_.data(), scalar_v_.data(), day_lo_.data(), day_hi_.data(),
                table_.data(), remap0_.data(), remap1_.data(), list_f_.data(), list_n_.data(),
                column_.data(), column_valid_.data(), full_i_.data(), full_f_.data(), full_v_.data(),
                offsets_.data(), local_day_.data(), instant_.data(), engine.as_of_, this, engine.bucket_out_.data()};
  prepared_ = true;
  return true;
}

void JitRunner::RunMorsel(int32_t stage, size_t begin, size_t end) {
  // The context is read-only to compiled code, so every thread shares it.
  code_->stages[static_cast<size_t>(stage)](&ctx_, begin, end);
}

void JitRunner::Fail(uint64_t customer, int32_t node, int32_t code) {
  std::string type = sema::TypeName(engine_->p_.nodes[static_cast<size_t>(node)].type);
  std::string what;
  switch (code) {
    case kFailResult: what = "a result too large for a " + type; break;
    case kFailNegate: what = "a number too large to negate"; break;
    case kFailMoney: what = "an amount of money too large"; break;
    case kFailTotal: what = "a total too large for a " + type; break;
    default: {
      const ir::Node& n = engine_->p_.nodes[static_cast<size_t>(node)];
      what = rt::fn::KernelFor(static_cast<rt::fn::FunctionId>(n.op), engine_->p_.nodes[n.args[0]].type.ToValueType()).overflow;
      break;
    }
  }
  engine_->RecordError(customer, node, what);
}

uint8_t JitRunner::InTags(int32_t node, int64_t needle_code, uint64_t customer) const {
  // The interpreter's lookup (eval_scalar.cc, kIn), row by row.
  if (needle_code < 0) return 0;  // a missing needle: compiled code discards the answer
  const ir::Node& n = engine_->p_.nodes[static_cast<size_t>(node)];
  const rt::Column& tags = engine_->data_.customers.column(engine_->p_.nodes[n.args[1]].symbol);
  if (!tags.IsValid(customer)) return 2;
  int32_t code = tags.dictionary().Find(engine_->info_[n.args[0]].domain->At(needle_code));
  bool found = false;
  for (int32_t t : tags.TagsAt(customer)) found |= t == code;
  return found ? 1 : 0;
}

bool JitRunner::TextPair(int32_t node, int64_t a, int64_t b) const { return engine_->TextPair(node, a, b); }

int JitRunner::CompareText(int32_t node, int64_t a, int64_t b) const {
  const interp::TextDomain& domain = *engine_->info_[static_cast<size_t>(node)].domain;
  return domain.At(a).compare(domain.At(b));
}

interp::RunResult Run(const ir::Program& program, const rt::Dataset& data, const std::vector<sema::Value>& params,
                      const interp::RunOptions& options, const JitOptions& jit_options, std::string* fallback_reason) {
  last_stats = JitStats{};
  std::string why;
  if (options.explain_customer) why = "explain records every node's value for one customer";
  for (size_t id = 0; why.empty() && id < program.nodes.size(); ++id) {
    const rt::Column* column = ColumnOf(program.nodes[id], data);
    if (column != nullptr && column->type() != program.nodes[id].type.ToValueType()) {
      why = "a column's loaded type differs from its declared type";
    }
  }
  if (!why.empty()) {
    if (fallback_reason != nullptr) *fallback_reason = why;
    return interp::Run(program, data, params, options);
  }
  interp::Engine engine(program, data, params, options);
  JitRunner runner(jit_options);
  interp::RunResult result = engine.Run(&runner);
  if (!runner.error().empty() && fallback_reason != nullptr) *fallback_reason = runner.error();
  last_stats.compiled = runner.prepared();
  last_stats.memory_hit = runner.info().memory_hit;
  last_stats.disk_hit = runner.info().disk_hit;
  last_stats.compile_ms = runner.info().compile_ms;
  return result;
}

}  // namespace seg::jit
