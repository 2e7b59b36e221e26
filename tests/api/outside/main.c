/* Links against an installed libseg through the C API: compiles the rule file in argv[1] and
 * runs it over two customers given as JSON rows; prints the response. */
#include <stdio.h>

#include "seg/seg.h"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  seg_program* program = NULL;
  char* error = NULL;
  if (seg_compile_file(argv[1], NULL, &program, &error) != SEG_OK) {
    fprintf(stderr, "%s\n", error);
    return 1;
  }
  printf("inputs: %zu\n", seg_program_input_count(program));
  seg_program_free(program);
  char* response = NULL;
  seg_status status = seg_run_json(
      "input customers key id { spend: money }\ntag big when spend >= 100\n",
      "{\"as_of\": \"2025-06-30\", \"inputs\": {\"customers\": {\"rows\": [{\"id\": \"a\", \"spend\": 150}]}}}",
      &response);
  printf("%s\n", response);
  seg_free_string(response);
  return status == SEG_OK ? 0 : 1;
}
