// Starts the built app for the browser tests on a fresh demo database.
import fs from "node:fs";
import path from "node:path";

import { e2eDatabasePath } from "./paths.mjs";

fs.mkdirSync(path.dirname(e2eDatabasePath), { recursive: true });
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(e2eDatabasePath + suffix, { force: true });
process.env.DATABASE_PATH = e2eDatabasePath;
process.env.KAOXUE_DEMO = "1";
process.env.NODE_ENV = "production";
await import("../../../server.mjs");
