/**
 * WAL checkpoints off the event loop. SQLite copies the write-ahead log back into the
 * database file (a checkpoint) inside whichever COMMIT crosses the threshold, with an fsync:
 * the saves waiting behind that commit all wait for it. Here the writer never checkpoints
 * (wal_autocheckpoint = 0) and a worker thread with a connection of its own runs a PASSIVE
 * checkpoint every second; PASSIVE never takes a lock a writer or reader needs, and the log
 * is reused from the start once a checkpoint has caught up. Durability is unchanged: a
 * commit is durable in the log (synchronous=FULL) before it is answered. If the worker
 * fails, the writer goes back to checkpointing itself. See docs/decisions/0020-write-path.md.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

import type { Database as SqliteDatabase } from "better-sqlite3";

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
// Below the main thread, as every thread of the server is (server/thread-priority.mjs; Linux only).
try {
  const os = require("node:os");
  const tid = Number(require("node:fs").readlinkSync("/proc/thread-self").split("/").at(-1));
  os.setPriority(tid, Math.max(os.getPriority(tid), workerData.niceness));
} catch {}
const SQLite = require(workerData.sqliteModule);
const db = new SQLite(workerData.file);
db.pragma("busy_timeout = 1000");
const checkpoint = () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    // Busy or locked: the next turn tries again.
    if (!String(error && error.code).startsWith("SQLITE_BUSY")) parentPort.postMessage({ failed: String(error) });
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on("message", (message) => {
  if (message === "stop") {
    clearInterval(timer);
    checkpoint();
    db.close();
    parentPort.close();
  }
});
`;

const DEFAULT_AUTOCHECKPOINT = 1000;
/** The checkpoint thread's nice value: BACKGROUND_NICENESS of server/thread-priority.mjs. */
const CHECKPOINT_NICENESS = 10;

export type BackgroundCheckpoints = { stop: () => Promise<void> };

export function startBackgroundCheckpoints(writer: SqliteDatabase, file: string, everyMs = 1_000): BackgroundCheckpoints {
  if (file === ":memory:") return { stop: async () => {} };
  const sqliteModule = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, everyMs, sqliteModule, niceness: CHECKPOINT_NICENESS } });
  worker.unref();
  writer.pragma("wal_autocheckpoint = 0");
  let running = true;
  const fallBack = (why: unknown) => {
    if (!running) return;
    running = false;
    console.error("后台检查点线程失败，改由写连接自行检查点", why);
    if (writer.open) writer.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`);
  };
  worker.on("message", (message: { failed?: string }) => message.failed && console.error("后台检查点失败", message.failed));
  worker.on("error", fallBack);
  worker.on("exit", (code) => code !== 0 && fallBack(`exit ${code}`));
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        running = false;
        worker.once("exit", () => resolve());
        worker.postMessage("stop");
      }),
  };
}
