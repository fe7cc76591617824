import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
/**
 * The database the e2e server uses; made anew for every run. E2E_DATABASE_PATH (with
 * E2E_PORT) lets two runs on one machine keep out of each other's way.
 */
export const e2eDatabasePath = process.env.E2E_DATABASE_PATH ?? path.join(root, "tests/.tmp/e2e.db");
