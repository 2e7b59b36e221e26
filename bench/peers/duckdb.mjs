// DuckDB peer: times the main job's steps (sql/duckdb_load.sql, aggregate.sql, quantile.sql,
// classify.sql) and the 10M-row classify-only query (sql/classify_only.sql) in an in-memory
// database with `SET threads = T`, and prints one "name value" line per figure.
//   node duckdb.mjs --data DIR [--metrics CSV] [--threads 1,2] [--reps 3]
// Load steps run once per thread count; the other steps are the best of --reps (each rebuilds
// its table with DROP + CREATE TABLE AS, so the result is materialised like seg's columns).
import { bucketCounts, close, commandLine, figure, open } from './duckdb_session.mjs';
import { statements } from './sql_statements.mjs';

const args = commandLine({ threads: '1,2', reps: '3', metrics: '' }, ['data'],
  'node duckdb.mjs --data DIR [--metrics CSV] [--threads 1,2] [--reps 3]');

async function timeMs(conn, stmts) {
  const t0 = performance.now();
  for (const s of stmts) await conn.run(s);
  return performance.now() - t0;
}

async function best(conn, stmts, reps) {
  let b = Infinity;
  for (let r = 0; r < reps; ++r) b = Math.min(b, await timeMs(conn, stmts));
  return b;
}

const reps = Number(args.reps);
for (const t of args.threads.split(',').map(Number)) {
  const db = await open(':memory:', t);
  const conn = db.conn;
  figure(`duckdb_version`, (await conn.runAndReadAll('SELECT version()')).getRows()[0][0]);
  const load = statements('duckdb_load.sql', { '@DIR@': args.data });
  for (const [i, name] of ['customers', 'orders', 'visits'].entries()) figure(`duckdb_load_${name}_${t}t_ms`, await timeMs(conn, [load[i]]));
  figure(`duckdb_aggregate_${t}t_ms`, await best(conn, statements('aggregate.sql'), reps));
  figure(`duckdb_quantile_${t}t_ms`, await best(conn, statements('quantile.sql'), reps));
  figure(`duckdb_classify_${t}t_ms`, await best(conn, statements('classify.sql'), reps));
  figure(`duckdb_job_buckets_${t}t`, await bucketCounts(conn, 'SELECT lifecycle, count(*) FROM segmented GROUP BY 1 ORDER BY 1'));
  for (const tbl of ['customers', 'orders', 'visits', 'agg', 'scored', 'segmented']) await conn.run(`DROP TABLE ${tbl}`);
  if (args.metrics) {
    figure(`duckdb_metrics_load_${t}t_ms`, await timeMs(conn, statements('duckdb_metrics_load.sql', { '@CSV@': args.metrics })));
    figure(`duckdb_classify_only_${t}t_ms`, await best(conn, statements('classify_only.sql'), reps));
    figure(`duckdb_classify_only_buckets_${t}t`,
      await bucketCounts(conn, 'SELECT bucket, count(*) FROM classified GROUP BY 1 ORDER BY 1'));
  }
  close(db);
}
