// The export worker thread (started by server.mjs, on the first report export): loads the
// Remix build and answers export jobs from its own read-only connection to DATABASE_PATH
// (app/export-worker.server.ts, startReportWorker).
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parentPort } from "node:worker_threads";

const here = path.dirname(fileURLToPath(import.meta.url));
const build = await import(pathToFileURL(path.join(here, "..", "build/index.js")).href);
build.entry.module.startReportWorker(parentPort);
