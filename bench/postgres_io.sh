#!/usr/bin/env bash
# seg reading from and writing back to PostgreSQL, against CSV files and against the same job in
# PostgreSQL's own SQL, in one command (issue 11, point 6):
#   bench/postgres_io.sh [CUSTOMERS=1000000] [REPS=3]
# Generates the data once (build/bench-data-N, as bench/compare.sh), starts a throw-away
# PostgreSQL cluster (bench/peers/pg_server.sh), loads the three CSVs into tables with
# bench/peers/sql/pg_load.sql, and times, each the best of REPS runs, at 2 threads:
#   (a) seg loading the three inputs from the CSV files,
#   (b) the same from the PostgreSQL tables (binary COPY),
#       both the "load took" line of the whole-job runs (c) and (d),
#   (c) the whole job `seg run bench/peers/job.seg`, CSV files in, CSV file out,
#   (d) the whole job, PostgreSQL tables in, `--out postgresql://` table out,
#   (e) the same job as PostgreSQL SQL (bench/peers/sql/aggregate, quantile, classify.sql, each a
#       CREATE TABLE AS) from the same tables into a table,
# (c), (d) and (e) wall-clock, process start included, (a) and (b) with indexing events per
# customer, as seg's "load took" line; and prints one Markdown table. Not a test:
# the machine may be shared and noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
customers=${1:-1000000}
reps=${2:-3}
as_of=2025-06-30
threads=2
data=$root/build/bench-data-$customers
work=$root/build/bench-pg-io-$customers
mkdir -p "$work"

source "$root/bench/lib.sh"
build_targets seg seg-gen
generate_data "$customers" "$data" "$as_of"

unavailable() { echo "postgres_io: PostgreSQL unavailable: $*" >&2; exit 3; }
source bench/peers/pg_server.sh
echo "== starting PostgreSQL and loading the tables" >&2
pg_server_start
pg_copy_ms=$(pg_step 0 pg_load.sql @DIR@ "$data")
# pg_load.sql keeps tags as text (the CSV's a|b); seg reads tags from a text[] column. A CRM's
# customer table has its key as primary key.
pg_psql -q -v ON_ERROR_STOP=1 -c "ALTER TABLE customers ALTER tags TYPE text[] USING string_to_array(tags, '|'),
  ADD PRIMARY KEY (id)" -c "VACUUM ANALYZE customers, orders, visits" >&2
# The server logs each statement's duration: how long it spends on seg's COPY (SELECT ...) TO STDOUT.
pg_psql -q -c "ALTER SYSTEM SET log_min_duration_statement = 0" -c "SELECT pg_reload_conf()" >/dev/null
url="postgresql://$pg_user@127.0.0.1:$pg_port/postgres"

now_ms() { echo $(($(date +%s%N) / 1000000)); }
min() { awk -v a="${1:-1e300}" -v b="$2" 'BEGIN { printf "%.0f", (b < a ? b : a) }'; }

# Runs the whole job once and prints "WALL_MS LOAD_MS": seg_job INPUT_PREFIX INPUT_SUFFIX OUT.
seg_job() {
  local prefix=$1 suffix=$2 out=$3 start end load
  start=$(now_ms)
  ./build/bin/seg run bench/peers/job.seg --as-of "$as_of" --threads "$threads" --engine jit \
    --input "customers=${prefix}customers$suffix" --input "orders=${prefix}orders$suffix" \
    --input "visits=${prefix}visits$suffix" --out "$out" 2>"$work/seg.err" >/dev/null ||
    { cat "$work/seg.err" >&2; exit 1; }
  end=$(now_ms)
  load=$(awk '/^load took / { printf "%.0f", $3 * 1000 }' "$work/seg.err")
  echo "$((end - start)) $load"
}

# Sum of the durations the server logged for seg's COPY statements since line FROM of its log.
server_copy_ms() {
  tail -n +"$1" "$pg_cluster/server.log" |
    awk 'match($0, /duration: [0-9.]+ ms  statement: COPY \(SELECT/) { split(substr($0, RSTART), w, " "); t += w[2] }
         END { printf "%.0f", t }'
}

csv_job="" csv_load="" pg_job="" pg_load="" pg_server="" sql_job=""
for rep in $(seq "$reps"); do
  echo "== run $rep of $reps" >&2
  read -r wall load < <(seg_job "$data/" .csv "$work/result.csv")
  csv_job=$(min "$csv_job" "$wall"); csv_load=$(min "$csv_load" "$load")
  log_line=$(($(wc -l <"$pg_cluster/server.log") + 1))
  read -r wall load < <(seg_job "$url?table=public." "" "$url?table=public.seg_result")
  pg_job=$(min "$pg_job" "$wall"); pg_load=$(min "$pg_load" "$load")
  pg_server=$(min "$pg_server" "$(server_copy_ms "$log_line")")
  start=$(now_ms)
  pg_step $((threads - 1)) "aggregate.sql quantile.sql classify.sql" >/dev/null
  sql_job=$(min "$sql_job" "$(($(now_ms) - start))")
done

# The two seg runs must agree: the same number of customers in each bucket.
csv_counts=$(awk -F, 'NR > 1 { n[$2]++ } END { for (b in n) print b "=" n[b] }' "$work/result.csv" | sort | paste -sd';')
pg_counts=$(pg_psql -A -t -c "SELECT lifecycle || '=' || count(*) FROM seg_result GROUP BY lifecycle" | sort | paste -sd';')
[ "$csv_counts" = "$pg_counts" ] || { echo "postgres_io: the CSV and PostgreSQL runs differ: $csv_counts vs $pg_counts" >&2; exit 1; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else printf "-" }'; }
orders=$(($(wc -l <"$data/orders.csv") - 1))
version=$(pg_psql -A -t -c 'SHOW server_version' | cut -d' ' -f1)
cat <<TABLE
## seg and PostgreSQL: bench/peers/job.seg, $(printf "%'d" "$customers") customers, $(printf "%'d" "$orders") order rows, $threads threads, best of $reps (ms)

| step | CSV files | PostgreSQL $version | PostgreSQL / CSV |
|---|---|---|---|
| (a, b) seg loads the 3 inputs (CSV parse / binary COPY) | $csv_load | $pg_load | $(ratio "$pg_load" "$csv_load") |
| (b) of which seg's 3 COPY (SELECT ...) TO STDOUT statements run, by the server's log (sending included) | | $pg_server | |
| (c, d) seg, whole job (in to out: CSV file / table) | $csv_job | $pg_job | $(ratio "$pg_job" "$csv_job") |
| (e) the job as PostgreSQL SQL, tables to table (CREATE TABLE AS) | - | $sql_job | - |
| (e) / (d): SQL time over seg's, both from and to PostgreSQL | | | $(ratio "$sql_job" "$pg_job") |

PostgreSQL's own COPY of the three CSV files into its tables (once, not part of any row): $(printf "%.0f" "$pg_copy_ms") ms.
Both seg runs put the same number of customers in each bucket.
TABLE
