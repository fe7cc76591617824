// GET /admin/audit.csv: the filtered audit log as CSV (UTF-8 with BOM), audited.
import { auditLogDownload } from "~/utils/audit-export.server";

export const loader = auditLogDownload("csv");
