// The export worker thread (kept ready by server.mjs): loads the Remix build and answers
// export jobs from its own read-only connection to DATABASE_PATH (app/export-worker.server.ts,
// startReportWorker). The thread lowers its priority before it loads anything, so even
// compiling the build yields the cores to the main thread (Linux: nice per thread).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parentPort } from "node:worker_threads";

try {
  const tid = Number(fs.readlinkSync("/proc/thread-self").split("/").at(-1));
  os.setPriority(tid, Math.max(os.getPriority(tid), 10)); // EXPORT_NICENESS in app/export-worker.server.ts
} catch {
  // Not Linux: startReportWorker's own attempt does nothing either.
}

const here = path.dirname(fileURLToPath(import.meta.url));
const build = await import(pathToFileURL(path.join(here, "..", "build/index.js")).href);
build.entry.module.startReportWorker(parentPort);
