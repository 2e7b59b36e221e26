// What the DuckDB peers share besides their SQL (sql_statements.mjs): the command line, a session
// set up the same way in each (T threads, UTC, no insertion order kept: seg keeps none either),
// and the "name value" lines they print.
import { DuckDBInstance } from '@duckdb/node-api';

// The `--name value` pairs of the command line over `defaults`; prints `usage` and exits with
// status 2 when one of `required` is not given.
export function commandLine(defaults, required = [], usage = '') {
  const args = { ...defaults };
  for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
  if (required.some((name) => !args[name])) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  return args;
}

// A connection to the database file `path` (':memory:': none) running on `threads` threads.
export async function open(path, threads) {
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  await conn.run(`SET threads = ${threads}`);
  await conn.run(`SET TimeZone = 'UTC'`);
  await conn.run(`SET preserve_insertion_order = false`);
  return { instance, conn };
}

export function close({ instance, conn }) {
  conn.closeSync();
  instance.closeSync();
}

// One figure as a "name value" line (milliseconds with three decimals).
export function figure(name, value) {
  console.log(`${name} ${typeof value === 'number' ? value.toFixed(3) : value}`);
}

// How many rows of each bucket a `SELECT bucket, count(*) ... ORDER BY 1` query counts, as
// "Name_with_underscores=N,..." (the check that the peers classify as seg does).
export async function bucketCounts(conn, query) {
  const rows = (await conn.runAndReadAll(query)).getRows();
  return rows.map(([b, n]) => `${b.replaceAll(' ', '_')}=${n}`).join(',');
}
