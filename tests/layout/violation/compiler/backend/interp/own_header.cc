// A fixture for the layout check (tests/layout): an engine including its own headers is fine.
#include "compiler/backend/interp/engine.h"
