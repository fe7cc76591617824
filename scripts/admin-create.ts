// `npm run admin:create -- --employee-no A0001 --name 张三 --password '…' [--org 林业局党委]`
// Missing values are asked for when run in a terminal.
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";

import { migrateToLatest, openDatabase } from "../db/client";
import { AdminCreateError, createAdmin } from "../app/models/admins.server";
import { getEnv } from "../app/utils/env.server";

const { values } = parseArgs({
  options: {
    "employee-no": { type: "string" },
    name: { type: "string" },
    password: { type: "string" },
    org: { type: "string" },
  },
});

async function ask(question: string, hidden = false): Promise<string> {
  if (!process.stdin.isTTY) throw new AdminCreateError(`缺少参数：${question}（非交互模式请用命令行参数）`);
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  if (hidden) {
    // Echo nothing while the password is typed.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (s.includes(question)) process.stdout.write(s);
    };
  }
  const answer = await rl.question(question);
  rl.close();
  if (hidden) process.stdout.write("\n");
  return answer;
}

const env = getEnv();
const db = openDatabase(env.DATABASE_PATH);
try {
  await migrateToLatest(db);
  const employeeNo = values["employee-no"] ?? (await ask("工号："));
  const name = values.name ?? (await ask("姓名："));
  const password = values.password ?? (await ask("密码（至少 8 位）：", true));
  const orgName = values.org ?? "党委";
  const admin = await createAdmin(db, { employeeNo, name, password, orgName, now: new Date() });
  console.log(`已创建管理员 ${employeeNo.toUpperCase()}（${name}），所属组织：${admin.orgName}`);
} catch (error) {
  if (error instanceof AdminCreateError) {
    console.error(`创建失败：${error.message}`);
    process.exitCode = 1;
  } else throw error;
} finally {
  await db.destroy();
}
