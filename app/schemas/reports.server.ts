import { z } from "zod";

/** The stored grade of a finished attempt (attempts.grade_detail), as the report reads it. */
export const StoredGradeDetailSchema = z.object({
  perQuestion: z.array(
    z.object({
      ref: z.string(),
      status: z.enum(["correct", "partial", "wrong", "unanswered", "pending"]),
      points: z.number(),
      maxPoints: z.number(),
    }),
  ),
});

export const ExamIdParamSchema = z.coerce.number().int().positive();

/** `?print=1` switches a report page to its A4 print layout. */
export const ReportViewSchema = z.object({ print: z.enum(["1"]).optional() });
