// DuckDB re-running the main job from its own database file, the peer of `seg run --snapshot`
// (bench/snapshot.sh): the three CSVs are loaded once into DB (sql/duckdb_load.sql, timed as the
// import), then each repetition opens the file, runs the job's steps (sql/aggregate.sql,
// quantile.sql, classify.sql, which write their tables into the file) and closes it. Prints one
// "name value" line per figure.
//   node duckdb_rerun.mjs --data DIR --db FILE [--threads 2] [--reps 3]
import { existsSync, rmSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { statements } from './sql_statements.mjs';

const args = { threads: '2', reps: '3' };
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
if (!args.data || !args.db) {
  console.error('usage: node duckdb_rerun.mjs --data DIR --db FILE [--threads 2] [--reps 3]');
  process.exit(2);
}

async function open() {
  const instance = await DuckDBInstance.create(args.db);
  const conn = await instance.connect();
  await conn.run(`SET threads = ${args.threads}`);
  await conn.run(`SET TimeZone = 'UTC'`);
  await conn.run(`SET preserve_insertion_order = false`);
  return { instance, conn };
}

function close({ instance, conn }) {
  conn.closeSync();
  instance.closeSync();
}

const out = (k, v) => console.log(`${k} ${typeof v === 'number' ? v.toFixed(3) : v}`);
const t = args.threads;
for (const f of [args.db, `${args.db}.wal`]) if (existsSync(f)) rmSync(f);
let t0 = performance.now();
const db = await open();
out('duckdb_version', (await db.conn.runAndReadAll('SELECT version()')).getRows()[0][0]);
for (const s of statements('duckdb_load.sql', { '@DIR@': args.data })) await db.conn.run(s);
await db.conn.run('CHECKPOINT');
close(db);
out(`duckdb_import_${t}t_ms`, performance.now() - t0);

const job = [...statements('aggregate.sql'), ...statements('quantile.sql'), ...statements('classify.sql')];
let best = Infinity;
let buckets = '';
for (let r = 0; r < Number(args.reps); ++r) {
  t0 = performance.now();
  const run = await open();
  for (const s of job) await run.conn.run(s);
  await run.conn.run('CHECKPOINT');
  const ms = performance.now() - t0;
  best = Math.min(best, ms);
  const rows = (await run.conn.runAndReadAll('SELECT lifecycle, count(*) FROM segmented GROUP BY 1 ORDER BY 1')).getRows();
  buckets = rows.map(([b, n]) => `${b.replaceAll(' ', '_')}=${n}`).join(',');
  for (const tbl of ['agg', 'scored', 'segmented']) await run.conn.run(`DROP TABLE ${tbl}`);
  close(run);
}
out(`duckdb_rerun_${t}t_ms`, best);
out(`duckdb_rerun_buckets_${t}t`, buckets);
