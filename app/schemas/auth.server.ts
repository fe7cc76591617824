import { z } from "zod";

export const LoginSchema = z.object({
  employeeNo: z.string({ error: "请输入工号" }).trim().min(1, "请输入工号").max(32, "工号太长"),
  password: z.string({ error: "请输入密码" }).min(1, "请输入密码").max(256, "密码太长"),
  // A control character (tab, CR, LF) in the target is never a real link of ours: refuse the request.
  redirectTo: z
    .string()
    .max(2000)
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "登录后的跳转地址无效")
    .optional(),
});

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "请输入当前密码" }).min(1, "请输入当前密码").max(256),
    newPassword: z.string({ error: "请输入新密码" }).min(1, "请输入新密码").max(256),
    confirmPassword: z.string({ error: "请再次输入新密码" }).min(1, "请再次输入新密码").max(256),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "两次输入的新密码不一致" });

/**
 * Only same-site paths: never redirect a signed-in user to another site. A path is `/` or
 * `/` followed by a character other than `/` and `\` (browsers read `//x` and `/\x` as
 * another host), with no control characters anywhere (browsers drop tabs and newlines, so
 * `/\t/x` would become `//x`).
 */
export function safeRedirect(target: string | null | undefined, fallback = "/"): string {
  if (!target) return fallback;
  if (target !== "/" && !/^\/[^/\\]/.test(target)) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(target)) return fallback;
  return target;
}
