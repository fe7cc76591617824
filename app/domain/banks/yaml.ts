/** Bank files in YAML: reading (with syntax errors located) and writing in the bundled banks' style. */
import YAML, { isMap, isPair, isScalar, isSeq } from "yaml";

import { makeProblem } from "./problems";
import type { Bank, BankQuestion } from "./types";
import { type BankValidation, validateBankData } from "./validate";

/** Parses and validates a YAML bank file; any syntax error or invalid field means no bank. */
export function parseBankYaml(file: string, text: string): BankValidation {
  const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => {
        const pos = error.linePos?.[0];
        const at = pos ? `第 ${pos.line} 行第 ${pos.col} 列：` : "";
        const detail = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
        const duplicate = error.code === "DUPLICATE_KEY";
        return makeProblem(file, {
          code: duplicate ? "duplicate_key" : "yaml_syntax",
          field: "YAML",
          expected: duplicate
            ? `${at}同一层级的字段重复出现（每个字段只能写一次）`
            : `${at}YAML 语法错误，请检查缩进、冒号和引号（${detail}）`,
        });
      }),
    };
  }
  let data: unknown;
  try {
    // A small alias budget: anchors are not needed in a bank, and alias bombs are refused.
    data = doc.toJS({ maxAliasCount: 20 });
  } catch (error) {
    return {
      ok: false,
      problems: [makeProblem(file, { code: "yaml_syntax", field: "YAML", expected: `无法读取：${(error as Error).message}` })],
    };
  }
  return validateBankData(file, data);
}

function questionForYaml(q: BankQuestion): Record<string, unknown> {
  const out: Record<string, unknown> = { id: q.id, type: q.type, stem: q.stem };
  if (q.type === "single" || q.type === "multiple") out.options = q.options;
  out.answer = q.answer;
  out.explanation = q.explanation;
  out.reference = q.reference;
  out.tags = q.tags;
  out.difficulty = q.difficulty;
  return out;
}

/** A YAML file that reads back to the same bank (same content hashes), laid out like the bundled banks. */
export function bankToYaml(bank: Bank): string {
  const data: Record<string, unknown> = {
    bank: bank.bank,
    title: bank.title,
    version: bank.version,
    regulation: bank.regulation,
  };
  if (bank.source) data.source = bank.source;
  data.description = bank.description;
  data.questions = bank.questions.map(questionForYaml);
  const doc = new YAML.Document(data);
  // Short lists on one line, as people write them: tags: [总则], answer: [[三月, 3月]].
  YAML.visit(doc, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key)) return;
      const key = pair.key.value;
      if ((key === "tags" || key === "keywords") && isSeq(pair.value)) pair.value.flow = true;
      if (key === "answer" && isSeq(pair.value)) for (const blank of pair.value.items) if (isSeq(blank)) blank.flow = true;
    },
  });
  if (isMap(doc.contents)) doc.commentBefore = ` ${bank.title} 第 ${bank.version} 版（考学导出）`;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
