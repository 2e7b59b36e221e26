// DuckDB's CSV reader alone: loads the three CSVs of a data directory (sql/duckdb_load.sql, every
// column typed as seg declares it) with `SET threads = T` and prints "name value" lines with the
// milliseconds of each file, wall and CPU. Used by bench/load_bench.sh.
//   node duckdb_read.mjs --data DIR --threads T
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const here = dirname(fileURLToPath(import.meta.url));
const args = { threads: '1' };
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const text = readFileSync(join(here, 'sql', 'duckdb_load.sql'), 'utf8').replaceAll('@DIR@', args.data);
const load = text.split(/;\s*(?:\n|$)/).map((s) => s.replace(/^\s*--.*$/gm, '').trim()).filter((s) => s.length > 0);
const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
await conn.run(`SET threads = ${args.threads}`);
await conn.run(`SET TimeZone = 'UTC'`);
await conn.run(`SET preserve_insertion_order = false`);
for (const [i, name] of ['customers', 'orders', 'visits'].entries()) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();  // the whole process, DuckDB's threads included
  await conn.run(load[i]);
  console.log(`duckdb_load_${name}_ms ${(performance.now() - t0).toFixed(3)}`);
  const cpu = process.cpuUsage(cpu0);
  console.log(`duckdb_load_${name}_cpu_ms ${((cpu.user + cpu.system) / 1000).toFixed(3)}`);
}
conn.closeSync();
instance.closeSync();
