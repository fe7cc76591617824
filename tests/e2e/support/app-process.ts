import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { root } from "./paths.mjs";

/**
 * A server process of the test's own (not the shared web server), on its own database
 * file, so a test can kill it with SIGKILL and start it again on the same data.
 */
/**
 * A port for a test's own server, clear of the shared e2e server and of other runs on the
 * machine (each run has its own E2E_PORT).
 */
export function ownServerPort(n: number): number {
  return Number(process.env.E2E_PORT ?? 3123) + 2000 + n;
}

export class AppProcess {
  readonly databasePath: string;
  private child: ChildProcess | null = null;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string> = {},
    /** An existing database file (another server's, or a prepared one); by default a new one. */
    databasePath?: string,
  ) {
    this.databasePath = databasePath ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kaoxue-kill-")), "kaoxue.db");
  }

  /** The server's process id (for /proc). */
  get pid(): number {
    if (!this.child?.pid) throw new Error("server not running");
    return this.child.pid;
  }

  get baseURL(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(process.execPath, [path.join(root, "server.mjs")], {
      cwd: root,
      env: { ...process.env, PORT: String(this.port), HOST: "127.0.0.1", DATABASE_PATH: this.databasePath, KAOXUE_DEMO: "1", NODE_ENV: "production", ...this.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    this.child.stdout?.on("data", (d) => (output += d));
    this.child.stderr?.on("data", (d) => (output += d));
    // Seeding the demo bureau takes a while on a busy machine.
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`server exited: ${output}`);
      // Its own line, not /healthz: a stray server left on this port would answer that too.
      if (output.includes("考学已启动")) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    await this.kill();
    throw new Error(`server did not start: ${output}`);
  }

  /** The server's resident memory now, from /proc (Linux). */
  rssBytes(): number {
    const status = fs.readFileSync(`/proc/${this.child?.pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return kb * 1024;
  }

  /** SIGKILL: no shutdown handlers, no chance to flush anything. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
    this.child = null;
  }
}
