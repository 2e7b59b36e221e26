#include "compiler/driver/write_results.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>

#include "compiler/driver/cell_plan.h"
#include "compiler/driver/csv_rows.h"
#include "compiler/driver/row_text.h"
#include "runtime/thread_pool.h"

namespace seg::driver {

std::vector<ir::OutputSlot> OutputOrder(const ir::Program& program) {
  std::vector<ir::OutputSlot> slots;
  for (ir::OutputKind kind : {ir::OutputKind::kClassification, ir::OutputKind::kTag, ir::OutputKind::kScore}) {
    for (const ir::OutputSlot& slot : program.outputs) {
      if (slot.kind == kind) slots.push_back(slot);
    }
  }
  return slots;
}

namespace {
// The type a node's values are written as (WriteResults' switches below, in one place).
rt::ValueType WrittenType(const lang::Type& type, bool score) {
  switch (type.kind) {
    case lang::TypeKind::kFloat: return rt::ValueType::kFloat;
    case lang::TypeKind::kInt: return rt::ValueType::kInt;
    case lang::TypeKind::kMoney: return rt::ValueType::kMoney;
    case lang::TypeKind::kBool: return score ? rt::ValueType::kText : rt::ValueType::kBool;
    case lang::TypeKind::kDate: return score ? rt::ValueType::kText : rt::ValueType::kDate;
    case lang::TypeKind::kTimestamp: return score ? rt::ValueType::kText : rt::ValueType::kTimestamp;
    case lang::TypeKind::kDuration: return score ? rt::ValueType::kText : rt::ValueType::kDuration;
    default: return rt::ValueType::kText;
  }
}

}  // namespace

std::vector<ResultColumn> ResultColumns(const ir::Program& program, const rt::Dataset& data,
                                        const exec::RunResult& result, const std::vector<ExtraColumn>& extra) {
  const ir::InputSchema& entity = program.inputs[program.entity_input];
  std::vector<ResultColumn> columns = {
      {entity.columns[entity.key_column].name, data.customers.column(data.key_column).type()}};
  for (const ir::OutputSlot& slot : OutputOrder(program)) {
    if (slot.kind == ir::OutputKind::kClassification) {
      columns.push_back({program.classifications[slot.symbol].name, rt::ValueType::kText});
    } else if (slot.kind == ir::OutputKind::kTag) {
      columns.push_back({program.tags[slot.symbol].name, rt::ValueType::kBool});
    } else if (slot.kind == ir::OutputKind::kScore) {
      const ir::Named& score = program.scores[slot.symbol];
      columns.push_back({score.name, WrittenType(result.nodes[score.node]->type, true)});
    }
  }
  for (const ExtraColumn& e : extra) columns.push_back({e.name, WrittenType(result.nodes[e.node]->type, false)});
  return columns;
}

namespace {

// A score is written as float, int or money, else as its text; an extra let by its type.
CellPlan ValuePlan(const exec::ResultColumn& column, bool score, const rt::ResultWriter& writer) {
  using Kind = CellPlan::Kind;
  CellPlan plan(Kind::kFormatted, &column);
  switch (column.type.kind) {
    case lang::TypeKind::kFloat: plan.kind = Kind::kFloat; break;
    case lang::TypeKind::kInt: plan.kind = Kind::kInt; break;
    case lang::TypeKind::kMoney: plan.kind = Kind::kMoney; break;
    case lang::TypeKind::kBool: plan.kind = score ? Kind::kFormatted : Kind::kBool; break;
    case lang::TypeKind::kDate: plan.kind = score ? Kind::kFormatted : Kind::kDate; break;
    case lang::TypeKind::kTimestamp: plan.kind = score ? Kind::kFormatted : Kind::kTimestamp; break;
    case lang::TypeKind::kDuration: plan.kind = score ? Kind::kFormatted : Kind::kDuration; break;
    case lang::TypeKind::kText:
    case lang::TypeKind::kId:
      plan.kind = Kind::kTextDomain;
      for (const std::string& text : column.text) plan.encoded.push_back(writer.EncodeText(text));
      break;
    default: break;
  }
  return plan;
}

std::vector<CellPlan> PlanCells(const ir::Program& program, const exec::RunResult& result,
                                const std::vector<ExtraColumn>& extra, const rt::ResultWriter& writer) {
  std::vector<CellPlan> plans = {CellPlan(CellPlan::Kind::kKey)};
  for (const ir::OutputSlot& slot : OutputOrder(program)) {
    if (slot.kind == ir::OutputKind::kClassification) {
      CellPlan plan(CellPlan::Kind::kBucket);
      plan.buckets = result.buckets[slot.symbol].data();
      for (const std::string& bucket : program.classifications[slot.symbol].buckets) {
        plan.encoded.push_back(writer.EncodeText(bucket));
      }
      plans.push_back(std::move(plan));
    } else if (slot.kind == ir::OutputKind::kTag) {
      plans.push_back(CellPlan(CellPlan::Kind::kTag, &*result.nodes[program.tags[slot.symbol].node]));
    } else {
      plans.push_back(ValuePlan(*result.nodes[program.scores[slot.symbol].node], true, writer));
    }
  }
  for (const ExtraColumn& e : extra) plans.push_back(ValuePlan(*result.nodes[e.node], false, writer));
  return plans;
}

void AddPlannedCell(const CellPlan& plan, const rt::Column& keys, size_t row, rt::ResultWriter& writer) {
  using Kind = CellPlan::Kind;
  if (plan.kind == Kind::kKey) return writer.AddCell(keys, row);
  if (plan.kind == Kind::kBucket) {
    int32_t bucket = plan.buckets[row];
    if (bucket < 0) return writer.AddNull();
    return writer.AddEncoded(plan.encoded[static_cast<size_t>(bucket)]);
  }
  const exec::ResultColumn& column = *plan.column;
  if (plan.kind == Kind::kTag) return writer.AddBool(column.Holds(row));
  if (!column.Valid(row)) return writer.AddNull();
  switch (plan.kind) {
    case Kind::kBool: return writer.AddBool(column.Int(row) != 0);
    case Kind::kInt: return writer.AddInt(column.Int(row));
    case Kind::kFloat: return writer.AddFloat(column.floats[row]);
    case Kind::kMoney: return writer.AddMoney(column.Int(row));
    case Kind::kDate: return writer.AddDate(static_cast<int32_t>(column.Int(row)));
    case Kind::kTimestamp: return writer.AddTimestamp(column.Int(row));
    case Kind::kDuration: return writer.AddDuration(column.Int(row));
    case Kind::kTextDomain: return writer.AddEncoded(plan.encoded[static_cast<size_t>(column.ints[row])]);
    default: return writer.AddText(exec::FormatResult(column, row));
  }
}

// Rows [begin, end); false once the writer's sink has failed.
bool WriteRows(const std::vector<CellPlan>& plans, const rt::Column& keys, size_t begin, size_t end,
               rt::ResultWriter& writer) {
  for (size_t row = begin; row < end; ++row) {
    for (const CellPlan& plan : plans) AddPlannedCell(plan, keys, row, writer);
    if (!writer.EndRow()) return false;
  }
  return true;
}

// Blocks formatted on several threads and handed to the sink in row order as they become
// ready: whichever thread finishes the next block to go writes it (and any after it that are
// ready), under a lock, while the other threads go on formatting. So writing overlaps formatting,
// and at most a few blocks per thread wait in memory (more only while a thread that holds an
// early block is kept off its core). A Block has rows() (its text) and ClearRows(); blocks are
// reused, so their memory is touched for the first time once.
template <typename Block> class OrderedBlocks {
 public:
  OrderedBlocks(rt::ResultWriter& writer, std::function<std::unique_ptr<Block>()> make)
      : writer_(writer), make_(std::move(make)) {}

  // An empty block.
  std::unique_ptr<Block> Take() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!free_.empty()) {
        std::unique_ptr<Block> block = std::move(free_.back());
        free_.pop_back();
        return block;
      }
    }
    return make_();
  }

  // Block `index`, formatted: written now if every block before it was, else when they are.
  void Done(size_t index, std::unique_ptr<Block> block) {
    std::lock_guard<std::mutex> lock(mutex_);
    ready_.emplace(index, std::move(block));
    for (auto next = ready_.find(next_); next != ready_.end(); next = ready_.find(next_)) {
      if (!failed_ && !writer_.AddRows(next->second->rows())) failed_ = true;
      next->second->ClearRows();
      free_.push_back(std::move(next->second));
      ready_.erase(next);
      ++next_;
    }
  }

  // Once the sink has failed, the blocks not yet begun need not be formatted.
  bool failed() {
    std::lock_guard<std::mutex> lock(mutex_);
    return failed_;
  }

 private:
  rt::ResultWriter& writer_;
  std::function<std::unique_ptr<Block>()> make_;
  std::mutex mutex_;
  std::map<size_t, std::unique_ptr<Block>> ready_;  // formatted, waiting for an earlier one
  std::vector<std::unique_ptr<Block>> free_;
  size_t next_ = 0;  // the next block to hand to the sink
  bool failed_ = false;
};

