// DuckDB peer of `seg run bench/peers/job.seg`, end to end in one process: load the three CSVs
// (sql/duckdb_load.sql, every column typed as seg declares it), aggregate, quantile and classify
// (sql/aggregate.sql, quantile.sql, classify.sql), and write one row per customer to --out as
// CSV, as seg run writes its result. bench/load_bench.sh times the whole process (wall and peak
// RSS under /usr/bin/time), so node's start-up counts as seg's does.
//   node duckdb_job.mjs --data DIR --threads T --out FILE
import { close, commandLine, open } from './duckdb_session.mjs';
import { statements } from './sql_statements.mjs';

const args = commandLine({ threads: '1' }, ['data', 'out'], 'node duckdb_job.mjs --data DIR --threads T --out FILE');
const db = await open(':memory:', args.threads);
const conn = db.conn;
for (const file of ['duckdb_load.sql', 'aggregate.sql', 'quantile.sql', 'classify.sql']) {
  for (const s of statements(file, { '@DIR@': args.data })) await conn.run(s);
}
await conn.run(
  `COPY (SELECT s.id, s.lifecycle, c.n_orders, c.recency, c.frequency, c.monetary, c.orders_30d, c.discount_share,
                c.r, c.f, c.m
         FROM segmented s JOIN scored c USING (id)) TO '${args.out.replaceAll("'", "''")}' (HEADER, DELIMITER ',')`);
close(db);
