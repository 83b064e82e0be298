// The embedded database's write connection, in a thread of its own (server/db/writer.ts).
// Plain JavaScript: a worker thread starts without the TypeScript loader the server runs under.
// It speaks to libsql, the driver under @libsql/client, directly, so that its few statements are
// prepared once rather than at every batch.
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'libsql';

const { path, timeout, pragmas, checkpointPages, pageSize } = workerData;
const db = new Database(path, { timeout });
for (const pragma of pragmas) db.exec(pragma);
// SQLite would checkpoint inside COMMIT, before the answer could leave: this thread checkpoints
// after answering instead, at the same threshold, before it takes the next batch.
db.exec('PRAGMA wal_autocheckpoint = 0');
const walFrameBytes = 24 + pageSize;

/** The WAL holds recent writes in arrival order: copy them into the file once there are enough. */
function checkpointWhenDue() {
  const walBytes = statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  if (walBytes > checkpointPages * walFrameBytes) db.exec('PRAGMA wal_checkpoint(PASSIVE)');
}

const prepared = new Map();
function statement(sql) {
  let stmt = prepared.get(sql);
  if (!stmt) prepared.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

// BEGIN IMMEDIATE, then COMMIT, or ROLLBACK and rethrow: nothing of a failed batch is written.
const commit = db.transaction((statements) => statements.map(({ sql, args }) => statement(sql).all(args).length)).immediate;

parentPort.on('message', ({ id, statements, close }) => {
  // After every batch sent before it: the connection closes and the thread ends. The server's
  // own connection empties the WAL next (server/db/client.ts, close).
  if (close) {
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ id, counts: commit(statements) });
  } catch (err) {
    // The code and the first line only: a message may quote a statement's parameters.
    parentPort.postMessage({ id, error: { code: err?.code, message: String(err?.message).split('\n')[0] } });
  }
  // A checkpoint that fails (a full disk) leaves the frames in the WAL for the next one.
  try {
    checkpointWhenDue();
  } catch {}
});
