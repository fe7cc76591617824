// GET /manage/statistics.csv?year=&org=&table=: one table of the statistics page as CSV; audited.
import { statisticsDownload } from "~/utils/statistics-downloads.server";

export const loader = statisticsDownload("csv");
