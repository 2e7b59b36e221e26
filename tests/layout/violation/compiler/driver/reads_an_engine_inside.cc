// A fixture for the layout check (tests/layout): the driver may include an engine's public
// header, not its internals.
#include "compiler/backend/interp/interpreter.h"
#include "compiler/backend/jit/jit.h"
#include "compiler/backend/jit/jit_runner.h"
