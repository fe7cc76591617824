// GET /manage/exams/:examId/report.csv: 成绩明细 as CSV (UTF-8 with BOM), streamed and audited.
import { examReportDownload } from "~/utils/report-downloads.server";

export const loader = examReportDownload("csv");
