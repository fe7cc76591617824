// GET /manage/banks/:slug/versions/:version/export.yaml: the version as a bank file that imports back unchanged.
import { bankExportLoader } from "~/utils/bank-export.server";

export const loader = bankExportLoader("yaml");
