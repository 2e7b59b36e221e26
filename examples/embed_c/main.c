/* A C host embedding seg: compiles a rule file, hands it the CRM's tables through the Arrow C
 * Data Interface, runs it and prints how many customers landed in each bucket.
 *
 *   embed_c RULES.seg DATA_DIR AS_OF [--out RESULT.csv]
 *
 * DATA_DIR holds one CSV per input (customers.csv, orders.csv, ...), as examples/data does. The
 * CSV reader is deliberately tiny: comma-separated, no quoted fields (the example data has
 * none). Each column is converted to the Arrow layout of the type the program declares for it,
 * so the same code serves any program. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seg/seg.h"

typedef struct {
  size_t rows, cols;
  char** header;
  char** cells; /* rows * cols, row-major; "" for an empty field */
} csv_table;

static char* read_file(const char* path) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char* text = malloc((size_t)size + 1);
  if (text && fread(text, 1, (size_t)size, f) != (size_t)size) size = 0;
  if (text) text[size] = '\0';
  fclose(f);
  return text;
}

/* Splits `text` in place into lines and fields. */
static int parse_csv(char* text, csv_table* t) {
  size_t cap = 1024, n = 0;
  char** cells = malloc(cap * sizeof(char*));
  t->cols = 0;
  char* line = text;
  while (line && *line) {
    char* next = strchr(line, '\n');
    if (next) *next++ = '\0';
    size_t len = strlen(line);
    if (len && line[len - 1] == '\r') line[len - 1] = '\0';
    size_t fields = 0;
    for (char* field = line;; ++fields) {
      char* comma = strchr(field, ',');
      if (comma) *comma = '\0';
      if (n == cap) cells = realloc(cells, (cap *= 2) * sizeof(char*));
      cells[n++] = field;
      if (!comma) break;
      field = comma + 1;
    }
    if (t->cols == 0) t->cols = fields + 1;
    else if (fields + 1 != t->cols) return 0;
    line = next;
  }
  if (t->cols == 0) return 0;
  t->header = cells;
  t->cells = cells + t->cols;
  t->rows = n / t->cols - 1;
  return 1;
}

/* Days since 1970-01-01 of a Gregorian date from year 1 on: whole years, their leap days, then
 * the days before the month in this year. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  static const int before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  int64_t leaps_before = (y - 1) / 4 - (y - 1) / 100 + (y - 1) / 400 - (1969 / 4 - 1969 / 100 + 1969 / 400);
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return (y - 1970) * 365 + leaps_before + before[m - 1] + (m > 2 && leap) + d - 1;
}

/* One Arrow child array built from a CSV column; the buffers are freed by its release callback. */
typedef struct {
  void* buffers[3];
} column_data;

static void release_array(struct ArrowArray* a) {
  column_data* data = a->private_data;
  if (data) {
    for (int i = 0; i < 3; ++i) free(data->buffers[i]);
    free(data);
  }
  for (int64_t i = 0; i < a->n_children; ++i) {
    if (a->children[i]->release) a->children[i]->release(a->children[i]);
    free(a->children[i]);
  }
  free(a->children);
  free((void*)a->buffers);
  a->release = NULL;
}

static void release_schema(struct ArrowSchema* s) {
  for (int64_t i = 0; i < s->n_children; ++i) {
    if (s->children[i]->release) s->children[i]->release(s->children[i]);
    free(s->children[i]);
  }
  free(s->children);
  s->release = NULL;
}

static const char* arrow_format(seg_type type) {
  switch (type) {
    case SEG_BOOL: return "b";
    case SEG_INT:
    case SEG_DURATION: return "l";
    case SEG_FLOAT: return "g";
    case SEG_MONEY: return "d:18,4";
    case SEG_DATE: return "tdD";
    case SEG_TIMESTAMP: return "tsu:UTC";
    default: return "u";
  }
}

