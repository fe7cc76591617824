/**
 * Load for the benchmark: a closed loop (autocannon, a maintained load generator) and a
 * fixed-rate open loop of our own that times every request from the moment it was due, not
 * from when it could be sent, so a server that falls behind shows its queue in the figures
 * (no coordinated omission). Requests still unanswered at the end count as failures.
 */
import { spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

import autocannon from "autocannon";

export type Target = { port: number; method: "GET" | "POST"; path: string; headers: Record<string, string>; body?: string };

/** One request of an open loop: when it was due (performance.now()) and its latency from then; Infinity if it failed or never answered. */
export type Sample = { due: number; ms: number };

export type Latencies = { p50: number; p99: number; max: number; sent: number; ok: number; errors: number; unfinished: number; samples: Sample[] };

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Closed loop: `connections` clients, each sending its next request when the last answered. Requests per second. */
export async function closedLoop(port: number, options: { connections: number; seconds: number; next: () => Target }): Promise<{ rps: number; non2xx: number; errors: number; p99: number }> {
  const first = options.next();
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        method: first.method,
        path: first.path,
        setupRequest: (request: Record<string, unknown>) => {
          const t = options.next();
          return { ...request, method: t.method, path: t.path, headers: t.headers, body: t.body };
        },
      },
    ],
  });
  return { rps: result.requests.average, non2xx: result.non2xx, errors: result.errors, p99: result.latency.p99 };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function send(target: Target): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: target.port, method: target.method, path: target.path, headers: target.headers, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error("timeout")));
    req.end(target.body);
  });
}

/**
 * Open loop at `rate` requests a second for `seconds` (or until `signal` aborts): request i is
 * due at start + i/rate and its latency counts from then. `ok` decides which statuses count as
 * success. `samples` keeps every request's due time and latency, so a caller can take the
 * latencies of the requests due within any window of the run.
 */
export async function fixedRate(options: { rate: number; seconds: number; next: () => Target; ok?: (status: number) => boolean; graceMs?: number; signal?: AbortSignal }): Promise<Latencies> {
  const ok = options.ok ?? ((s: number) => s >= 200 && s < 300);
  const total = Math.round(options.rate * options.seconds);
  const samples: Sample[] = [];
  const latencies: number[] = [];
  let errors = 0;
  let answered = 0;
  const start = performance.now();
  const pending: Array<Promise<void>> = [];
  for (let i = 0; i < total && !options.signal?.aborted; i++) {
    const due = start + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const target = options.next();
    const sample: Sample = { due, ms: Infinity };
    samples.push(sample);
    pending.push(
      send(target).then(
        (status) => {
          answered++;
          const ms = performance.now() - due;
          latencies.push(ms);
          if (ok(status)) sample.ms = ms;
          else errors++;
        },
        () => {
          answered++;
          errors++;
        },
      ),
    );
  }
  // Whatever has not answered by the end plus a grace period is a failure.
  await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, options.graceMs ?? 10_000))]);
  const unfinished = samples.length - answered;
  return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: Math.max(...latencies), sent: samples.length, ok: answered - errors, errors, unfinished, samples };
}

/** Sends every target as fast as `concurrency` allows; returns the wall time and each latency. */
export async function burst(targets: Target[], concurrency: number): Promise<{ ms: number; latencies: number[]; failed: number }> {
  const latencies: number[] = [];
  let failed = 0;
  let index = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (index < targets.length) {
        const target = targets[index++];
        const t0 = performance.now();
        try {
          const status = await send(target);
          if (status >= 400) failed++;
        } catch {
          failed++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { ms: performance.now() - start, latencies, failed };
}

export type Downloaded = { ms: number; bytes: number; status: number };

/**
 * A download client in a process of its own (downloader.mjs), started before it is needed so
 * that its start-up is not timed: `get` downloads one file and gives its size and the time to
 * the last byte.
 */
export function startDownloader(): { get: (target: Target) => Promise<Downloaded>; close: () => void } {
  const child = spawn(process.execPath, [path.join(path.dirname(fileURLToPath(import.meta.url)), "downloader.mjs")], { stdio: ["pipe", "pipe", "inherit"] });
  const answers = readline.createInterface({ input: child.stdout! });
  const waiting: Array<(d: Downloaded) => void> = [];
  answers.on("line", (line) => waiting.shift()?.(JSON.parse(line) as Downloaded));
  return {
    get: (target) =>
      new Promise((resolve) => {
        waiting.push(resolve);
        child.stdin!.write(`${JSON.stringify({ port: target.port, path: target.path, headers: target.headers })}\n`);
      }),
    close: () => child.stdin!.end(),
  };
}
