/**
 * Normalizes a fill-in answer (and each accepted spelling) before comparing, so that
 * what a cadre types on a phone keyboard — full-width digits, a stray space, a closing
 * 。 — does not cost points. Meaning is never guessed: Chinese numerals are not
 * converted (二 ≠ 2); banks list the variants they accept.
 */

/** Punctuation that may trail an answer without changing it (after NFKC: ．→. ，→, etc.). */
const TRAILING = new Set([..."。.,，;；:：!！?？、…~～·"]);
/** Quotes and brackets around an answer: “森林法”, 「二」, 《森林法》, （一）. */
const OPENING = new Set([..."“‘\"'「『《〈([【〔{"]);
const CLOSING = new Set([..."”’\"'」』》〉)]】〕}"]);

export function normalizeFillAnswer(raw: string): string {
  // NFKC folds full-width Latin, digits and punctuation (and U+3000) to half-width.
  const chars = [
    ...raw
      .normalize("NFKC")
      .replace(/[\s\u200b-\u200d\u2060\ufeff]+/gu, "")
      .toLowerCase(),
  ];
  let start = 0;
  let end = chars.length;
  for (;;) {
    if (start < end && OPENING.has(chars[start])) start++;
    else if (start < end && (TRAILING.has(chars[end - 1]) || CLOSING.has(chars[end - 1]))) end--;
    else break;
  }
  return chars.slice(start, end).join("");
}

export function fillBlankMatches(response: string, accepted: readonly string[]): boolean {
  const given = normalizeFillAnswer(response);
  return given !== "" && accepted.some((a) => normalizeFillAnswer(a) === given);
}
