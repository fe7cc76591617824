/** Chinese numerals as they number articles and chapters: 一, 十, 十九, 一百零七, 二百三十, 一千〇一. Browser-safe. */

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

export const NUMERAL_CHARS = "零〇一二三四五六七八九十百千两";

/** The value of a Chinese numeral below ten thousand; null when it is not one. */
export function chineseNumeralValue(text: string): number | null {
  if (!text) return null;
  let total = 0;
  let digit: number | null = null;
  let lastUnit = Infinity;
  for (const ch of text) {
    if (ch in DIGITS) {
      if (digit !== null && digit !== 0 && DIGITS[ch] !== 0) return null;
      digit = DIGITS[ch];
    } else if (ch in UNITS) {
      const unit = UNITS[ch];
      if (unit >= lastUnit) return null;
      // 十九 = 19: a unit without a digit before it counts once.
      total += (digit === null ? 1 : digit) * unit;
      digit = null;
      lastUnit = unit;
    } else {
      return null;
    }
  }
  return total + (digit ?? 0);
}

const SMALL = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** 107 → 一百零七, 19 → 十九, 20 → 二十 (the way official texts write them). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 10000) throw new RangeError(`no numeral for ${n}`);
  if (n < 10) return SMALL[n];
  const parts: Array<[number, string]> = [
    [Math.floor(n / 1000) % 10, "千"],
    [Math.floor(n / 100) % 10, "百"],
    [Math.floor(n / 10) % 10, "十"],
    [n % 10, ""],
  ];
  let out = "";
  let pendingZero = false;
  for (const [d, unit] of parts) {
    if (d === 0) {
      if (out) pendingZero = true;
      continue;
    }
    if (pendingZero) out += "零";
    pendingZero = false;
    out += unit === "十" && d === 1 && !out ? "十" : SMALL[d] + unit;
  }
  return out;
}
