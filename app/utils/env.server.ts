import { z } from "zod";

const EnvSchema = z.object({
  DATABASE_PATH: z.string().min(1).default("data/kaoxue.db"),
  KAOXUE_DEMO: z.enum(["0", "1"]).default("1"),
  KAOXUE_TIME_ZONE: z.string().min(1).default("Asia/Shanghai"),
  /** Extra origins allowed to post, comma-separated (e.g. the public https address behind a proxy). */
  KAOXUE_ALLOWED_ORIGINS: z.string().default(""),
  /** The bundled question banks imported at start-up; relative to the working directory (default question-banks). */
  KAOXUE_BANKS_DIR: z.string().min(1).optional(),
  /** A folder of official texts (.md/.txt/.docx) imported into the regulation library at start-up; unset = none. */
  KAOXUE_REGULATIONS_DIR: z.string().min(1).optional(),
  NODE_ENV: z.string().default("production"),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (!cached) {
    const parsed = EnvSchema.safeParse(process.env);
    if (!parsed.success) {
      throw new Error(`环境变量有误：${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    }
    cached = parsed.data;
  }
  return cached;
}
