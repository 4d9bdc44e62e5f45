// The JavaScript half of Strata's DuckDB binding. esbuild bundles this file
// with @duckdb/duckdb-wasm and apache-arrow into /duckdb/bridge.js; the Rust
// half (app/src/duckdb.rs) imports it lazily on first use, so the workbench
// loads without it. DuckDB itself runs in its own Web Worker.
//
// Results cross into Rust as one JSON string, so the boundary stays narrow:
// {"columns":[{"name","type"}], "rows":[[cell|null]], "totalRows": n}.

import { AsyncDuckDB, VoidLogger } from '@duckdb/duckdb-wasm';
import { formatter, typeName } from './arrow_format.js';

let starting = null;
let connection = null;

/**
 * Start DuckDB once; later calls share the same start. `onProgress(loaded,
 * total)` reports the download of the DuckDB module in bytes.
 */
export function start(onProgress) {
  if (starting === null) {
    starting = instantiate(onProgress).catch((error) => {
      starting = null; // let the next call try again
      throw error;
    });
  }
  return starting;
}

async function instantiate(onProgress) {
  const worker = new Worker(new URL('./duckdb-browser-eh.worker.js', import.meta.url));
  const db = new AsyncDuckDB(new VoidLogger(), worker);
  try {
    await db.instantiate(new URL('./duckdb-eh.wasm', import.meta.url).href, null, (p) => {
      onProgress(p.bytesLoaded, p.bytesTotal);
    });
    await db.open({});
    connection = await db.connect();
  } catch (error) {
    worker.terminate();
    throw new Error(`DuckDB failed to start: ${messageOf(error)}`);
  }
}

/** Run `sql` and return at most `maxRows` rows as a JSON string. */
export async function query(sql, maxRows) {
  await start(() => {});
  let table;
  try {
    table = await connection.query(sql);
  } catch (error) {
    throw new Error(messageOf(error));
  }
  const fields = table.schema.fields;
  const columns = fields.map((field, j) => ({
    vector: table.getChildAt(j),
    format: formatter(field.type),
  }));
  const n = Math.min(table.numRows, maxRows);
  const rows = new Array(n);
  for (let i = 0; i < n; i++) {
    rows[i] = columns.map(({ vector, format }) => (vector === null ? null : format(vector.get(i))));
  }
  return JSON.stringify({
    columns: fields.map((f) => ({ name: f.name, type: typeName(f.type) })),
    rows,
    totalRows: table.numRows,
  });
}

function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
