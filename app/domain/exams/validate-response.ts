/**
 * Checks a response from the browser against the frozen question before it is stored.
 * The HTTP layer passes tampered or stale input through here, so anything it accepts
 * can be graded without further checks (invariant 9: bad input changes nothing).
 */
import { normalizeFillAnswer } from "./fill-normalize";
import { QUESTION_TYPE_LABELS } from "./question-type-labels";
import type { FrozenQuestion, Response } from "./types";

export const MAX_ESSAY_CHARS = 5000;
export const MAX_BLANK_CHARS = 200;

export type ResponseValidation = { ok: true; response: Response } | { ok: false; reason: string };

/** What checking a response needs of its question: a frozen question has it, and so does the save path's compact copy. */
export type AnswerShape = Pick<FrozenQuestion, "type" | "blanks"> & { options: { readonly length: number } };

export function validateResponse(question: AnswerShape, raw: unknown): ResponseValidation {
  const fail = (reason: string): ResponseValidation => ({ ok: false, reason });
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return fail("答案格式不正确");
  const input = raw as Record<string, unknown>;
  if (input.kind !== question.type) return fail(`答案类型与题型不符：本题是${QUESTION_TYPE_LABELS[question.type]}`);
  const isOption = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) < question.options.length;

  switch (question.type) {
    case "single":
      if (!isOption(input.option)) return fail("所选选项不在本题选项之内");
      return { ok: true, response: { kind: "single", option: input.option as number } };
    case "multiple": {
      const options = input.options;
      if (!Array.isArray(options)) return fail("答案格式不正确");
      if (!options.every(isOption)) return fail("所选选项不在本题选项之内");
      if (new Set(options).size !== options.length) return fail("选项重复");
      // Stored sorted, so equal choices are equal values (and compare in tests and audits).
      return { ok: true, response: { kind: "multiple", options: (options as number[]).slice().sort((a, b) => a - b) } };
    }
    case "judge":
      if (typeof input.value !== "boolean") return fail("答案格式不正确");
      return { ok: true, response: { kind: "judge", value: input.value } };
    case "fill": {
      const blanks = input.blanks;
      if (!Array.isArray(blanks) || !blanks.every((b) => typeof b === "string")) return fail("答案格式不正确");
      if (blanks.length !== question.blanks) return fail(`本题有 ${question.blanks} 个空，提交了 ${blanks.length} 个`);
      if (blanks.some((b) => [...b].length > MAX_BLANK_CHARS)) return fail(`每空不能超过 ${MAX_BLANK_CHARS} 字`);
      return { ok: true, response: { kind: "fill", blanks: blanks.slice() } };
    }
    case "essay":
      if (typeof input.text !== "string") return fail("答案格式不正确");
      if ([...input.text].length > MAX_ESSAY_CHARS) return fail(`简答不能超过 ${MAX_ESSAY_CHARS} 字`);
      return { ok: true, response: { kind: "essay", text: input.text } };
  }
}

/**
 * Whether a response counts as answered, for the answer card (答题卡), the 交卷 warning
 * and grading alike: a cleared multiple, all-empty blanks or a blank essay do not.
 */
export function isAnswered(response: Response | undefined): boolean {
  if (response === undefined) return false;
  switch (response.kind) {
    case "single":
    case "judge":
      return true;
    case "multiple":
      return response.options.length > 0;
    case "fill":
      return response.blanks.some((b) => normalizeFillAnswer(b) !== "");
    case "essay":
      return response.text.trim() !== "";
  }
}
