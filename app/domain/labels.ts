/** Chinese labels for stored codes (see the glossary in DESIGN.md); safe to use in the browser. */
import type { OrgKind, Rank, Role } from "../../db/schema";

export const RANK_LABELS: Record<Rank, string> = {
  division: "处级",
  section: "科级",
  staff: "一般干部",
  worker: "职工",
};

export const ROLE_LABELS: Record<Role, string> = {
  cadre: "考生",
  organizer: "组织者",
  admin: "管理员",
};

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  party_committee: "党委",
  general_branch: "党总支",
  branch: "党支部",
  department: "部门",
};
