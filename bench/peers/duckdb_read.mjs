// DuckDB's CSV reader alone: loads the three CSVs of a data directory (sql/duckdb_load.sql, every
// column typed as seg declares it) with `SET threads = T` and prints "name value" lines with the
// milliseconds of each file, wall and CPU. Used by bench/load_bench.sh.
//   node duckdb_read.mjs --data DIR --threads T
import { close, commandLine, figure, open } from './duckdb_session.mjs';
import { statements } from './sql_statements.mjs';

const args = commandLine({ threads: '1' }, ['data'], 'node duckdb_read.mjs --data DIR --threads T');
const load = statements('duckdb_load.sql', { '@DIR@': args.data });
const db = await open(':memory:', args.threads);
for (const [i, name] of ['customers', 'orders', 'visits'].entries()) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();  // the whole process, DuckDB's threads included
  await db.conn.run(load[i]);
  figure(`duckdb_load_${name}_ms`, performance.now() - t0);
  const cpu = process.cpuUsage(cpu0);
  figure(`duckdb_load_${name}_cpu_ms`, (cpu.user + cpu.system) / 1000);
}
close(db);
