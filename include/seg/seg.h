/* The C interface of seg, for hosts in C and for other languages through their FFI.
 *
 * Handles are opaque and owned by the caller once returned: free each with its _free function
 * (NULL is accepted). Strings that seg returns through a `char**` are seg-owned allocations the
 * caller frees with seg_free_string. Strings returned as `const char*` belong to the handle they
 * came from and stay valid until it is freed. Functions taking a caller buffer
 * (seg_result_value) copy into it snprintf-style.
 *
 * Errors: every function returns a seg_status; on failure *error (when error is not NULL)
 * receives a message, for compile errors each diagnostic as "file:line:col: error[CODE]: text"
 * followed by the rendered snippets. No C++ exception ever leaves these functions.
 *
 * Threads: a seg_program is immutable once compiled; any number of threads may run it at the
 * same time. A seg_inputs must not be bound from two threads at once, but once bound many runs
 * may read it concurrently. A seg_result is read-only.
 *
 * Stability: this is version 1 of the interface (SEG_API_VERSION); functions and structs are
 * only ever added, never changed, within a version. */
#ifndef SEG_SEG_H
#define SEG_SEG_H

#include <stddef.h>
#include <stdint.h>

#include "seg/arrow_c_data.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SEG_API_VERSION 1

typedef enum seg_status {
  SEG_OK = 0,
  SEG_INVALID_ARGUMENT = 1, /* a NULL or malformed argument: bad JSON, unknown param, bad date */
  SEG_COMPILE_ERROR = 2,    /* the program text has errors */
  SEG_BIND_ERROR = 3,       /* data does not fit the inputs: missing column, wrong type */
  SEG_IO_ERROR = 4,         /* a file could not be read, or a row in it is malformed */
  SEG_RUN_ERROR = 5,        /* the run failed (an overflow), naming customer and rule */
  SEG_INTERNAL_ERROR = 6    /* a bug in seg, or out of memory */
} seg_status;

typedef enum seg_type {
  SEG_BOOL,
  SEG_INT,
  SEG_FLOAT,
  SEG_MONEY,
  SEG_DATE,
  SEG_TIMESTAMP,
  SEG_DURATION,
  SEG_TEXT,
  SEG_TAGS,
  SEG_ID
} seg_type;

typedef enum seg_severity { SEG_SEVERITY_ERROR, SEG_SEVERITY_WARNING, SEG_SEVERITY_NOTE } seg_severity;

/* One diagnostic, passed to seg_compile_options.on_diagnostic; its strings live only during the call. */
typedef struct seg_diagnostic {
  const char* code; /* "E0204" */
  const char* name; /* "type-mismatch" */
  seg_severity severity;
  const char* message;
  const char* file;
  int line, column, end_line, end_column; /* 1-based; 0 when the diagnostic has no location */
  const char* help;                       /* "" when there is none */
} seg_diagnostic;

typedef struct seg_compile_options {
  int warnings_as_errors;
  const char* const* disabled_warnings; /* names ("unused-let") or codes ("W0001") */
  size_t disabled_warning_count;
  /* Called once per diagnostic (errors and warnings), in source order; may be NULL. */
  void (*on_diagnostic)(void* user_data, const seg_diagnostic* diagnostic);
  void* user_data;
} seg_compile_options;

typedef struct seg_program seg_program;
typedef struct seg_inputs seg_inputs;
typedef struct seg_result seg_result;

/* A column the host owns, read during the call only; layouts as in seg.hpp's ValueType. */
typedef struct seg_column {
  const char* name;
  seg_type type;
  const void* values;
  const uint8_t* validity; /* bitmap, LSB first; NULL = all present */
  size_t length;
  const int32_t* offsets; /* text, id, tags: length + 1 offsets into values */
  int32_t scale;          /* money: decimals of the int64 values (4 is the runtime's) */
} seg_column;

typedef struct seg_run_options {
  const char* as_of;         /* "2025-06-30"; NULL: the program's default */
  const char* const* params; /* "name=value" strings */
  size_t param_count;
  const char* const* lets; /* lets or scores to add as columns */
  size_t let_count;
  size_t threads; /* 0 or 1: one thread; results never depend on it */
} seg_run_options;

const char* seg_status_name(seg_status status); /* "ok", "compile_error", ...; static storage */
void seg_free_string(char* text);

/* ---- compiling */
seg_status seg_compile(const char* program_text, const char* file_name, const seg_compile_options* options,
                       seg_program** out, char** error);
