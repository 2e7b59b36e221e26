// libpq, opened when seg first talks to PostgreSQL rather than when any seg process starts.
//
// Linked the usual way, libpq and the 24 libraries it needs (OpenSSL, Kerberos, LDAP, ...) are
// mapped and relocated before main() of every `seg` command, though most never reach a server,
// and libcurl's (runtime/io/clickhouse/libcurl_on_demand.cc) share most of them: with both,
// `seg` loaded 45 libraries, and `perf stat seg --version` took 15.5 ms of CPU; without, 17 and
// 7.6 ms. Start is serial (nothing else runs yet), so that is wall-clock time of every command,
// about 5% of a run of bench/peers/job.seg from a snapshot. So seg_postgres does not link libpq:
// this file defines each libpq function seg calls (the header's own declarations) as a call to
// the same function of libpq.so.5, opened by dlopen on the first call. Compiled with hidden
// visibility (CMakeLists.txt), these definitions are seg's own: a host of libseg that links
// libpq itself, and libpq's calls among its own functions, keep libpq's.
//
// A libpq function seg (or its tests) starts calling must be added below (the link fails until it is).
#include <libpq-fe.h>

#include "runtime/io/on_demand_library.h"

namespace {

// The shared library's major version: the ABI of the libpq-fe.h compiled against (libpq5).
constexpr seg::rt::OnDemandLibrary kLibpq("libpq.so.5", "PostgreSQL");

}  // namespace

SEG_ON_DEMAND(kLibpq, PGconn*, PQconnectdbParams,
              (const char* const* keywords, const char* const* values, int expand_dbname),
              (keywords, values, expand_dbname))
SEG_ON_DEMAND(kLibpq, PQconninfoOption*, PQconndefaults, (void), ())
SEG_ON_DEMAND(kLibpq, void, PQconninfoFree, (PQconninfoOption * options), (options))
SEG_ON_DEMAND(kLibpq, int, PQconnectionNeedsPassword, (const PGconn* conn), (conn))
SEG_ON_DEMAND(kLibpq, ConnStatusType, PQstatus, (const PGconn* conn), (conn))
SEG_ON_DEMAND(kLibpq, char*, PQerrorMessage, (const PGconn* conn), (conn))
SEG_ON_DEMAND(kLibpq, void, PQfinish, (PGconn * conn), (conn))
SEG_ON_DEMAND(kLibpq, const char*, PQparameterStatus, (const PGconn* conn, const char* name), (conn, name))
SEG_ON_DEMAND(kLibpq, PQnoticeProcessor, PQsetNoticeProcessor, (PGconn * conn, PQnoticeProcessor processor, void* arg),
              (conn, processor, arg))
SEG_ON_DEMAND(kLibpq, PGresult*, PQexec, (PGconn * conn, const char* query), (conn, query))
SEG_ON_DEMAND(kLibpq, PGresult*, PQexecParams,
              (PGconn * conn, const char* command, int n_params, const Oid* param_types,
               const char* const* param_values, const int* param_lengths, const int* param_formats, int result_format),
              (conn, command, n_params, param_types, param_values, param_lengths, param_formats, result_format))
SEG_ON_DEMAND(kLibpq, PGresult*, PQprepare,
              (PGconn * conn, const char* statement, const char* query, int n_params, const Oid* param_types),
              (conn, statement, query, n_params, param_types))
SEG_ON_DEMAND(kLibpq, PGresult*, PQexecPrepared,
              (PGconn * conn, const char* statement, int n_params, const char* const* param_values,
               const int* param_lengths, const int* param_formats, int result_format),
              (conn, statement, n_params, param_values, param_lengths, param_formats, result_format))
SEG_ON_DEMAND(kLibpq, PGresult*, PQdescribePrepared, (PGconn * conn, const char* statement), (conn, statement))
SEG_ON_DEMAND(kLibpq, PGresult*, PQgetResult, (PGconn * conn), (conn))
SEG_ON_DEMAND(kLibpq, int, PQputCopyData, (PGconn * conn, const char* buffer, int bytes), (conn, buffer, bytes))
SEG_ON_DEMAND(kLibpq, int, PQputCopyEnd, (PGconn * conn, const char* error), (conn, error))
SEG_ON_DEMAND(kLibpq, int, PQgetCopyData, (PGconn * conn, char** buffer, int async), (conn, buffer, async))
SEG_ON_DEMAND(kLibpq, void, PQfreemem, (void* memory), (memory))
SEG_ON_DEMAND(kLibpq, ExecStatusType, PQresultStatus, (const PGresult* res), (res))
SEG_ON_DEMAND(kLibpq, char*, PQresultErrorMessage, (const PGresult* res), (res))
SEG_ON_DEMAND(kLibpq, char*, PQresultErrorField, (const PGresult* res, int field), (res, field))
SEG_ON_DEMAND(kLibpq, void, PQclear, (PGresult * res), (res))
SEG_ON_DEMAND(kLibpq, int, PQntuples, (const PGresult* res), (res))
SEG_ON_DEMAND(kLibpq, int, PQnfields, (const PGresult* res), (res))
SEG_ON_DEMAND(kLibpq, int, PQbinaryTuples, (const PGresult* res), (res))
SEG_ON_DEMAND(kLibpq, char*, PQfname, (const PGresult* res, int field), (res, field))
SEG_ON_DEMAND(kLibpq, Oid, PQftype, (const PGresult* res, int field), (res, field))
SEG_ON_DEMAND(kLibpq, int, PQfmod, (const PGresult* res, int field), (res, field))
SEG_ON_DEMAND(kLibpq, char*, PQgetvalue, (const PGresult* res, int row, int field), (res, row, field))
SEG_ON_DEMAND(kLibpq, int, PQgetlength, (const PGresult* res, int row, int field), (res, row, field))
SEG_ON_DEMAND(kLibpq, int, PQgetisnull, (const PGresult* res, int row, int field), (res, row, field))
