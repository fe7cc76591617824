/** RFC 4180 CSV, UTF-8. Reading strips a BOM; writing adds one so Excel/WPS open Chinese correctly. */

export function parseCsv(text: string): string[][] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && input[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * A cell that a spreadsheet would read as a formula (= + - @, or a leading tab/CR) gets a
 * leading apostrophe, so it is shown as text and nothing runs.
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "number" ? String(value) : neutralizeFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV lines, each ending in CRLF, without the BOM (for a file written in chunks). */
export function csvLines(rows: Array<Array<string | number | null | undefined>>): string {
  return rows.map((r) => r.map(csvField).join(",") + "\r\n").join("");
}

export function toCsv(rows: Array<Array<string | number | null | undefined>>): string {
  return "\uFEFF" + csvLines(rows);
}
