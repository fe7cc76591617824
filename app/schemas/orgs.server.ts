/** The organization pages' forms, told apart by `intent`. */
import { z } from "zod";

import { ORG_KINDS } from "../../db/schema";

const name = z.string().max(80, "组织名称最多 40 个字");
const kind = z.enum(ORG_KINDS, { error: "请选择组织类型" });
const parentId = z.coerce.number({ error: "请选择上级组织" }).int("请选择上级组织").positive("请选择上级组织");

export const OrgCreateSchema = z.object({
  intent: z.literal("create"),
  name,
  kind,
  /** Empty = a top-level organization (administrators only; the model checks). */
  parentId: z.preprocess((v) => (v === "" ? null : v), parentId.nullable()),
});

export const OrgActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("rename"), name, kind }),
    z.object({ intent: z.literal("move"), parentId }),
    z.object({ intent: z.literal("deactivate") }),
    z.object({ intent: z.literal("activate") }),
  ],
  { error: "未知的操作" },
);
