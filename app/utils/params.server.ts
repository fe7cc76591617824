import { z } from "zod";

/** A positive integer id from a route param; null when it is not one (the route answers 404). */
export function idParam(value: string | undefined): number | null {
  const parsed = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).safeParse(value);
  return parsed.success ? parsed.data : null;
}
