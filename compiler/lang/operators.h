// The binary operators of the language, as the checker types them and the IR and engines
// evaluate them (runtime/kernels/scalar_ops.h holds the arithmetic itself).
#pragma once
#include <cstdint>

namespace seg::lang {

enum class ArithOp : uint8_t { kAdd, kSub, kMul, kDiv, kMod };
enum class CompareOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };

}  // namespace seg::lang
