/** The wrong-answer book as the page shows it: by bank, then by knowledge point (a question's first tag). */
export const UNTAGGED = "未标注知识点";

export type WrongBookLine = { identity: string; bankSlug: string; bankTitle: string; tags: string[] };

export function groupWrongBook<T extends WrongBookLine>(items: readonly T[]) {
  const banks = new Map<string, { bankSlug: string; bankTitle: string; count: number; tags: Map<string, T[]> }>();
  for (const item of items) {
    let bank = banks.get(item.bankSlug);
    if (!bank) banks.set(item.bankSlug, (bank = { bankSlug: item.bankSlug, bankTitle: item.bankTitle, count: 0, tags: new Map() }));
    bank.count++;
    const tag = item.tags[0] ?? UNTAGGED;
    bank.tags.set(tag, [...(bank.tags.get(tag) ?? []), item]);
  }
  return [...banks.values()]
    .sort((a, b) => a.bankSlug.localeCompare(b.bankSlug))
    .map((b) => ({
      bankSlug: b.bankSlug,
      bankTitle: b.bankTitle,
      count: b.count,
      tags: [...b.tags].map(([tag, list]) => ({ tag, items: list })).sort((x, y) => y.items.length - x.items.length || x.tag.localeCompare(y.tag, "zh-CN")),
    }));
}
