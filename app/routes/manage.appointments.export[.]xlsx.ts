// GET /manage/appointments/export.xlsx: the board's cases and the year's count, with the page's filters; audited.
import { appointmentBoardDownload } from "~/utils/appointment-downloads.server";

export const loader = appointmentBoardDownload("xlsx");