// Rows [0, n) in blocks of `block_rows`, each formatted by `fill(begin, end, block)` into a block
// from `make` and handed to `writer` in row order: on `threads` threads, or on this one.
template <typename Block>
bool WriteBlocks(size_t n, size_t threads, size_t block_rows, rt::ResultWriter& writer,
                 std::function<std::unique_ptr<Block>()> make,
                 const std::function<void(size_t, size_t, Block&)>& fill) {
  size_t count = (n + block_rows - 1) / block_rows;
  if (threads == 1 || count <= 1) {
    std::unique_ptr<Block> block = make();
    for (size_t begin = 0; begin < n; begin += block_rows) {
      fill(begin, std::min(n, begin + block_rows), *block);
      if (!writer.AddRows(block->rows())) return false;
      block->ClearRows();
    }
    return writer.Finish();
  }
  OrderedBlocks<Block> blocks(writer, std::move(make));
  // Blocks are handed out in order (the pool's morsels are), so the next one to write is soon done.
  rt::ParallelFor(threads, count, 1, [&](size_t first, size_t last) {
    for (size_t b = first; b < last; ++b) {
      if (blocks.failed()) return;
      std::unique_ptr<Block> block = blocks.Take();
      size_t begin = b * block_rows;
      fill(begin, std::min(n, begin + block_rows), *block);
      blocks.Done(b, std::move(block));
    }
  });
  if (blocks.failed()) return false;
  return writer.Finish();
}

