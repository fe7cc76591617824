// GET /manage/law-study/plan.csv?year=&org=: the year's 学法计划 and its count, audited.
import { planDownload } from "~/utils/law-study-downloads.server";

export const loader = planDownload("csv");
