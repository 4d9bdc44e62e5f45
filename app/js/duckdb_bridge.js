// The JavaScript half of Strata's DuckDB binding. esbuild bundles this file
// with @duckdb/duckdb-wasm and apache-arrow into /duckdb/bridge.js; the Rust
// half (app/src/duckdb.rs) imports it lazily on first use, so the workbench
// loads without it. DuckDB itself runs in its own Web Worker.
//
// Results cross into Rust as one JSON string, so the boundary stays narrow:
// {"columns":[{"name","type"}], "rows":[[cell|null]], "totalRows": n}.
//
// Lifecycle: start() creates the worker and the database with extension
// install and autoload off and a memory limit. The app registers its CSV
// files and loads them, then lock() turns external access off and locks the
// configuration: from then on no SQL can reach a file, the network or a
// setting. Loading other data means restart(): a fresh, unlocked database.
// Every statement runs through send(), so cancel() (or a timeout) can stop
// it; a worker that does not stop is terminated and the caller is told the
// database was restarted.

import { AsyncDuckDB, VoidLogger } from '@duckdb/duckdb-wasm';
import { Table } from 'apache-arrow';
import { formatter, typeName } from './arrow_format.js';

let starting = null;
let db = null;
let worker = null;
let connection = null;
let locked = false;
/** The statement in flight, so cancel() can reach it. */
let running = null;

// DuckDB-wasm can address 4 GB; a 100,000-row-per-table run of retail needs
// more than 512 MB. Past the limit a query fails with DuckDB's out-of-memory
// message instead of taking the tab down.
const MEMORY_LIMIT = '2GB';

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
  const started = performance.now();
  worker = new Worker(new URL('./duckdb-browser-eh.worker.js', import.meta.url));
  db = new AsyncDuckDB(new VoidLogger(), worker);
  try {
    await db.instantiate(new URL('./duckdb-eh.wasm', import.meta.url).href, null, (p) => {
      onProgress(p.bytesLoaded, p.bytesTotal);
    });
    await db.open({});
    connection = await db.connect();
    for (const sql of [
      'SET autoinstall_known_extensions = false',
      'SET autoload_known_extensions = false',
      `SET memory_limit = '${MEMORY_LIMIT}'`,
      // Tables built by CREATE TABLE AS need not keep their input's order;
      // dropping it lets DuckDB stream instead of buffering.
      'SET preserve_insertion_order = false',
    ]) {
      await connection.query(sql);
    }
    locked = false;
  } catch (error) {
    worker.terminate();
    worker = null;
    throw new Error(`DuckDB failed to start: ${messageOf(error)}`);
  }
  return performance.now() - started;
}

/** Drop the database and its worker; the next call starts a fresh one. */
export async function restart() {
  const old = worker;
  starting = null;
  db = null;
  connection = null;
  worker = null;
  running = null;
  locked = false;
  if (old) old.terminate();
}

/** Register CSV text under `name` in DuckDB's file system (before lock()). */
export async function registerText(name, text) {
  await start(() => {});
  if (locked) throw new Error('the database is locked: restart it to load other data');
  await db.registerFileText(name, text);
}

/** Forget registered files (their tables stay). */
export async function dropFiles() {
  if (db) await db.dropFiles();
}

/** Turn external access off and lock the configuration. */
export async function lock() {
  await start(() => {});
  if (locked) return;
  await connection.query('SET enable_external_access = false');
  await connection.query('SET lock_configuration = true');
  locked = true;
}

/** Whether lock() has been applied to the running database. */
export function isLocked() {
  return locked;
}

/** Cancel the statement in flight, if any. */
export async function cancel() {
  if (running && connection) {
    running.cancelled = true;
    try {
      await connection.cancelSent();
    } catch {
      // nothing in flight any more
    }
  }
}

/**
 * Run `sql` with a time limit and return at most `maxRows` rows as a JSON
 * string, with the time DuckDB took. After `timeoutMs` the statement is
 * cancelled; if DuckDB does not stop within two more seconds the worker is
 * terminated and the error says the database was restarted.
 */
export async function query(sql, maxRows, timeoutMs) {
  await start(() => {});
  const started = performance.now();
  const me = { cancelled: false, timedOut: false };
  running = me;
  const conn = connection;
  let timer = null;
  let killer = null;
  const killed = new Promise((_, reject) => {
    timer = setTimeout(() => {
      me.timedOut = true;
      conn.cancelSent().catch(() => {});
      killer = setTimeout(() => {
        restart();
        reject(new Error(`the query ran over ${Math.round(timeoutMs / 1000)} s and did not stop, so DuckDB was restarted; its tables must be built again`));
      }, 2000);
    }, timeoutMs);
  });
  let table;
  try {
    table = await Promise.race([collect(conn, sql), killed]);
  } catch (error) {
    if (me.timedOut && !String(messageOf(error)).includes('restarted')) {
      throw new Error(`the query ran over ${Math.round(timeoutMs / 1000)} s and was cancelled`);
    }
    if (me.cancelled) throw new Error('the query was cancelled');
    throw new Error(messageOf(error));
  } finally {
    clearTimeout(timer);
    clearTimeout(killer);
    if (running === me) running = null;
  }
  const ms = performance.now() - started;
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
    ms,
  });
}

/** Run through send() (cancellable) and gather the batches into a table. */
async function collect(conn, sql) {
  const reader = await conn.send(sql, true);
  const batches = [];
  for await (const batch of reader) batches.push(batch);
  return batches.length ? new Table(batches) : new Table(reader.schema, []);
}

function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
