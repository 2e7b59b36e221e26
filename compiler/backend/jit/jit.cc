// The JIT as an engine of the execution layer: checks that it covers the run, compiles the
// program once the run is planned, and points compiled code at the plan. Anything the JIT cannot
// do is left to the interpreter (exec::Execute's reference engine).
#include "compiler/backend/jit/jit.h"

#include <algorithm>
#include <atomic>
#include <system_error>
#include <thread>

#include "compiler/backend/jit/codegen.h"
#include "compiler/backend/jit/jit_runner.h"
#include "compiler/exec/bits.h"
#include "runtime/civil_time.h"
#include "runtime/kernels/functions.h"
#include "runtime/time_zone.h"

namespace seg::jit {

using ir::NodeId;
using ir::NodeKind;

namespace {

const int64_t kZeros[1] = {0};  // a table for an empty text domain: rows never index it validly

// The column's values as compiled code reads them (see EmitColumn), or null for tags.
const void* ColumnData(const rt::Column& column) {
  switch (column.type()) {
    case rt::ValueType::kBool: return column.values<uint8_t>().data();
    case rt::ValueType::kFloat: return column.values<double>().data();
    case rt::ValueType::kDate:
    case rt::ValueType::kText:
    case rt::ValueType::kId: return column.values<int32_t>().data();
    case rt::ValueType::kTags: return nullptr;
    default: return column.values<int64_t>().data();
  }
}

const rt::Column* ColumnOf(const ir::Node& n, const rt::Dataset& data) {
  if (n.kind == NodeKind::kColumn) return &data.customers.column(n.symbol);
  if (n.kind == NodeKind::kEventColumn) return &data.events[n.input].table.column(n.symbol);
  return nullptr;
}

// Whether `zone` is UTC or a fixed offset, and that offset: a zone with rules is named after its
// IANA entry, which rt::TimeZone::Load never takes for "UTC" or "+HH:MM".
bool FixedOffsetOf(const rt::TimeZone& zone, int32_t* offset_seconds) {
  *offset_seconds = 0;
  return zone.name() == "UTC" || rt::ParseFixedOffset(zone.name(), offset_seconds);
}

// Whether each customer's local days never decrease (the fast event loops' condition,
// codegen_event_ranges.cc). Events are sorted by time within a customer, and an event without a
// time sorts last with the largest day (rt::kNoDay), so in UTC and fixed-offset zones they never
// do; where clocks are set back, an hour's events could fall on the day before: look.
bool DaysNeverDecrease(const rt::EventData& events, const rt::TimeZone& zone) {
  int32_t offset = 0;
  if (FixedOffsetOf(zone, &offset)) return true;

  size_t customers = events.offsets.size() == 0 ? 0 : events.offsets.size() - 1;
  for (size_t c = 0; c < customers; ++c) {
    for (size_t e = events.offsets[c] + 1; e < events.offsets[c + 1]; ++e)
      if (events.local_day[e] < events.local_day[e - 1]) return false;
  }
  return true;
}

}  // namespace

void JitRunner::PointAt(ir::NodeId id, exec::PersistedColumn& column) {
  // A bool's value and validity bits take the places of the value and validity arrays: compiled
  // code reads and writes a bool node's column as words of bits (codegen.cc, PackedBool).
  if (column.packed) {
    full_i_[id] = reinterpret_cast<int64_t*>(column.bits.data());
    full_v_[id] = reinterpret_cast<uint8_t*>(column.valid_bits.data());
    return;
  }
  full_i_[id] = column.i.data();
  full_f_[id] = column.f.data();
  full_v_[id] = column.v.data();
}

rt::Status JitRunner::Prepare() {
  const ir::Program& p = run_.p_;
  size_t count = p.nodes.size();
  // Which event columns the program reads have no missing value (compiled code then asks none of
  // their rows): a pass over each one's bitmap, 1.5 ms over job.seg's three orders columns at a
  // million customers, made on a thread of its own while the code is compiled or read from the
  // cache (1.4 ms) rather than after it.
  std::vector<uint8_t> column_full(count, 0);
  auto find_full_columns = [&] {
    for (size_t id = 0; id < count; ++id) {
      const ir::Node& n = p.nodes[id];
      if (n.kind != NodeKind::kEventColumn) continue;
      const rt::Column* column = ColumnOf(n, run_.data_);
      if (column != nullptr && column->NullCount() == 0) column_full[id] = 1;
    }
  };
  std::jthread finding;  // joined on every way out
  try {
    finding = std::jthread(find_full_columns);
  } catch (const std::system_error&) {
    find_full_columns();  // no thread to be had
  }
  std::vector<bool> persist(count);
  for (size_t id = 0; id < count; ++id) persist[id] = run_.info_[id].persist;
  CompileInfo info;
  rt::Result<std::shared_ptr<CompiledCode>> compiled = Compile(p, persist, options_, &info);
  stats_->memory_hit = info.memory_hit;
  stats_->disk_hit = info.disk_hit;
  stats_->compile_ms = info.compile_ms;
  stats_->disk_note = info.disk_note;
  if (!compiled.ok()) {
    stats_->fallback_reason = compiled.status().message();
    return compiled.status();
  }
  code_ = std::move(*compiled);
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
    const exec::NodeInfo& info = run_.info_[id];
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
    if (const rt::Column* column = ColumnOf(p.nodes[id], run_.data_)) {
      column_[id] = ColumnData(*column);
      column_valid_[id] = column->validity().data();
    }
    PointAt(id, run_.full_[id]);  // fixed for the run: ctx_ points into it
  }
  spilled_.clear();
  spilled_.reserve(code_->spilled.size());
  for (ir::NodeId id : code_->spilled) PointAt(id, spilled_.emplace_back(run_.data_.num_customers(), p.nodes[id].type));
  bit_columns_.assign(code_->bits.size(), {});
  for (size_t stage = 0; stage < code_->bits.size(); ++stage) {
    const StageBits& bits = code_->bits[stage];
    for (ir::NodeId id : bits.slots) bit_columns_[stage].push_back(run_.info_[id].persist ? &run_.full_[id] : nullptr);
    scratch_bytes_ = std::max(scratch_bytes_, bits.ScratchBytes());
  }
  for (const rt::EventData& ev : run_.data_.events) {
    offsets_.push_back(ev.offsets.data());
    local_day_.push_back(ev.local_day.data());
    instant_.push_back(ev.instant.data());
  }
  if (finding.joinable()) finding.join();
  column_full_.assign(count, 0);
  for (size_t id = 0; id < count; ++id) column_full_[id] = column_full[id] != 0 && column_[id] != nullptr ? 1 : 0;
  days_sorted_.clear();
  for (const rt::EventData& ev : run_.data_.events) days_sorted_.push_back(DaysNeverDecrease(ev, run_.zone_) ? 1 : 0);
  ctx_ = JitCtx{scalar_i_.data(),        scalar_f_.data(),     scalar_v_.data(),   day_lo_.data(), day_hi_.data(),
                table_.data(),           remap0_.data(),       remap1_.data(),     list_f_.data(), list_n_.data(),
                column_.data(),          column_valid_.data(), full_i_.data(),     full_f_.data(), full_v_.data(),
                offsets_.data(),         local_day_.data(),    instant_.data(),    run_.as_of_,    this,
                run_.bucket_out_.data(), column_full_.data(),  days_sorted_.data()};
  int32_t offset_seconds = 0;
  bool fixed = FixedOffsetOf(run_.zone_, &offset_seconds);
  ctx_.zone_fixed = fixed ? 1 : 0;
  ctx_.zone_offset_us = int64_t{offset_seconds} * rt::kMicrosPerSecond;
  stats_->compiled = true;
  return rt::Status::Ok();
}

