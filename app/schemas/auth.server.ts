import { z } from "zod";

export const LoginSchema = z.object({
  employeeNo: z.string({ error: "请输入工号" }).trim().min(1, "请输入工号").max(32, "工号太长"),
  password: z.string({ error: "请输入密码" }).min(1, "请输入密码").max(256, "密码太长"),
  redirectTo: z.string().optional(),
});

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "请输入当前密码" }).min(1, "请输入当前密码").max(256),
    newPassword: z.string({ error: "请输入新密码" }).min(1, "请输入新密码").max(256),
    confirmPassword: z.string({ error: "请再次输入新密码" }).min(1, "请再次输入新密码").max(256),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "两次输入的新密码不一致" });

/** Only same-site paths: never redirect a signed-in user to another site. */
export function safeRedirect(target: string | null | undefined, fallback = "/"): string {
  if (!target || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  return target;
}