seg_status seg_compile_file(const char* path, const seg_compile_options* options, seg_program** out, char** error);
void seg_program_free(seg_program* program);
/* What the program reads and writes; strings are owned by the program. Out-of-range indexes
 * give 0 / NULL (and SEG_TEXT for a type). */
size_t seg_program_input_count(const seg_program* program);
const char* seg_program_input_name(const seg_program* program, size_t input);
int seg_program_input_is_event(const seg_program* program, size_t input);
size_t seg_program_column_count(const seg_program* program, size_t input);
const char* seg_program_column_name(const seg_program* program, size_t input, size_t column);
seg_type seg_program_column_type(const seg_program* program, size_t input, size_t column);
size_t seg_program_classification_count(const seg_program* program);
const char* seg_program_classification_name(const seg_program* program, size_t classification);
size_t seg_program_bucket_count(const seg_program* program, size_t classification);
const char* seg_program_bucket_label(const seg_program* program, size_t classification, size_t bucket);

/* ---- inputs */
seg_status seg_inputs_new(const seg_program* program, seg_inputs** out);
void seg_inputs_free(seg_inputs* inputs);
/* delimiter 0 means ','; skip_bad_rows 0 fails on the first malformed row. path may also be a
   PostgreSQL table or query: postgresql://USER@HOST:PORT/DB?table=SCHEMA.TABLE (docs/POSTGRES.md). */
seg_status seg_inputs_bind_file(seg_inputs* inputs, const char* input, const char* path, char delimiter,
                                int skip_bad_rows, char** error);
seg_status seg_inputs_bind_columns(seg_inputs* inputs, const char* input, const seg_column* columns,
                                   size_t column_count, char** error);
/* A struct array ("+s") of the input's columns; seg releases schema and array before returning,
 * on success and on failure (see Inputs::BindArrow in seg.hpp for the formats). */
seg_status seg_inputs_bind_arrow(seg_inputs* inputs, const char* input, struct ArrowSchema* schema,
                                 struct ArrowArray* array, char** error);

/* ---- running */
seg_status seg_run(const seg_program* program, const seg_inputs* inputs, const seg_run_options* options,
                   seg_result** out, char** error);
void seg_result_free(seg_result* result);
size_t seg_result_customer_count(const seg_result* result);
/* Columns: the key, classifications, tags, scores, then the lets asked for. */
size_t seg_result_column_count(const seg_result* result);
const char* seg_result_column_name(const seg_result* result, size_t column); /* NULL if out of range */
/* The customer's key, owned by the result. */
const char* seg_result_key(const seg_result* result, size_t row);
/* The bucket label, owned by the result; NULL when the customer is in no bucket or the name is unknown. */
const char* seg_result_bucket(const seg_result* result, const char* classification, size_t row);
/* A value as `seg run` prints it, copied into buffer (always NUL-terminated when capacity > 0);
 * *needed (may be NULL) receives the length without the NUL. A missing value is "". */
seg_status seg_result_value(const seg_result* result, const char* column, size_t row, char* buffer, size_t capacity,
                            size_t* needed);
/* A bool column's (a tag's, a bool score's or let's) words, owned by the result: customer r at bit
 * r % 64 of word r / 64, least significant first; *values the values, *valid the validity (a
 * tag's always set), *words how many. SEG_INVALID_ARGUMENT for an unknown or non-bool column. */
seg_status seg_result_bool_words(const seg_result* result, const char* column, const uint64_t** values,
                                 const uint64_t** valid, size_t* words);
/* The whole result as `seg run --format csv` writes it; free with seg_free_string. */
seg_status seg_result_csv(const seg_result* result, char** out);
/* This run's population (every customer's ranked value and result, per population function), as
 * JSON, for seg_evaluate_customer: a customer is then ranked against it exactly (docs/API.md). */
seg_status seg_result_population_cuts(const seg_result* result, char** out_json);

/* ---- one customer in real time (see Program::EvaluateCustomer in seg.hpp, docs/API.md)
 * population_cuts_json and previous_json may be NULL. */
seg_status seg_evaluate_customer(const seg_program* program, const char* record_json, const char* as_of,
                                 const char* population_cuts_json, const char* previous_json, char** response_json,
                                 char** error);

/* ---- everything in one JSON call, for hosts in other languages (schema in docs/API.md).
 * *response_json is always set (free with seg_free_string) unless response_json is NULL: on
 * failure it holds {"ok": false, "status": ..., "error": ..., "diagnostics": [...]}. */
seg_status seg_run_json(const char* program_text, const char* request_json, char** response_json);

#ifdef __cplusplus
}
#endif

#endif /* SEG_SEG_H */
