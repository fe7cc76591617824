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

/**
 * `?org=ID` narrows an exam's report, live view and exports to one organization's subtree.
 * Anything that is not an id is refused (the route answers 404), never silently widened.
 */
export const ReportOrgSchema = z.object({
  org: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional()),
});
