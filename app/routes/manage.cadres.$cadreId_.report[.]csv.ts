// GET /manage/cadres/:cadreId/report.csv: one cadre's exam record as CSV (UTF-8 with BOM), audited.
import { cadreReportDownload } from "~/utils/report-downloads.server";

export const loader = cadreReportDownload("csv");
