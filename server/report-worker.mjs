// The export worker thread (kept ready by server.mjs): loads the Remix build and answers
// export jobs from its own read-only connection to DATABASE_PATH (app/export-worker.server.ts,
// startReportWorker). The thread lowers its priority before it loads anything, so even
// compiling the build yields the cores to the main thread (Linux: nice per thread).
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parentPort } from "node:worker_threads";

import { lowerOwnThreadPriority } from "./thread-priority.mjs";

lowerOwnThreadPriority();

const here = path.dirname(fileURLToPath(import.meta.url));
const build = await import(pathToFileURL(path.join(here, "..", "build/index.js")).href);
build.entry.module.startReportWorker(parentPort);
