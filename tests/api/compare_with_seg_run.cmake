# Runs `seg run` and an embedding host on the same program and data and requires byte-identical
# result files: every customer's buckets, tags and scores agree.
#   -DSEG=... -DHOST=... -DPROGRAM=... -DDATA=... -DAS_OF=... -DOUT=<scratch dir>
file(MAKE_DIRECTORY ${OUT})
execute_process(
  COMMAND ${SEG} run ${PROGRAM} --input customers=${DATA}/customers.csv --input orders=${DATA}/orders.csv
          --input visits=${DATA}/visits.csv --as-of ${AS_OF} --quiet --out ${OUT}/seg_run.csv
  RESULT_VARIABLE seg_status)
if(NOT seg_status EQUAL 0)
  message(FATAL_ERROR "seg run failed: ${seg_status}")
endif()
execute_process(COMMAND ${HOST} ${PROGRAM} ${DATA} ${AS_OF} --out ${OUT}/host.csv RESULT_VARIABLE host_status)
if(NOT host_status EQUAL 0)
  message(FATAL_ERROR "${HOST} failed: ${host_status}")
endif()
file(READ ${OUT}/seg_run.csv expected)
file(READ ${OUT}/host.csv actual)
if(NOT expected STREQUAL actual)
  message(FATAL_ERROR "${OUT}/host.csv differs from ${OUT}/seg_run.csv")
endif()
string(LENGTH "${expected}" size)
if(size LESS 1000)
  message(FATAL_ERROR "seg run wrote almost nothing (${size} bytes): the comparison would prove nothing")
endif()
