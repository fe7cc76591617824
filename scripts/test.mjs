// `npm test`: unit and integration tests (vitest), then the build and the browser tests (Playwright).
import { spawnSync } from "node:child_process";

import { findChromium, HOW_TO_INSTALL } from "./find-chromium.mjs";

const chromium = findChromium();
if (!chromium) {
  console.error(HOW_TO_INSTALL);
  process.exit(1);
}

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

run("unit + integration (vitest)", "npx", ["vitest", "run"]);
run("build", "npx", ["remix", "build"]);
run("e2e (Playwright + Chromium)", "npx", ["playwright", "test"], { CHROMIUM_PATH: chromium });
