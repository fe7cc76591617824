import type { z } from "zod";

export type FieldErrors = Record<string, string>;

/** Parses a form with a zod schema; the first problem of each field becomes its Chinese error text. */
export function parseForm<S extends z.ZodType>(
  formData: FormData,
  schema: S,
): { ok: true; data: z.infer<S> } | { ok: false; fieldErrors: FieldErrors } {
  const values: Record<string, FormDataEntryValue> = {};
  for (const [key, value] of formData.entries()) values[key] = value;
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fieldErrors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? "form");
    fieldErrors[key] ??= issue.message;
  }
  return { ok: false, fieldErrors };
}

/** Parses URL search params the same way, for list filters. */
export function parseSearch<S extends z.ZodType>(url: URL, schema: S): z.infer<S> | null {
  const parsed = schema.safeParse(Object.fromEntries(url.searchParams));
  return parsed.success ? parsed.data : null;
}
