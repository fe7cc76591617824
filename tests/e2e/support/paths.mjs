import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
/** The database the e2e server uses; made anew for every run. */
export const e2eDatabasePath = path.join(root, "tests/.tmp/e2e.db");
