// Thread priorities of the server process (Linux: every thread has a nice value of its own,
// and setpriority() with a thread id changes just that thread; elsewhere these do nothing).
//
// The main thread answers saves and pages; everything a cadre waits for runs on it. Every
// other thread runs below it, so that none of them can take a core from it on a two-core
// machine: the export thread (server/report-worker.mjs), the checkpoint thread
// (db/checkpoints.ts), and the helper threads the process has when the server starts,
// lowered by lowerHelperThreadsPriority. Those are V8's platform workers, which do the
// concurrent compilation and garbage collection of every isolate (the export thread's too:
// during an export of 10,000 attempts they were busy 100-170 ms each, at the main thread's
// priority), Node's other few start-up threads, and libuv's pool (file reads, zlib for
// compressed pages, argon2 for logins). ADR 0020, 2026-12-06.
import fs from "node:fs";
import os from "node:os";

/** How much lower than the main thread the export thread and the helper threads run (nice, 0–19). */
export const BACKGROUND_NICENESS = 10;

function lower(tid, niceness) {
  os.setPriority(tid, Math.max(os.getPriority(tid), niceness));
}

/** Lowers the calling thread alone. False where threads have no nice value of their own. */
export function lowerOwnThreadPriority(niceness = BACKGROUND_NICENESS) {
  try {
    const tid = Number(fs.readlinkSync("/proc/thread-self").split("/").at(-1));
    if (!Number.isInteger(tid) || tid <= 0) return false;
    lower(tid, niceness);
    return true;
  } catch {
    return false;
  }
}

/**
 * Lowers every thread of the process but the main one, as it is when called: call it first
 * thing, before the process starts threads of its own. libuv's pool is started first (its
 * threads start with the first piece of work queued to it), so that its threads are always
 * among them. Returns the thread ids lowered.
 */
export function lowerHelperThreadsPriority(niceness = BACKGROUND_NICENESS) {
  fs.access(".", () => {});
  let tids;
  try {
    tids = fs.readdirSync("/proc/self/task").map(Number);
  } catch {
    return [];
  }
  const lowered = [];
  for (const tid of tids) {
    if (tid === process.pid) continue;
    try {
      lower(tid, niceness);
      lowered.push(tid);
    } catch {
      // A thread that ended meanwhile.
    }
  }
  return lowered;
}
