// DuckDB re-running the main job from its own database file, the peer of `seg run --snapshot`
// (bench/snapshot.sh): the three CSVs are loaded once into DB (sql/duckdb_load.sql, timed as the
// import), then each repetition opens the file, runs the job's steps (sql/aggregate.sql,
// quantile.sql, classify.sql, which write their tables into the file) and closes it. Prints one
// "name value" line per figure.
//   node duckdb_rerun.mjs --data DIR --db FILE [--threads 2] [--reps 3]
import { existsSync, rmSync } from 'node:fs';
import { bucketCounts, close, commandLine, figure, open } from './duckdb_session.mjs';
import { statements } from './sql_statements.mjs';

const args = commandLine({ threads: '2', reps: '3' }, ['data', 'db'],
  'node duckdb_rerun.mjs --data DIR --db FILE [--threads 2] [--reps 3]');
const t = args.threads;
for (const f of [args.db, `${args.db}.wal`]) if (existsSync(f)) rmSync(f);
let t0 = performance.now();
const db = await open(args.db, t);
figure('duckdb_version', (await db.conn.runAndReadAll('SELECT version()')).getRows()[0][0]);
for (const s of statements('duckdb_load.sql', { '@DIR@': args.data })) await db.conn.run(s);
await db.conn.run('CHECKPOINT');
close(db);
figure(`duckdb_import_${t}t_ms`, performance.now() - t0);

const job = [...statements('aggregate.sql'), ...statements('quantile.sql'), ...statements('classify.sql')];
let best = Infinity;
let buckets = '';
for (let r = 0; r < Number(args.reps); ++r) {
  t0 = performance.now();
  const run = await open(args.db, t);
  for (const s of job) await run.conn.run(s);
  await run.conn.run('CHECKPOINT');
  const ms = performance.now() - t0;
  best = Math.min(best, ms);
  buckets = await bucketCounts(run.conn, 'SELECT lifecycle, count(*) FROM segmented GROUP BY 1 ORDER BY 1');
  for (const tbl of ['agg', 'scored', 'segmented']) await run.conn.run(`DROP TABLE ${tbl}`);
  close(run);
}
figure(`duckdb_rerun_${t}t_ms`, best);
figure(`duckdb_rerun_buckets_${t}t`, buckets);
