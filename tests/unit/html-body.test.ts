/**
 * app/utils/html-body.server.ts: the stream a page is rendered into passes React's bytes on
 * unchanged, in React's order, but in a few large pieces instead of one per 2 KB (issue 13).
 */
import { PassThrough, type Readable } from "node:stream";

import { createElement, lazy, Suspense } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { HtmlBody } from "~/utils/html-body.server";

function collect(stream: Readable): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => resolve(chunks));
    stream.on("error", reject);
  });
}

/** A page of the attempt page's shape: many questions of many small elements. */
function Paper({ questions }: { questions: number }) {
  return createElement(
    "form",
    null,
    Array.from({ length: questions }, (_, q) =>
      createElement(
        "fieldset",
        { key: q, id: `question-${q + 1}` },
        createElement("legend", null, `${q + 1}. 根据森林法，第 ${q + 1} 题的题干（　　）。`),
        Array.from({ length: 4 }, (_, i) =>
          createElement("label", { key: i }, createElement("input", { type: "radio", name: `q:0:${q}`, value: i }), createElement("span", null, `${"ABCD"[i]}. 选项 ${i}`)),
        ),
      ),
    ),
  );
}

function render(destination: PassThrough | HtmlBody, questions: number): Promise<Buffer[]> {
  const done = collect(destination);
  const { pipe } = renderToPipeableStream(createElement(Paper, { questions }), { onShellReady: () => pipe(destination) });
  return done;
}

describe("HtmlBody", () => {
  it("passes on a rendered page byte for byte, in far fewer pieces", async () => {
    const plain = await render(new PassThrough(), 60);
    const batched = await render(new HtmlBody(), 60);
    expect(Buffer.concat(batched).equals(Buffer.concat(plain))).toBe(true);
    expect(Buffer.concat(plain).length).toBeGreaterThan(20_000);
    expect(plain.length).toBeGreaterThan(10);
    expect(batched.length).toBeLessThanOrEqual(2);
  });

  it("passes a batch on when told to flush, and what is written later after it", async () => {
    const body = new HtmlBody();
    const seen: string[] = [];
    body.on("data", (chunk: Buffer) => seen.push(chunk.toString()));
    body.write("<p>一</p>");
    body.write(new TextEncoder().encode("<p>二</p>"));
    // Written, not yet passed on: it waits for the end of the batch.
    await new Promise((resolve) => process.nextTick(resolve));
    expect(seen).toEqual([]);
    body.flush();
    expect(seen).toEqual(["<p>一</p><p>二</p>"]);
    body.write("<p>三</p>");
    body.end("<p>四</p>");
    await new Promise((resolve) => body.once("end", resolve));
    expect(seen).toEqual(["<p>一</p><p>二</p>", "<p>三</p><p>四</p>"]);
  });

  it("passes a batch on by itself on the next turn when nobody flushes", async () => {
    const body = new HtmlBody();
    const seen: string[] = [];
    body.on("data", (chunk: Buffer) => seen.push(chunk.toString()));
    body.write("a");
    body.write("b");
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(["ab"]);
  });

  it("drops what it holds when the client has gone (destroyed), and passes nothing on after", async () => {
    const body = new HtmlBody();
    const seen: string[] = [];
    body.on("data", (chunk: Buffer) => seen.push(chunk.toString()));
    body.write("never sent");
    body.destroy();
    await new Promise((resolve) => body.once("close", resolve));
    body.flush();
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([]);
  });
});

describe("a reader who leaves mid-page", () => {
  it("is told apart from a page written whole: React's abort is theirs, not a server error", async () => {
    const Late = lazy(() => new Promise<{ default: () => ReturnType<typeof createElement> }>((resolve) => setTimeout(() => resolve({ default: () => createElement("p", null, "后") }), 50)));
    const errors: unknown[] = [];
    const body = new HtmlBody();
    body.resume();
    const { pipe } = renderToPipeableStream(createElement(Suspense, { fallback: createElement("p", null, "加载中") }, createElement(Late)), {
      onShellReady: () => {
        pipe(body);
        body.destroy();
      },
      onError: (error) => void errors.push(error),
    });
    await new Promise((resolve) => body.once("close", resolve));
    expect(body.abandoned).toBe(true);
    expect(String(errors[0])).toMatch(/closed early/);

    const whole = new HtmlBody();
    await render(whole, 3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(whole.abandoned).toBe(false);
  });
});
