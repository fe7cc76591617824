import { z } from "zod";

export const GradeSchema = z.object({
  attemptId: z.coerce.number().int().positive(),
  ref: z.string().regex(/^\d+:\d+$/),
  points: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number({ error: "请填写得分（数字）" })),
  comment: z.string().max(500, "评语最多 500 字").optional(),
  reason: z.string().max(500, "原因最多 500 字").optional(),
});
