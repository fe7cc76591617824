/** The buttons of one exam's page (/manage/exams/$id), told apart by `intent`. */
import { z } from "zod";

const reason = z.string().trim().max(200, "原因最多 200 字");
const employeeNo = z.string().trim().min(1, "请填写工号").max(40, "工号过长");

export const ExamActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("publish"), confirm: z.literal("yes", { error: "请确认发布" }) }),
    z.object({ intent: z.literal("delete"), confirm: z.literal("yes", { error: "请确认删除草稿" }) }),
    z.object({ intent: z.literal("close"), confirm: z.literal("yes", { error: "请确认提前结束考试" }) }),
    z.object({ intent: z.literal("copy") }),
    z.object({
      intent: z.literal("extend"),
      employeeNo,
      // Checked again by the model, which also refuses an empty reason.
      minutes: z.coerce.number({ error: "请填写延长的分钟数" }).int("延长时间应为整数分钟").min(1, "至少延长 1 分钟").max(600, "最多延长 600 分钟"),
      reason,
    }),
    z.object({ intent: z.literal("makeup"), employeeNo, reason }),
    z.object({ intent: z.literal("end-attempt"), employeeNo, reason }),
    z.object({
      intent: z.literal("reopen"),
      employeeNo,
      minutes: z.coerce.number({ error: "请填写重新开放的分钟数" }).int("时间应为整数分钟").min(1, "至少 1 分钟").max(600, "最多 600 分钟"),
      reason,
    }),
    z.object({ intent: z.literal("add-cadre"), employeeNo, reason }),
  ],
  { error: "未知的操作" },
);
export type ExamAction = z.infer<typeof ExamActionSchema>;
