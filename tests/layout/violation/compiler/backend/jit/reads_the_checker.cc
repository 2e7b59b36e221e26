// An engine reading the checker's symbols: what check_includes.cmake must reject, since the IR
// stands on its own (compiler/lang, compiler/ir).
#include "compiler/sema/program.h"
