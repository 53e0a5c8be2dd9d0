// hwy::Abort for the WebAssembly builds, which use Highway header-only (libhwy is a
// native library). Only reachable through HWY_ASSERT/HWY_DASSERT, which the public API
// never lets a bad input reach; it reports and aborts like Highway's own version.
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "hwy/base.h"

namespace hwy {

HWY_NORETURN void HWY_FORMAT(3, 4)
    Abort(const char* file, int line, const char* format, ...) {
  char buf[512];
  va_list args;
  va_start(args, format);
  vsnprintf(buf, sizeof(buf), format, args);
  va_end(args);
  fprintf(stderr, "Abort at %s:%d: %s\n", file, line, buf);
  abort();
}

}  // namespace hwy
