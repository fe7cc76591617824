// GET /manage/statistics.xlsx?year=&org=: every table of the statistics page, a sheet each; audited.
import { statisticsDownload } from "~/utils/statistics-downloads.server";

export const loader = statisticsDownload("xlsx");