void JitRunner::RunMorsel(int32_t stage, size_t begin, size_t end) {
  // The context is read-only to compiled code, so every thread shares it.
  StageFn run = code_->stages[static_cast<size_t>(stage)];
  const StageBits& bits = code_->bits[static_cast<size_t>(stage)];
  if (bits.slots.empty()) {
    run(&ctx_, begin, end, nullptr);
    return;
  }
  // Chunks of at most bits.chunk customers, cut on words' boundaries: only the morsel's own first
  // and last words may be shared with a neighbouring morsel (exec::PackBits updates those
  // atomically).
  std::unique_ptr<uint8_t[]> scratch = TakeScratch();
  for (size_t lo = begin; lo < end;) {
    size_t hi = std::min(end, (lo + bits.chunk) & ~size_t{63});
    run(&ctx_, lo, hi, scratch.get());
    PackBools(stage, scratch.get(), lo, hi);
    lo = hi;
  }
  GiveBack(std::move(scratch));
}

void JitRunner::PackBools(int32_t stage, const uint8_t* scratch, size_t begin, size_t end) {
  const StageBits& bits = code_->bits[static_cast<size_t>(stage)];
  const std::vector<exec::PersistedColumn*>& columns = bit_columns_[static_cast<size_t>(stage)];
  for (size_t slot = 0; slot < columns.size(); ++slot) {
    if (columns[slot] == nullptr) continue;
    const uint8_t* values = scratch + 2 * slot * bits.chunk;
    exec::PackBits(values, end - begin, columns[slot]->bits.data(), begin);
    exec::PackBits(values + bits.chunk, end - begin, columns[slot]->valid_bits.data(), begin);
  }
}