/* Fills `a` with column `col` of `t` converted to `type`; returns 0 on a value it cannot read. */
static int build_child(const csv_table* t, size_t col, seg_type type, struct ArrowArray* a) {
  size_t n = t->rows;
  column_data* data = calloc(1, sizeof(column_data));
  uint8_t* validity = calloc(n / 8 + 1, 1);
  int64_t nulls = 0;
  size_t width = type == SEG_MONEY ? 16 : type == SEG_DATE ? 4 : type == SEG_BOOL ? 0 : 8;
  int text = !strcmp(arrow_format(type), "u");
  size_t bytes = 0;
  for (size_t r = 0; text && r < n; ++r) bytes += strlen(t->cells[r * t->cols + col]);
  data->buffers[0] = validity;
  data->buffers[1] = text ? calloc(n + 1, sizeof(int32_t)) : calloc(width ? n * width : n / 8 + 1, 1);
  data->buffers[2] = text ? malloc(bytes + 1) : NULL;
  int32_t offset = 0;
  for (size_t r = 0; r < n; ++r) {
    const char* cell = t->cells[r * t->cols + col];
    int present = cell[0] != '\0';
    if (present) validity[r / 8] |= (uint8_t)(1u << (r % 8));
    else ++nulls;
    if (text) {
      size_t len = strlen(cell);
      memcpy((char*)data->buffers[2] + offset, cell, len);
      offset += (int32_t)len;
      ((int32_t*)data->buffers[1])[r + 1] = offset;
      continue;
    }
    if (!present) continue;
    char* end = NULL;
    int y, m, d, hh = 0, mm = 0, ss = 0;
    switch (type) {
      case SEG_BOOL:
        if (!strcmp(cell, "true")) ((uint8_t*)data->buffers[1])[r / 8] |= (uint8_t)(1u << (r % 8));
        else if (strcmp(cell, "false")) return 0;
        break;
      case SEG_INT:
        ((int64_t*)data->buffers[1])[r] = strtoll(cell, &end, 10);
        if (*end) return 0;
        break;
      case SEG_FLOAT:
        ((double*)data->buffers[1])[r] = strtod(cell, &end);
        if (*end) return 0;
        break;
      case SEG_MONEY: { /* "86.36" -> 863600 at scale 4, as a little-endian decimal128 */
        const char* dot = strchr(cell, '.');
        int64_t units = strtoll(cell, &end, 10), frac = 0;
        int digits = 0;
        if (dot)
          for (const char* p = dot + 1; *p && digits < 4; ++p, ++digits) frac = frac * 10 + (*p - '0');
        for (; digits < 4; ++digits) frac *= 10;
        int64_t value = units * 10000 + (cell[0] == '-' ? -frac : frac);
        int64_t* out = (int64_t*)((char*)data->buffers[1] + r * 16);
        out[0] = value;
        out[1] = value < 0 ? -1 : 0;
        break;
      }
      case SEG_DATE:
        if (sscanf(cell, "%d-%d-%d", &y, &m, &d) != 3) return 0;
        ((int32_t*)data->buffers[1])[r] = (int32_t)days_from_civil(y, (unsigned)m, (unsigned)d);
        break;
      case SEG_TIMESTAMP: /* the example data is in UTC: "2021-11-20T15:23:17Z" */
        if (sscanf(cell, "%d-%d-%dT%d:%d:%d", &y, &m, &d, &hh, &mm, &ss) < 3) return 0;
        ((int64_t*)data->buffers[1])[r] = ((days_from_civil(y, (unsigned)m, (unsigned)d) * 24 + hh) * 60 + mm) *
                                              60000000LL +
                                          ss * 1000000LL;
        break;
      default: return 0;
    }
  }
  a->length = (int64_t)n;
  a->null_count = nulls;
  a->n_buffers = text ? 3 : 2;
  const void** buffers = malloc(3 * sizeof(void*));
  for (int i = 0; i < 3; ++i) buffers[i] = data->buffers[i];
  a->buffers = buffers;
  a->private_data = data;
  a->release = release_array;
  return 1;
}

