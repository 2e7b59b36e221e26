// libcrypto (OpenSSL), opened when seg first hashes a recorded run (sha256.cc) rather than when
// any seg process starts: a run without --history never needs it, and mapping and relocating
// it took about 1 ms of CPU at every start (perf stat of an empty program linked to it, 1.55
// against 0.49 ms). How, and why start matters: runtime/io/postgres/libpq_on_demand.cc.
// Compiled with hidden visibility (CMakeLists.txt), so these definitions are seg's own.
//
// A libcrypto function seg starts calling must be added below (the link fails until it is).
#include <openssl/evp.h>

#include "runtime/io/on_demand_library.h"

namespace {

// The shared library's major version: the ABI of the headers compiled against (OpenSSL 3).
constexpr seg::rt::OnDemandLibrary kLibcrypto("libcrypto.so.3", "recording runs (SHA-256)");

}  // namespace

SEG_ON_DEMAND(kLibcrypto, const EVP_MD*, EVP_sha256, (void), ())
SEG_ON_DEMAND(kLibcrypto, int, EVP_Digest,
              (const void* data, size_t count, unsigned char* md, unsigned int* size, const EVP_MD* type, ENGINE* impl),
              (data, count, md, size, type, impl))
