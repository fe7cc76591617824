// GET /manage/law-study/meetings/:meetingId/report.csv: the meeting's 学习情况, audited.
import { meetingReportDownload } from "~/utils/law-study-downloads.server";

export const loader = meetingReportDownload("csv");
