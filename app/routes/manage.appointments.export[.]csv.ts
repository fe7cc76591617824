// GET /manage/appointments/export.csv: the board's cases with the page's filters (UTF-8 with BOM); audited.
import { appointmentBoardDownload } from "~/utils/appointment-downloads.server";

export const loader = appointmentBoardDownload("csv");
