/**
 * Roster rows → cadres, pure. A roster is a table whose first row names the columns
 * (the template's Chinese headers); every problem is reported with its row number as
 * the person sees it in the spreadsheet (the header is row 1).
 */
import type { Rank } from "../../db/schema";

export const ROSTER_COLUMNS = ["工号", "姓名", "组织", "职级", "领导干部", "党员"] as const;
/** Columns a roster may have; a file without them is still read. */
export const OPTIONAL_ROSTER_COLUMNS = ["出生日期"] as const;
/** The template's header: the required columns, then the optional ones. */
export const TEMPLATE_COLUMNS = [...ROSTER_COLUMNS, ...OPTIONAL_ROSTER_COLUMNS] as const;
export type RosterColumn = (typeof TEMPLATE_COLUMNS)[number];

export const RANK_BY_LABEL: Record<string, Rank> = {
  处级: "division",
  科级: "section",
  一般干部: "staff",
  职工: "worker",
};

export type RosterCadre = {
  row: number;
  employeeNo: string;
  name: string;
  orgId: number;
  orgName: string;
  rank: Rank;
  isLeader: boolean;
  isPartyMember: boolean;
  /** YYYY-MM-DD; absent when the column is missing or the cell empty. */
  birthDate?: string;
};

export type RosterError = { row: number; column: RosterColumn | null; code: RosterErrorCode; message: string };

export type RosterErrorCode =
  | "missing_column"
  | "empty_file"
  | "too_many_rows"
  | "missing_employee_no"
  | "bad_employee_no"
  | "duplicate_in_file"
  | "exists_in_database"
  | "exists_out_of_scope"
  | "not_manageable"
  | "missing_name"
  | "name_too_long"
  | "unknown_org"
  | "org_out_of_scope"
  | "org_inactive"
  | "bad_rank"
  | "bad_flag"
  | "bad_birth_date";

export const MAX_ROSTER_ROWS = 5000;

const YES = new Set(["是", "Y", "YES", "TRUE", "1", "√"]);
const NO = new Set(["否", "N", "NO", "FALSE", "0", "", "×"]);

function clean(value: string | undefined): string {
  return (value ?? "").normalize("NFKC").replace(/\s+/g, " ").trim();
}

const BIRTH_DATE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$|^(\d{4})(\d{2})(\d{2})$/;

/** 1975-03-08, 1975/3/8, 1975.3.8, 1975年3月8日 or 19750308 → 1975-03-08; null when it is not a real date from 1900 to `today`. */
export function parseBirthDate(value: string, today: string): string | null {
  const m = BIRTH_DATE.exec(value);
  if (!m) return null;
  const [year, month, day] = (m[1] ? m.slice(1, 4) : m.slice(4, 7)).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  const iso = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  return iso <= today ? iso : null;
}

function parseFlag(value: string): boolean | null {
  const v = value.toUpperCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return null;
}

export type RosterContext = {
  /** Orgs the importer may place cadres in, by exact name. */
  orgsInScope: Map<string, number>;
  /** Names of orgs that exist but are outside the importer's scope. */
  orgsOutOfScope: Set<string>;
  /** Names of deactivated orgs in the scope: nobody new goes there. */
  orgsInactive?: Set<string>;
  /** 工号 already taken in the database. */
  existingEmployeeNos: Set<string>;
  /** YYYY-MM-DD in the bureau's zone: no one is born after it. */
  today?: string;
};

