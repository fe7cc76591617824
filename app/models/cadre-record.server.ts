/**
 * The registry of the cadre's long-term file. Each area adds its section source here; the
 * organizer's /manage/cadres/:id/record page, the cadre's 成绩档案, the print view and the
 * .xlsx export all go through loadCadreRecord, so they always show the same sections.
 * The caller checks that the viewer may see this cadre.
 */
import type { DB } from "../../db/client";
import type { RecordContext, RecordSection } from "~/domain/cadre-record";

import { appointmentsRecordSection } from "./appointment-board.server";
import { complianceSection, examsSection, masterySection, practiceSection } from "./record-sections.server";
import { lawStudySection } from "./law-completion.server";

export type RecordSectionSource = (db: DB, context: RecordContext) => Promise<RecordSection>;

/** In the order the file shows them. */
const SECTION_SOURCES: RecordSectionSource[] = [
  examsSection,
  complianceSection,
  masterySection,
  practiceSection,
  appointmentsRecordSection,
  lawStudySection,
];

export async function loadCadreRecord(db: DB, context: RecordContext): Promise<RecordSection[]> {
  const sections: RecordSection[] = [];
  for (const source of SECTION_SOURCES) sections.push(await source(db, context));
  return sections;
}