std::unique_ptr<uint8_t[]> JitRunner::TakeScratch() {
  {
    std::lock_guard<std::mutex> lock(scratch_mutex_);
    if (!free_scratch_.empty()) {
      std::unique_ptr<uint8_t[]> scratch = std::move(free_scratch_.back());
      free_scratch_.pop_back();
      return scratch;
    }
  }
  return std::make_unique<uint8_t[]>(scratch_bytes_);
}

void JitRunner::GiveBack(std::unique_ptr<uint8_t[]> scratch) {
  std::lock_guard<std::mutex> lock(scratch_mutex_);
  free_scratch_.push_back(std::move(scratch));
}

void JitRunner::Fail(uint64_t customer, int32_t node, int32_t code) {
  std::string type = lang::TypeName(run_.p_.nodes[static_cast<size_t>(node)].type);
  std::string what;
  switch (code) {
    case kFailResult: what = "a result too large for a " + type; break;
    case kFailNegate: what = "a number too large to negate"; break;
    case kFailMoney: what = "an amount of money too large"; break;
    case kFailTotal: what = "a total too large for a " + type; break;
    case kFailTextTooLong: what = exec::JoinedTextTooLong(); break;
    default: {
      const ir::Node& n = run_.p_.nodes[static_cast<size_t>(node)];
      what = rt::fn::KernelFor(n.builtin(), run_.p_.nodes[n.args[0]].type.ToValueType()).overflow;
      break;
    }
  }
  run_.RecordError(customer, node, what);
}

uint8_t JitRunner::InTags(int32_t node, int64_t needle_code, uint64_t customer) const {
  // The interpreter's lookup (eval_scalar.cc, kIn), row by row.
  if (needle_code < 0) return 0;  // a missing needle: compiled code discards the answer
  const ir::Node& n = run_.p_.nodes[static_cast<size_t>(node)];
  const rt::Column& tags = run_.data_.customers.column(run_.p_.nodes[n.args[1]].symbol);
  if (!tags.IsValid(customer)) return 2;
  int32_t code = tags.dictionary().Find(run_.info_[n.args[0]].domain->At(needle_code));
  bool found = false;
  for (int32_t t : tags.TagsAt(customer)) found |= t == code;
  return found ? 1 : 0;
}

bool JitRunner::TextPair(int32_t node, int64_t a, int64_t b) const { return run_.TextPair(node, a, b); }

int JitRunner::CompareText(int32_t node, int64_t a, int64_t b) const {
  const exec::TextDomain& domain = *run_.info_[static_cast<size_t>(node)].domain;
  return domain.At(a).compare(domain.At(b));
}

std::unique_ptr<exec::StageEvaluator> NewEvaluator(exec::RunState& run, const JitOptions& jit_options,
                                                   JitStats* stats) {
  *stats = JitStats{};
  std::string why;
  if (run.options_.explain_customer) why = "explain records every node's value for one customer";
  for (size_t id = 0; why.empty() && id < run.p_.nodes.size(); ++id) {
    const rt::Column* column = ColumnOf(run.p_.nodes[id], run.data_);
    if (column != nullptr && column->type() != run.p_.nodes[id].type.ToValueType()) {
      why = "a column's loaded type differs from its declared type";
    }
  }
  if (!why.empty()) {
    stats->fallback_reason = why;
    return nullptr;
  }
  return std::make_unique<JitRunner>(run, jit_options, stats);
}

}  // namespace seg::jit
