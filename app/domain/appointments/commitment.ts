/** Signing the 廉政承诺书: the typed name must be the cadre's own. Browser-safe, pure. */

/** Full-width letters become half-width, and spaces (also 　) do not count: 王 林 and 王林 are the same name. */
export function normalizeTypedName(value: string): string {
  return value.normalize("NFKC").replace(/\s+/g, "");
}

export function typedNameMatches(typed: string, name: string): boolean {
  const t = normalizeTypedName(typed);
  return t !== "" && t === normalizeTypedName(name);
}

/** The talk form has this many rows for 谈话人 (it works without JavaScript). */
export const TALKER_ROWS = 4;

/** 谈话人: one person a line, as 姓名 or 姓名（职务） / 姓名 职务. */
export type Talker = { name: string; post: string };

export function formatTalkers(talkers: readonly Talker[]): string {
  return talkers.map((t) => (t.post ? `${t.name}（${t.post}）` : t.name)).join("、");
}
