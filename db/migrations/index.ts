import type { Migration, MigrationProvider } from "kysely";

import * as m0001 from "./0001-foundation";
import * as m0002 from "./0002-banks";
import * as m0003 from "./0003-exams";
import * as m0004 from "./0004-manual-grades";

/**
 * Every migration, imported explicitly: the server is one bundled file, so a provider
 * that reads the folder at run time would find nothing. Forward-only; append, never edit.
 */
const migrations: Record<string, Migration> = {
  "0001-foundation": m0001,
  "0002-banks": m0002,
  "0003-exams": m0003,
  "0004-manual-grades": m0004,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
