import { z } from "zod";

import { STATISTICS_TABLE_KEYS } from "~/domain/statistics/year-tables";

const blank = (v: unknown) => (v === "" ? undefined : v);

/**
 * The statistics page's query: `year` (a year that is not one is ignored, as list filters
 * are), `org` to narrow to one organization (anything but an id is refused: 404), `print`.
 */
export const StatisticsQuerySchema = z.object({
  year: z.preprocess(blank, z.coerce.number().int().min(2000).max(2100).optional()).catch(undefined),
  org: z.preprocess(blank, z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional()),
  print: z.enum(["1"]).optional().catch(undefined),
});

/** Which table a CSV download holds. */
export const StatisticsCsvSchema = z.object({ table: z.enum(STATISTICS_TABLE_KEYS, { error: "没有这张表" }) });

/** The knowledge point whose questions' item analysis is shown. */
export const StatisticsTagSchema = z.object({ tag: z.string().min(1, "请选择知识点").max(40) });
