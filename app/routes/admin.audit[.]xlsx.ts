// GET /admin/audit.xlsx: the filtered audit log as one sheet, audited.
import { auditLogDownload } from "~/utils/audit-export.server";

export const loader = auditLogDownload("xlsx");
