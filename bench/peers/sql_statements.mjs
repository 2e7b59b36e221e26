// The statements of one file under bench/peers/sql/, shared by the DuckDB peers: `subst` replaces
// placeholders (e.g. the data directory), statements end at a `;` that ends a line, and comment
// lines are dropped.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export function statements(file, subst = {}) {
  let text = readFileSync(join(here, 'sql', file), 'utf8');
  for (const [k, v] of Object.entries(subst)) text = text.replaceAll(k, v);
  return text.split(/;\s*(?:\n|$)/).map((s) => s.replace(/^\s*--.*$/gm, '').trim()).filter((s) => s.length > 0);
}
