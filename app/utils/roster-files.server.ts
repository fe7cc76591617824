import { RANK_BY_LABEL, TEMPLATE_COLUMNS } from "~/domain/roster";
import type { HandoutRow } from "~/models/handouts.server";

import { toCsv } from "./csv";
import { tableToXlsx } from "./spreadsheet.server";

const NOTES = [
  ["填写说明"],
  ["1. 在“花名册”工作表第 2 行起每行填写一名干部，不要修改表头。"],
  ["2. 工号：字母、数字、- 或 _，全局唯一。新增干部时不能与系统中已有工号重复；上传时勾选“更新已有干部”，则已有工号的组织、职级等以文件为准（先预览再确认）。"],
  ["3. 组织：填写组织架构中的完整名称，例如“东方红林场党支部”。"],
  [`4. 职级：${Object.keys(RANK_BY_LABEL).join("、")}。`],
  ["5. 领导干部、党员：填“是”或“否”；党员留空按“是”处理。"],
  ["6. 文件中任何一行有错误时，整个文件都不会导入；请按提示修改后重新上传。"],
  ["7. 导入成功后，系统生成随机初始密码，只提供一次下载；干部首次登录须修改密码。"],
  ["8. 出生日期可以不填，格式如 1975-03-08；任前考试按任用决定之日的年龄确定是否开卷。"],
];

export function rosterTemplateXlsx(exampleOrg: string): Promise<Uint8Array<ArrayBuffer>> {
  return tableToXlsx([
    { name: "花名册", rows: [[...TEMPLATE_COLUMNS]], widths: [12, 10, 24, 10, 10, 8, 12] },
    {
      name: "填写说明",
      rows: [...NOTES, [], ["示例（不要填在这里）"], [...TEMPLATE_COLUMNS], ["T1001", "张三", exampleOrg, "一般干部", "否", "是", "1985-06-18"]],
      widths: [80],
    },
  ]);
}

export function rosterTemplateCsv(): string {
  return toCsv([[...TEMPLATE_COLUMNS]]);
}

export function handoutXlsx(rows: HandoutRow[]): Promise<Uint8Array<ArrayBuffer>> {
  return tableToXlsx([
    {
      name: "初始密码",
      rows: [["工号", "姓名", "组织", "初始密码"], ...rows.map((r) => [r.employeeNo, r.name, r.orgName, r.password])],
      widths: [12, 10, 24, 16],
    },
  ]);
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export function attachment(fileName: string): string {
  return `attachment; filename="download"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
