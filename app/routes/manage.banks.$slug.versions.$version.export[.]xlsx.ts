// GET /manage/banks/:slug/versions/:version/export.xlsx: the version in the Excel template, ready to edit and upload.
import { bankExportLoader } from "~/utils/bank-export.server";

export const loader = bankExportLoader("xlsx");
