// Internal to the interpreter: the per-thread state of one morsel of customers, and the
// execution layer's types under the names the interpreter's files use.
#pragma once
#include <cstdint>
#include <vector>

#include "compiler/exec/buffer.h"
#include "compiler/exec/plan.h"
#include "compiler/exec/run_state.h"

namespace seg::interp {

using exec::Buffer;
using exec::Decide;
using exec::ErrorSlot;
using exec::FixedArray;
using exec::NodeInfo;
using exec::PersistedColumn;
using exec::TextDomain;
using exec::Values;
using exec::View;

struct Batch {
  int32_t stage = 0;                // the stage being evaluated
  size_t begin = 0, end = 0;        // customers [begin, end)
  std::vector<Buffer> values;       // per node: this batch's values
  std::vector<size_t> event_begin;  // per input: first event row of the batch
  std::vector<size_t> event_count;
  std::vector<std::vector<uint32_t>> event_customer;  // per input: batch-local customer of each event
  std::vector<Buffer> broadcast;  // per node: customer value spread over events (one input at a time)
  std::vector<int32_t> broadcast_input;
  // Per node: an earlier stage's bool column (bit-packed for the run), as bytes for this batch;
  // sized on first use.
  std::vector<Buffer> unpacked;
  ErrorSlot error;
  size_t size() const { return end - begin; }
};

}  // namespace seg::interp
