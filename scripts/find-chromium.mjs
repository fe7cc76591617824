// Finds a Chromium for the browser tests: $CHROMIUM_PATH, Debian's /usr/bin/chromium, or a
// browser Playwright already installed. Never downloads one (that cannot work here).
import fs from "node:fs";
import { createRequire } from "node:module";

export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  try {
    const require = createRequire(import.meta.url);
    const { chromium } = require("@playwright/test");
    candidates.push(chromium.executablePath());
  } catch {
    // No installed Playwright browser; that is fine.
  }
  return candidates.find((p) => p && fs.existsSync(p)) ?? null;
}

export const HOW_TO_INSTALL = [
  "找不到 Chromium，浏览器测试无法运行。 No Chromium found for the browser tests.",
  "  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium",
  "  或设置 CHROMIUM_PATH 指向已安装的 Chromium/Chrome 可执行文件。 Or set CHROMIUM_PATH to a Chromium/Chrome binary.",
].join("\n");
