// The workspace in the browser's IndexedDB: one record per design,
// { id, name, text, updated }, and the rows of imported files, { key, text },
// under the checksum the design names them by. Rust calls these through app/src/storage.rs;
// every function rejects with an Error whose name says what failed
// (QuotaExceededError when the browser's storage is full).

const DB_NAME = "strata";
const STORE = "designs";
const DATA = "data";
const VERSION = 2;

let opening = null;

function db() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      if (!("indexedDB" in globalThis)) {
        reject(new Error("this browser has no IndexedDB: designs cannot be kept"));
        return;
      }
      const request = indexedDB.open(DB_NAME, VERSION);
      request.onupgradeneeded = () => {
        const names = request.result.objectStoreNames;
        if (!names.contains(STORE)) request.result.createObjectStore(STORE, { keyPath: "id" });
        if (!names.contains(DATA)) request.result.createObjectStore(DATA, { keyPath: "key" });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error("another tab holds an older Strata open: close it and reload"));
    });
    opening.catch(() => { opening = null; });
  }
  return opening;
}

function run(mode, action, storeName = STORE) {
  return db().then((database) => new Promise((resolve, reject) => {
    const tx = database.transaction(storeName, mode);
    const store = tx.objectStore(storeName);
    let result;
    const request = action(store);
    request.onsuccess = () => { result = request.result; };
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error || request.error);
    tx.onabort = () => reject(tx.error || new Error("the save was aborted"));
  }));
}

/** The designs kept, newest first, as JSON: [{ id, name, updated }]. */
export async function listDesigns() {
  const all = await run("readonly", (s) => s.getAll());
  const rows = (all || [])
    .map((r) => ({ id: String(r.id), name: String(r.name || ""), updated: Number(r.updated || 0) }))
    .sort((a, b) => b.updated - a.updated);
  return JSON.stringify(rows);
}

/** The document text of one design, or null. */
export async function loadDesign(id) {
  const record = await run("readonly", (s) => s.get(id));
  return record ? String(record.text) : null;
}

/** Keeps a design's document text. */
export async function saveDesign(id, name, text) {
  await run("readwrite", (s) => s.put({ id, name, text, updated: Date.now() }));
}

/** Forgets a design. */
export async function deleteDesign(id) {
  await run("readwrite", (s) => s.delete(id));
}

/** Keeps the rows of an imported file under `key`. */
export async function saveData(key, text) {
  await run("readwrite", (s) => s.put({ key, text }), DATA);
}

/** The rows kept under `key`, or null. */
export async function loadData(key) {
  const record = await run("readonly", (s) => s.get(key), DATA);
  return record ? String(record.text) : null;
}

/** The error's name and message, for Rust. */
export function describeError(error) {
  if (error && typeof error === "object") {
    return JSON.stringify({ name: String(error.name || "Error"), message: String(error.message || error) });
  }
  return JSON.stringify({ name: "Error", message: String(error) });
}
