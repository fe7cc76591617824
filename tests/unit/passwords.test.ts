import argon2 from "argon2";

import { ARGON2_PARAMS, generateInitialPassword, needsRehash, parseArgon2Params, passwordProblem } from "~/domain/passwords";
import { hashPassword, verifyAndMaybeRehash } from "~/utils/password.server";

describe("password hashing", () => {
  test("new hashes are argon2id with at least m=19456 KiB, t=2, p=1", async () => {
    const hash = await hashPassword("correct horse");
    const params = parseArgon2Params(hash);
    expect(params?.variant).toBe("argon2id");
    expect(params!.memoryCost).toBeGreaterThanOrEqual(19456);
    expect(params!.timeCost).toBeGreaterThanOrEqual(2);
    expect(params!.parallelism).toBeGreaterThanOrEqual(1);
    expect(needsRehash(hash)).toBe(false);
  });

  test("a hash made with weaker parameters is verified and replaced by a current one", async () => {
    const weak = await argon2.hash("old secret", { type: argon2.argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    expect(needsRehash(weak)).toBe(true);
    const result = await verifyAndMaybeRehash(weak, "old secret");
    expect(result.ok).toBe(true);
    expect(result.newHash).not.toBeNull();
    expect(parseArgon2Params(result.newHash!)).toMatchObject({ variant: "argon2id", ...ARGON2_PARAMS });
    expect(await argon2.verify(result.newHash!, "old secret")).toBe(true);
  });

  test("raising the parameters makes an existing current hash due for rehash", async () => {
    const hash = await hashPassword("pw-12345678");
    const raised = { ...ARGON2_PARAMS, timeCost: ARGON2_PARAMS.timeCost + 1 };
    const result = await verifyAndMaybeRehash(hash, "pw-12345678", raised);
    expect(result.newHash && parseArgon2Params(result.newHash)?.timeCost).toBe(raised.timeCost);
  });

  test("a wrong password is refused and nothing is rehashed", async () => {
    const weak = await argon2.hash("old secret", { type: argon2.argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    expect(await verifyAndMaybeRehash(weak, "guess")).toEqual({ ok: false, newHash: null });
  });

  test("argon2i and bcrypt-like strings count as needing rehash", () => {
    expect(needsRehash("$argon2i$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA")).toBe(true);
    expect(needsRehash("$2b$10$abcdefghijklmnopqrstuv")).toBe(true);
  });
});

describe("password policy", () => {
  test("short, equal to the 工号, unchanged or repeated passwords are refused in Chinese", () => {
    expect(passwordProblem("abc", { employeeNo: "C0001" })).toMatch(/至少 8 位/);
    expect(passwordProblem("C0001C0001", { employeeNo: "C0001C0001" })).toMatch(/工号/);
    expect(passwordProblem("same-pass-1", { employeeNo: "C1", current: "same-pass-1" })).toMatch(/原密码/);
    expect(passwordProblem("aaaaaaaaaa", { employeeNo: "C1" })).toMatch(/重复/);
    expect(passwordProblem("forest-2026", { employeeNo: "C1" })).toBeNull();
  });

  test("initial passwords use only unambiguous characters and have the asked length", () => {
    let counter = 0;
    const bytes = (n: number) => Uint8Array.from({ length: n }, () => counter++ % 256);
    const password = generateInitialPassword(bytes, 12);
    expect(password).toHaveLength(12);
    expect(password).toMatch(/^[a-km-np-zA-HJ-NP-Z2-9]+$/);
  });
});
