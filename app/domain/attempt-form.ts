/**
 * The attempt page is one plain HTML form, so it works without JavaScript. These functions
 * name its fields and turn a posted form back into raw responses (validated afterwards
 * by validateResponse, like any other input).
 */
import type { CadreSectionView } from "./attempt-view";

export function fieldName(ref: string, blank?: number): string {
  return blank === undefined ? `q:${ref}` : `q:${ref}:${blank}`;
}

export function shownMarker(ref: string): string {
  return `q:${ref}:shown`;
}

type FormLike = { get(name: string): unknown; getAll(name: string): unknown[] };

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** Raw responses for every question the form carried (an unchosen radio carries nothing). */
export function answersFromForm(form: FormLike, sections: CadreSectionView[]): Array<{ ref: string; response: unknown }> {
  const answers: Array<{ ref: string; response: unknown }> = [];
  for (const section of sections) {
    for (const q of section.questions) {
      const name = fieldName(q.ref);
      switch (q.type) {
        case "single": {
          const v = text(form.get(name));
          if (v !== null && v !== "") answers.push({ ref: q.ref, response: { kind: "single", option: Number(v) } });
          break;
        }
        case "judge": {
          const v = text(form.get(name));
          if (v === "true" || v === "false") answers.push({ ref: q.ref, response: { kind: "judge", value: v === "true" } });
          break;
        }
        case "multiple": {
          // Unticking every box sends nothing, so a marker tells "cleared" from "not in the form".
          if (form.get(shownMarker(q.ref)) === null) break;
          const options = form.getAll(name).map((v) => Number(text(v)));
          answers.push({ ref: q.ref, response: { kind: "multiple", options: [...options].sort((a, b) => a - b) } });
          break;
        }
        case "fill": {
          const fields = Array.from({ length: q.blanks }, (_, i) => text(form.get(fieldName(q.ref, i))));
          if (fields.some((b) => b !== null)) answers.push({ ref: q.ref, response: { kind: "fill", blanks: fields.map((b) => b ?? "") } });
          break;
        }
        case "essay": {
          const v = text(form.get(name));
          if (v !== null) answers.push({ ref: q.ref, response: { kind: "essay", text: v } });
          break;
        }
      }
    }
  }
  return answers;
}