/* The program's input `input` as an Arrow struct array read from DATA_DIR/<name>.csv; 0 when the file is absent. */
static int build_input(const seg_program* program, size_t input, const char* dir, struct ArrowSchema* schema,
                       struct ArrowArray* array) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s.csv", dir, seg_program_input_name(program, input));
  char* text = read_file(path);
  csv_table t;
  if (!text || !parse_csv(text, &t)) {
    free(text);
    return 0;
  }
  size_t ncols = seg_program_column_count(program, input);
  memset(schema, 0, sizeof *schema);
  memset(array, 0, sizeof *array);
  schema->format = "+s";
  schema->children = calloc(ncols, sizeof(struct ArrowSchema*));
  array->children = calloc(ncols, sizeof(struct ArrowArray*));
  array->buffers = calloc(1, sizeof(void*)); /* a struct array has only a (null) validity buffer */
  array->n_buffers = 1;
  array->length = (int64_t)t.rows;
  array->release = release_array;
  schema->release = release_schema;
  for (size_t c = 0; c < ncols; ++c) {
    const char* name = seg_program_column_name(program, input, c);
    size_t col = 0;
    while (col < t.cols && strcmp(t.header[col], name)) ++col;
    if (col == t.cols) continue; /* seg reports the missing column by name */
    struct ArrowSchema* cs = calloc(1, sizeof *cs);
    struct ArrowArray* ca = calloc(1, sizeof *ca);
    seg_type type = seg_program_column_type(program, input, c);
    cs->format = arrow_format(type);
    cs->name = name;
    cs->flags = ARROW_FLAG_NULLABLE;
    cs->release = release_schema;
    schema->children[schema->n_children++] = cs;
    array->children[array->n_children++] = ca;
    if (!build_child(&t, col, type, ca)) {
      fprintf(stderr, "%s: column %s: a value is not a %s\n", path, name, cs->format);
      exit(1);
    }
  }
  free(t.header);
  free(text);
  return 1;
}

int main(int argc, char** argv) {
  if (argc != 4 && !(argc == 6 && !strcmp(argv[4], "--out"))) {
    fprintf(stderr, "usage: embed_c RULES.seg DATA_DIR AS_OF [--out RESULT.csv]\n");
    return 2;
  }
  char* error = NULL;
  seg_program* program = NULL;
  if (seg_compile_file(argv[1], NULL, &program, &error) != SEG_OK) {
    fprintf(stderr, "%s", error);
    seg_free_string(error);
    return 1;
  }
  seg_inputs* inputs = NULL;
  seg_inputs_new(program, &inputs);
  for (size_t i = 0; i < seg_program_input_count(program); ++i) {
    struct ArrowSchema schema;
    struct ArrowArray array;
    if (!build_input(program, i, argv[2], &schema, &array)) continue;
    seg_status status = seg_inputs_bind_arrow(inputs, seg_program_input_name(program, i), &schema, &array, &error);
    if (status != SEG_OK) {
      fprintf(stderr, "%s: %s\n", seg_status_name(status), error);
      return 1;
    }
  }
  seg_run_options options = {argv[3], NULL, 0, NULL, 0, 2};
  seg_result* result = NULL;
  if (seg_run(program, inputs, &options, &result, &error) != SEG_OK) {
    fprintf(stderr, "%s\n", error);
    return 1;
  }
  size_t customers = seg_result_customer_count(result);
  printf("%zu customers\n", customers);
  for (size_t c = 0; c < seg_program_classification_count(program); ++c) {
    const char* name = seg_program_classification_name(program, c);
    printf("%s\n", name);
    for (size_t b = 0; b < seg_program_bucket_count(program, c); ++b) {
      const char* label = seg_program_bucket_label(program, c, b);
      size_t count = 0;
      for (size_t r = 0; r < customers; ++r) {
        const char* bucket = seg_result_bucket(result, name, r);
        count += bucket && !strcmp(bucket, label);
      }
      printf("  %-20s %6zu\n", label, count);
    }
  }
  if (argc == 6) {
    char* csv = NULL;
    FILE* out = fopen(argv[5], "wb");
    if (!out || seg_result_csv(result, &csv) != SEG_OK || fputs(csv, out) < 0) return 1;
    fclose(out);
    seg_free_string(csv);
  }
  seg_result_free(result);
  seg_inputs_free(inputs);
  seg_program_free(program);
  return 0;
}
