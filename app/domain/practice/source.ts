/** The query string of a practice run (bank, knowledge point, or the wrong-answer book), kept from page to page. */
export type PracticeQuery = { book?: "1"; bank?: string; tag?: string };

export function practiceQueryString(q: PracticeQuery, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (q.book) params.set("book", "1");
  if (q.bank) params.set("bank", q.bank);
  if (q.tag) params.set("tag", q.tag);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : "";
}