// A block of CSV rows that CsvRows writes, with the scratch of the thread writing it.
struct CsvBlock {
  RowText text;
  std::unique_ptr<CsvRows::Scratch> scratch;
  std::string_view rows() const { return text.text(); }
  void ClearRows() { text.Clear(); }
};

}  // namespace

bool WriteResults(const ir::Program& program, const rt::Dataset& data, const exec::RunResult& result,
                  const std::vector<ExtraColumn>& extra, rt::ResultFormat format,
                  const std::function<bool(std::string_view)>& sink, size_t threads, size_t block_rows) {
  std::vector<std::string> names;
  for (const ResultColumn& c : ResultColumns(program, data, result, extra)) names.push_back(c.name);
  rt::ResultWriter writer(format, names, sink);
  const std::vector<CellPlan> plans = PlanCells(program, result, extra, writer);
  const rt::Column& keys = data.customers.column(data.key_column);
  size_t n = data.num_customers();
  block_rows = std::max<size_t>(1, block_rows);
  // CSV rows straight into a buffer where every column allows (csv_rows.h), else cell by cell.
  if (format == rt::ResultFormat::kCsv) {
    if (std::unique_ptr<CsvRows> csv = CsvRows::For(plans, keys)) {
      return WriteBlocks<CsvBlock>(
          n, threads, block_rows, writer,
          [&] {
            auto block = std::make_unique<CsvBlock>();
            block->scratch = csv->NewScratch();
            block->text.Reserve(csv->BlockRoom(block_rows));
            return block;
          },
          [&](size_t begin, size_t end, CsvBlock& block) { csv->Write(begin, end, *block.scratch, block.text); });
    }
  }
  if (threads == 1 || n <= block_rows) {
    if (!WriteRows(plans, keys, 0, n, writer)) return false;
    return writer.Finish();
  }
  return WriteBlocks<rt::ResultWriter>(
      n, threads, block_rows, writer, [&] { return std::make_unique<rt::ResultWriter>(format, names, ','); },
      [&](size_t begin, size_t end, rt::ResultWriter& block) { WriteRows(plans, keys, begin, end, block); });
}

std::string Summary(const ir::Program& program, const rt::Dataset& data, const exec::RunResult& result) {
  return Summary(program, data.num_customers(), result);
}

std::string Summary(const ir::Program& program, size_t n, const exec::RunResult& result) {
  std::string out;
  char line[512];
  auto share = [n](size_t k) { return n == 0 ? 0.0 : 100.0 * static_cast<double>(k) / static_cast<double>(n); };
  for (size_t c = 0; c < program.classifications.size(); ++c) {
    const ir::Classification& cls = program.classifications[c];
    std::vector<size_t> counts(cls.buckets.size() + 1, 0);
    for (int32_t b : result.buckets[c]) counts[b < 0 ? cls.buckets.size() : static_cast<size_t>(b)]++;
    out += "segments " + cls.name + "\n";
    size_t width = 8;
    for (const std::string& b : cls.buckets) width = std::max(width, b.size());
    for (size_t b = 0; b <= cls.buckets.size(); ++b) {
      if (b == cls.buckets.size() && counts[b] == 0) continue;
      std::string label = b < cls.buckets.size() ? cls.buckets[b] : "(none)";
      std::snprintf(line, sizeof(line), "  %-*s %10zu  %5.1f%%\n", static_cast<int>(width), label.c_str(), counts[b],
                    share(counts[b]));
      out += line;
    }
  }
  if (!program.tags.empty()) {
    out += "tags\n";
    for (const ir::Named& t : program.tags) {
      const exec::ResultColumn& col = *result.nodes[t.node];
      size_t k = 0;
      for (size_t r = 0; r < n; ++r) k += col.Holds(r);
      std::snprintf(line, sizeof(line), "  %-20s %10zu  %5.1f%%\n", t.name.c_str(), k, share(k));
      out += line;
    }
  }
  return out;
}

}  // namespace seg::driver
