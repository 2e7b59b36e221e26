// Helpers compiled sequences call (sequence_symbols.cc); runtime_symbols.cc exports them.
#pragma once
#include <cstdint>

#include "compiler/backend/jit/jit_ctx.h"

extern "C" {
// A step's event times for the current customer: cleared before its event loop, one per event counted.
void seg_rt_sequence_reset(int32_t step);
void seg_rt_sequence_add(int32_t step, int64_t instant);
// Sequence node `node` over its steps' times: the kernel's answer, INT64_MIN when missing.
int64_t seg_rt_sequence(const seg::jit::JitCtx* ctx, int32_t node);
}
