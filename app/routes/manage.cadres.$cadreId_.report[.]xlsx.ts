// GET /manage/cadres/:cadreId/report.xlsx: one cadre's exam record and quarterly trend, audited.
import { cadreReportDownload } from "~/utils/report-downloads.server";

export const loader = cadreReportDownload("xlsx");
