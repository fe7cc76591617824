// `npm run test:e2e`: build, then the browser tests only.
import { spawnSync } from "node:child_process";

import { findChromium, HOW_TO_INSTALL } from "./find-chromium.mjs";

const chromium = findChromium();
if (!chromium) {
  console.error(HOW_TO_INSTALL);
  process.exit(1);
}
for (const [cmd, args] of [["npx", ["remix", "build"]], ["npx", ["playwright", "test", ...process.argv.slice(2)]]]) {
  const result = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, CHROMIUM_PATH: chromium } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
