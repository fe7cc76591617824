import type { Migration, MigrationProvider } from "kysely";

import * as m0001 from "./0001-foundation";
import * as m0002 from "./0002-banks";
import * as m0003 from "./0003-exams";
import * as m0004 from "./0004-manual-grades";
import * as m0005 from "./0005-attempt-storage";
import * as m0006 from "./0006-org-maintenance";
import * as m0006b from "./0006-roster-previews";
import * as m0009 from "./0009-law-study";
import * as m0007 from "./0007-practice";
import * as m0010 from "./0010-login-addresses";
import * as m0008 from "./0008-appointments";
import * as m0011 from "./0011-attempt-save-id";
import * as m0012 from "./0012-attempt-views";
import * as m0013 from "./0013-attempt-items-no-question-index";

/**
 * Every migration, imported explicitly: the server is one bundled file, so a provider
 * that reads the folder at run time would find nothing. Forward-only; append, never edit. Names must be unique; work
 * developed side by side may land in any order (allowUnorderedMigrations in db/client.ts).
 */
const migrations: Record<string, Migration> = {
  "0001-foundation": m0001,
  "0002-banks": m0002,
  "0003-exams": m0003,
  "0004-manual-grades": m0004,
  "0005-attempt-storage": m0005,
  "0006-org-maintenance": m0006,
  "0006-roster-previews": m0006b,
  "0009-law-study": m0009,
  "0007-practice": m0007,
  "0010-login-addresses": m0010,
  "0008-appointments": m0008,
  "0011-attempt-save-id": m0011,
  "0012-attempt-views": m0012,
  "0013-attempt-items-no-question-index": m0013,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
