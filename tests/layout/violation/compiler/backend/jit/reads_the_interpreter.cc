// A fixture for the layout check (tests/layout): an engine including another, which
// check_includes.cmake must reject.
#include "compiler/backend/interp/engine.h"
#include "compiler/backend/jit/jit.h"
