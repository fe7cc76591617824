import { z } from "zod";

import { EXAM_KINDS } from "../../db/schema";
import { EXAM_PHASES } from "~/domain/exams/exam-phase";

const blank = (v: unknown) => (v === "" ? undefined : v);

/** A filter value that is not one of the choices is ignored rather than an error. */
export const ExamListFilterSchema = z.object({
  period: z.preprocess(blank, z.string().regex(/^\d{4}-Q[1-4]$/).optional()).catch(undefined),
  kind: z.preprocess(blank, z.enum(EXAM_KINDS).optional()).catch(undefined),
  status: z.preprocess(blank, z.enum(EXAM_PHASES).optional()).catch(undefined),
});
