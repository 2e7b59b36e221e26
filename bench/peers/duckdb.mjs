// DuckDB peer: times the main job's steps (sql/duckdb_load.sql, aggregate.sql, quantile.sql,
// classify.sql) and the 10M-row classify-only query (sql/classify_only.sql) in an in-memory
// database with `SET threads = T`, and prints one "name value" line per figure.
//   node duckdb.mjs --data DIR [--metrics CSV] [--threads 1,2] [--reps 3]
// Load steps run once per thread count; the other steps are the best of --reps (each rebuilds
// its table with DROP + CREATE TABLE AS, so the result is materialised like seg's columns).
import { DuckDBInstance } from '@duckdb/node-api';
import { statements } from './sql_statements.mjs';

const args = { threads: '1,2', reps: '3', metrics: '' };
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
if (!args.data) {
  console.error('usage: node duckdb.mjs --data DIR [--metrics CSV] [--threads 1,2] [--reps 3]');
  process.exit(2);
}

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
const out = (k, v) => console.log(`${k} ${typeof v === 'number' ? v.toFixed(3) : v}`);
for (const t of args.threads.split(',').map(Number)) {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(`SET threads = ${t}`);
  await conn.run(`SET TimeZone = 'UTC'`);
  await conn.run(`SET preserve_insertion_order = false`);
  out(`duckdb_version`, (await conn.runAndReadAll('SELECT version()')).getRows()[0][0]);
  const load = statements('duckdb_load.sql', { '@DIR@': args.data });
  for (const [i, name] of ['customers', 'orders', 'visits'].entries()) out(`duckdb_load_${name}_${t}t_ms`, await timeMs(conn, [load[i]]));
  out(`duckdb_aggregate_${t}t_ms`, await best(conn, statements('aggregate.sql'), reps));
  out(`duckdb_quantile_${t}t_ms`, await best(conn, statements('quantile.sql'), reps));
  out(`duckdb_classify_${t}t_ms`, await best(conn, statements('classify.sql'), reps));
  const counts = (await conn.runAndReadAll('SELECT lifecycle, count(*) FROM segmented GROUP BY 1 ORDER BY 1')).getRows();
  out(`duckdb_job_buckets_${t}t`, counts.map(([b, n]) => `${b.replaceAll(' ', '_')}=${n}`).join(','));
  for (const tbl of ['customers', 'orders', 'visits', 'agg', 'scored', 'segmented']) await conn.run(`DROP TABLE ${tbl}`);
  if (args.metrics) {
    out(`duckdb_metrics_load_${t}t_ms`, await timeMs(conn, statements('duckdb_metrics_load.sql', { '@CSV@': args.metrics })));
    out(`duckdb_classify_only_${t}t_ms`, await best(conn, statements('classify_only.sql'), reps));
    const c = (await conn.runAndReadAll('SELECT bucket, count(*) FROM classified GROUP BY 1 ORDER BY 1')).getRows();
    out(`duckdb_classify_only_buckets_${t}t`, c.map(([b, n]) => `${b.replaceAll(' ', '_')}=${n}`).join(','));
  }
  conn.closeSync();
  instance.closeSync();
}
