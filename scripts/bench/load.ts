/**
 * Load for the benchmark: a closed loop (autocannon, a maintained load generator) and a
 * fixed-rate open loop of our own that times every request from the moment it was due, not
 * from when it could be sent, so a server that falls behind shows its queue in the figures
 * (no coordinated omission). Requests still unanswered at the end count as failures.
 */
import http from "node:http";

import autocannon from "autocannon";

export type Target = { port: number; method: "GET" | "POST"; path: string; headers: Record<string, string>; body?: string };

export type Latencies = { p50: number; p99: number; max: number; sent: number; ok: number; errors: number; unfinished: number };

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
 * Open loop at `rate` requests a second for `seconds`: request i is due at start + i/rate
 * and its latency counts from then. `ok` decides which statuses count as success.
 */
export async function fixedRate(options: { rate: number; seconds: number; next: () => Target; ok?: (status: number) => boolean; graceMs?: number }): Promise<Latencies> {
  const ok = options.ok ?? ((s: number) => s >= 200 && s < 300);
  const total = Math.round(options.rate * options.seconds);
  const latencies: number[] = [];
  let errors = 0;
  let answered = 0;
  const start = performance.now();
  const pending: Array<Promise<void>> = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const target = options.next();
    pending.push(
      send(target).then(
        (status) => {
          answered++;
          latencies.push(performance.now() - due);
          if (!ok(status)) errors++;
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
  const unfinished = total - answered;
  return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: Math.max(...latencies), sent: total, ok: answered - errors, errors, unfinished };
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

/** Downloads a file, returning its size and the time to the last byte. */
export function download(target: Target): Promise<{ ms: number; bytes: number; status: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request({ host: "127.0.0.1", port: target.port, method: target.method, path: target.path, headers: target.headers }, (res) => {
      let bytes = 0;
      res.on("data", (c: Buffer) => (bytes += c.length));
      res.on("end", () => resolve({ ms: performance.now() - t0, bytes, status: res.statusCode ?? 0 }));
    });
    req.on("error", reject);
    req.end();
  });
}