export function validateRoster(
  table: string[][],
  context: RosterContext,
): { ok: true; cadres: RosterCadre[] } | { ok: false; errors: RosterError[] } {
  const [header, ...body] = table;
  if (!header) return { ok: false, errors: [{ row: 1, column: null, code: "empty_file", message: "文件是空的，没有表头" }] };
  const headerNames = header.map(clean);
  const index = new Map<RosterColumn, number>();
  const errors: RosterError[] = [];
  for (const column of ROSTER_COLUMNS) {
    const at = headerNames.indexOf(column);
    if (at === -1) {
      errors.push({ row: 1, column, code: "missing_column", message: `表头缺少“${column}”列，请使用模板` });
    } else index.set(column, at);
  }
  for (const column of OPTIONAL_ROSTER_COLUMNS) {
    const at = headerNames.indexOf(column);
    if (at !== -1) index.set(column, at);
  }
  if (errors.length) return { ok: false, errors };

  const rows = body
    .map((cells, i) => ({ cells, row: i + 2 }))
    .filter(({ cells }) => cells.some((c) => clean(c) !== ""));
  if (rows.length === 0) return { ok: false, errors: [{ row: 2, column: null, code: "empty_file", message: "文件中没有数据行" }] };
  if (rows.length > MAX_ROSTER_ROWS) {
    return { ok: false, errors: [{ row: MAX_ROSTER_ROWS + 2, column: null, code: "too_many_rows", message: `一次最多导入 ${MAX_ROSTER_ROWS} 行，请分批导入` }] };
  }

  const seen = new Map<string, number>();
  const cadres: RosterCadre[] = [];
  for (const { cells, row } of rows) {
    const get = (column: RosterColumn) => (index.has(column) ? clean(cells[index.get(column)!]) : "");
    const fail = (column: RosterColumn, code: RosterErrorCode, message: string) =>
      errors.push({ row, column, code, message });
    const before = errors.length;

    const employeeNo = get("工号").toUpperCase();
    if (!employeeNo) fail("工号", "missing_employee_no", "工号为空");
    else if (!/^[A-Z0-9_-]{1,32}$/.test(employeeNo)) fail("工号", "bad_employee_no", `工号“${employeeNo}”只能包含字母、数字、- 和 _，最长 32 位`);
    else if (seen.has(employeeNo)) fail("工号", "duplicate_in_file", `工号 ${employeeNo} 与第 ${seen.get(employeeNo)} 行重复`);
    else if (context.existingEmployeeNos.has(employeeNo)) fail("工号", "exists_in_database", `工号 ${employeeNo} 已存在于系统中`);
    if (employeeNo && !seen.has(employeeNo)) seen.set(employeeNo, row);

    const name = get("姓名");
    if (!name) fail("姓名", "missing_name", "姓名为空");
    else if (name.length > 40) fail("姓名", "name_too_long", "姓名超过 40 个字");

    const orgName = get("组织");
    const orgId = context.orgsInScope.get(orgName);
    if (orgId === undefined) {
      if (context.orgsInactive?.has(orgName)) fail("组织", "org_inactive", `组织“${orgName}”已停用`);
      else if (context.orgsOutOfScope.has(orgName)) fail("组织", "org_out_of_scope", `组织“${orgName}”不在您的管理范围内`);
      else fail("组织", "unknown_org", orgName ? `找不到组织“${orgName}”` : "组织为空");
    }

    const rankLabel = get("职级");
    const rank = RANK_BY_LABEL[rankLabel];
    if (!rank) fail("职级", "bad_rank", `职级“${rankLabel}”无效，应为：${Object.keys(RANK_BY_LABEL).join("、")}`);

    const isLeader = parseFlag(get("领导干部"));
    if (isLeader === null) fail("领导干部", "bad_flag", `领导干部应填“是”或“否”，而不是“${get("领导干部")}”`);
    const isPartyMember = parseFlag(get("党员") || "是");
    if (isPartyMember === null) fail("党员", "bad_flag", `党员应填“是”或“否”，而不是“${get("党员")}”`);
    const birthText = get("出生日期");
    const birthDate = birthText ? parseBirthDate(birthText, context.today ?? "9999-12-31") : null;
    if (birthText && !birthDate) fail("出生日期", "bad_birth_date", `出生日期“${birthText}”无效，应为 1975-03-08 这样的日期，可以不填`);

    if (errors.length === before) {
      cadres.push({
        row,
        employeeNo,
        name,
        orgId: orgId!,
        orgName,
        rank: rank!,
        isLeader: isLeader!,
        isPartyMember: isPartyMember!,
        ...(birthDate ? { birthDate } : {}),
      });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, cadres };
}
