/**
 * The official regulation texts live beside the project (../shared/regulations), never inside it.
 * A fresh clone elsewhere has no such folder: tests that read it skip, saying which folder is missing.
 */
import fs from "node:fs";
import path from "node:path";

export const OFFICIAL_TEXTS = path.resolve(import.meta.dirname, "../../../shared/regulations");
export const hasOfficialTexts = fs.existsSync(OFFICIAL_TEXTS);

/** Appended to the title of each test that needs the folder, so the skip says why. */
export const officialTextsNote = hasOfficialTexts ? "" : ` (skipped: official texts folder ${OFFICIAL_TEXTS} not found)`;

if (!hasOfficialTexts) console.warn(`Official texts folder ${OFFICIAL_TEXTS} (../shared/regulations) not found: tests that read it are skipped.`);
