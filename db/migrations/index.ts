import type { Migration, MigrationProvider } from "kysely";

import * as m0001 from "./0001-foundation";

/**
 * Every migration, imported explicitly: the server is one bundled file, so a provider
 * that reads the folder at run time would find nothing. Forward-only; append, never edit.
 */
const migrations: Record<string, Migration> = {
  "0001-foundation": m0001,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
