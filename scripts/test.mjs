// `npm test`: unit and integration tests (vitest), then the build and the browser tests
// (Playwright). Ends with one plain line, "tests: N passed, N failed", counted from both runners.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { findChromium, HOW_TO_INSTALL } from "./find-chromium.mjs";

const chromium = findChromium();
if (!chromium) {
  console.error(HOW_TO_INSTALL);
  process.exit(1);
}

const reports = fs.mkdtempSync(path.join(os.tmpdir(), "kaoxue-test-"));
const vitestJson = path.join(reports, "vitest.json");
const playwrightJson = path.join(reports, "playwright.json");
const counts = { passed: 0, failed: 0 };

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function finish(code) {
  const vitest = readJson(vitestJson);
  if (vitest) {
    counts.passed += vitest.numPassedTests ?? 0;
    counts.failed += vitest.numFailedTests ?? 0;
  }
  const playwright = readJson(playwrightJson);
  if (playwright?.stats) {
    counts.passed += playwright.stats.expected ?? 0;
    counts.failed += (playwright.stats.unexpected ?? 0) + (playwright.stats.flaky ?? 0);
  }
  console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed`);
  process.exit(code);
}

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`${label} failed (exit ${result.status ?? result.signal})`);
    finish(result.status || 1);
  }
}

run("unit + integration (vitest)", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);
run("build", "npx", ["remix", "build"]);
run("e2e (Playwright + Chromium)", "npx", ["playwright", "test", "--reporter=list,json"], {
  CHROMIUM_PATH: chromium,
  PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
});
finish(0);
