// Starts the built app for the browser tests on a fresh demo database.
import fs from "node:fs";
import path from "node:path";

import { e2eDatabasePath, root } from "./paths.mjs";

fs.mkdirSync(path.dirname(e2eDatabasePath), { recursive: true });
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(e2eDatabasePath + suffix, { force: true });
process.env.DATABASE_PATH = e2eDatabasePath;
process.env.KAOXUE_DEMO = "1";
// The regulation library is filled from the official texts beside the project (never copied into it), when they are there.
const officialTexts = path.resolve(root, "../shared/regulations");
if (!process.env.KAOXUE_REGULATIONS_DIR) {
  if (fs.existsSync(officialTexts)) process.env.KAOXUE_REGULATIONS_DIR = officialTexts;
  else console.warn(`Official texts folder ${officialTexts} (../shared/regulations) not found: the e2e regulation library holds only what the demo seeds; tests that need the texts skip.`);
}
process.env.NODE_ENV = "production";
await import("../../../server.mjs");
