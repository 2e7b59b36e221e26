// The engines pack their bool columns as bits through the runtime's packing (runtime/bits.h),
// which the event index uses too: one implementation, named here as the engines know it.
#pragma once

#include "runtime/bits.h"

namespace seg::exec {

using rt::PackBits;
using rt::UnpackBits;

}  // namespace seg::exec
