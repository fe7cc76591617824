// GET /manage/exams/:examId/report.xlsx: 成绩明细, 单位汇总, 未参考名单 and 试题分析, streamed and audited.
import { examReportDownload } from "~/utils/report-downloads.server";

export const loader = examReportDownload("xlsx");
