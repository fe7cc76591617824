/**
 * Password policy and hashing parameters, pure: the argon2 calls live in
 * app/utils/password.server.ts.
 */

/** OWASP's argon2id minimum: m=19 MiB, t=2, p=1. Raising these makes logins rehash. */
export const ARGON2_PARAMS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export type Argon2Params = { memoryCost: number; timeCost: number; parallelism: number };

/** Reads m, t, p from a PHC string such as `$argon2id$v=19$m=19456,t=2,p=1$salt$hash`. */
export function parseArgon2Params(hash: string): (Argon2Params & { variant: string }) | null {
  const match = /^\$(argon2(?:id|i|d))\$v=\d+\$([^$]+)\$/.exec(hash);
  if (!match) return null;
  const values = new Map<string, number>();
  for (const part of match[2].split(",")) {
    const [key, value] = part.split("=");
    values.set(key, Number(value));
  }
  const memoryCost = values.get("m");
  const timeCost = values.get("t");
  const parallelism = values.get("p");
  if (!memoryCost || !timeCost || !parallelism) return null;
  return { variant: match[1], memoryCost, timeCost, parallelism };
}

/** A stored hash needs rehashing when it is not argon2id or any parameter is below the current ones. */
export function needsRehash(hash: string, wanted: Argon2Params = ARGON2_PARAMS): boolean {
  const params = parseArgon2Params(hash);
  if (!params || params.variant !== "argon2id") return true;
  return (
    params.memoryCost < wanted.memoryCost ||
    params.timeCost < wanted.timeCost ||
    params.parallelism < wanted.parallelism
  );
}

export const MIN_PASSWORD_LENGTH = 8;

/** Why a new password is unacceptable, in Chinese, or null when it is fine. */
export function passwordProblem(password: string, context: { employeeNo: string; current?: string }): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `密码至少 ${MIN_PASSWORD_LENGTH} 位`;
  if (password.length > 128) return "密码不能超过 128 位";
  if (password === context.employeeNo) return "密码不能与工号相同";
  if (context.current !== undefined && password === context.current) return "新密码不能与原密码相同";
  if (/^(.)\1+$/.test(password)) return "密码不能是同一个字符的重复";
  return null;
}

const PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** A random initial password from unambiguous characters (no 0/O, 1/l/I); `randomBytes` is injected for tests. */
export function generateInitialPassword(randomBytes: (n: number) => Uint8Array, length = 10): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // Rejection sampling keeps every character equally likely.
      if (byte < Math.floor(256 / PASSWORD_ALPHABET.length) * PASSWORD_ALPHABET.length) {
        out += PASSWORD_ALPHABET[byte % PASSWORD_ALPHABET.length];
        if (out.length === length) break;
      }
    }
  }
  return out;
}
