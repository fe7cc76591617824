/**
 * The patch of React's server renderer (patches/react-dom+18.3.1.patch, ADR 0020): the
 * production build the server loads joins a batch's text and encodes it once, instead of one
 * TextEncoder.encodeInto per string into 2 KB views. The page must be exactly React's: the
 * development build, left as published, is the reference, except for the NUL bytes published
 * React 18 leaves where a Chinese character did not fit at the end of a 2 KB view (react#24985,
 * fixed only in React 19), which the patch no longer writes.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { PassThrough } from "node:stream";

import { createElement as h, lazy, type ReactNode, Suspense } from "react";
import { describe, expect, it } from "vitest";

import { QuestionCard } from "~/components/attempt/question-card";
import type { CadreQuestionView } from "~/domain/attempt-view";

const require = createRequire(import.meta.url);
type Server = typeof import("react-dom/server");
// By file: the package's exports name only "react-dom/server", which picks a build by NODE_ENV.
const builds = path.join(path.dirname(require.resolve("react-dom/package.json")), "cjs");
const patched = require(path.join(builds, "react-dom-server.node.production.min.js")) as Server;
const reference = require(path.join(builds, "react-dom-server.node.development.js")) as Server;

function render(server: Server, tree: () => ReactNode, options: { bootstrapScriptContent?: string; nonce?: string } = {}): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (chunk: Buffer) => chunks.push(chunk));
    out.on("end", () => resolve(chunks));
    const { pipe } = server.renderToPipeableStream(tree(), { ...options, onShellReady: () => pipe(out), onShellError: reject });
  });
}

const NUL = Buffer.from([0]);
const withoutNuls = (bytes: Buffer) => Buffer.from(bytes.toString("latin1").replaceAll("\0", ""), "latin1");

const question = (number: number, type: CadreQuestionView["type"], options: string[]): CadreQuestionView => ({
  ref: `0:${number - 1}`,
  type,
  number,
  points: 2,
  // Long Chinese stems, an emoji (a surrogate pair) and characters to escape.
  stem: `根据《中华人民共和国森林法》，第 ${number} 题：林业主管部门应当依法履行职责 <“&”> 🌲（　　）。`.repeat(1 + (number % 7)),
  options,
  blanks: type === "fill" ? 2 : 0,
});

/** A part that arrives after the shell (streamed in a boundary); a new one per render, or the second render would find it loaded. */
const later = () =>
  lazy(() => new Promise<{ default: () => ReactNode }>((resolve) => setTimeout(() => resolve({ default: () => h("p", { className: "late" }, "稍后到达的部分 & ", 42, " 分") }), 20)));

/** The attempt page's kinds of markup, and the features of React's writer around them. */
function Page({ questions, Late }: { questions: number; Late: ReturnType<typeof later> }) {
  const types: CadreQuestionView["type"][] = ["single", "multiple", "judge", "fill"];
  return h(
    "html",
    { lang: "zh-CN" },
    h("head", null, h("meta", { charSet: "utf-8" }), h("title", null, "作答 · 考学"), h("style", { dangerouslySetInnerHTML: { __html: "a>b{color:red}" } })),
    h(
      "body",
      null,
      h("header", { style: { display: "flex", marginTop: 4 }, "data-x": "1", "aria-live": "polite" }, "考学", " ", "作答中", 3, "题"),
      h(
        "form",
        { method: "post" },
        Array.from({ length: questions }, (_, i) =>
          h(QuestionCard, {
            key: i,
            question: question(i + 1, types[i % 4], types[i % 4] === "judge" ? ["正确", "错误"] : ["选项甲", "选项乙 <b>", "选项丙 “引号”", "选项丁"]),
            response: i % 4 === 0 && i % 3 !== 0 ? { kind: "single", option: 1 } : undefined,
            disabled: i === 5,
            onChange: () => {},
          }),
        ),
        h("select", { defaultValue: "b" }, h("option", { value: "a" }, "甲"), h("option", { value: "b" }, "乙")),
        h("textarea", { defaultValue: "已经写下的答案\n第二行" }),
        h("input", { type: "checkbox", defaultChecked: true, readOnly: true }),
      ),
      h(Suspense, { fallback: h("p", null, "加载中…") }, h(Late)),
      h("script", { dangerouslySetInnerHTML: { __html: `window.__data=${JSON.stringify({ text: "x".repeat(20_000), zh: "林".repeat(9_000) })}` } }),
    ),
  );
}

describe("React's server writer, patched", () => {
  it("writes the attempt page's markup as published React does, without its stray NUL bytes", async () => {
    for (const questions of [1, 7, 60, 200]) {
      const options = { bootstrapScriptContent: "window.started=1", nonce: "n0nce" };
      const mine = Buffer.concat(await render(patched, () => h(Page, { questions, Late: later() }), options));
      const theirs = Buffer.concat(await render(reference, () => h(Page, { questions, Late: later() }), options));
      expect(mine.length).toBeGreaterThan(1_000);
      expect(mine.includes(NUL), `${questions} questions`).toBe(false);
      expect(mine.equals(withoutNuls(theirs)), `${questions} questions`).toBe(true);
      // What the patch mends: published React pads 2 KB views where a character did not fit.
      if (questions >= 60) expect(theirs.includes(NUL)).toBe(true);
    }
  });

  it("a string beyond a batch's limit, and text next to React's own bytes, stay whole and in order", async () => {
    const tree = () => h("div", null, "前".repeat(8_191), h("br"), "🌲".repeat(5_000), h(Suspense, { fallback: "…" }, h(later())), "后");
    const mine = Buffer.concat(await render(patched, tree));
    expect(mine.includes(NUL)).toBe(false);
    expect(mine.equals(withoutNuls(Buffer.concat(await render(reference, tree))))).toBe(true);
  });

  it("is in place: a page is written in a few large pieces, not one per 2 KB", async () => {
    const pieces = await render(patched, () => h(Page, { questions: 60, Late: later() }));
    const size = Buffer.concat(pieces).length;
    expect(size).toBeGreaterThan(60_000);
    // Published React hands on one piece per 2 KB view (about 40 here).
    expect(pieces.length).toBeLessThan(size / 2048 / 3);
  });
});
