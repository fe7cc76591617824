import type { DB } from "../../db/client";

/** Stable action names; the admin page shows each with its Chinese label. */
export const AUDIT_ACTIONS = {
  "login.success": "登录成功",
  "login.failure": "登录失败",
  "login.throttled": "登录被限制",
  logout: "退出登录",
  "password.change": "修改密码",
  "password.reset": "重置密码",
  "roster.import": "导入花名册",
  "roster.import_refused": "花名册导入被拒绝",
  "roster.update": "按花名册更新干部",
  "bank.import": "导入题库",
  "bank.upload": "上传题库",
  "bank.export": "导出题库",
  "bank.refused": "题库导入被拒绝",
  "credentials.download": "下载初始密码",
  "credentials.refused": "初始密码下载被拒绝",
  "user.role_change": "变更角色",
  "user.deactivate": "停用账号",
  "user.activate": "启用账号",
  "user.create": "创建账号",
  "user.update": "修改干部信息",
  "org.create": "新建组织",
  "org.rename": "修改组织名称",
  "org.move": "移动组织",
  "org.deactivate": "停用组织",
  "org.activate": "启用组织",
  "access.denied": "越权访问被拒绝",
  "request.cross_site": "跨站请求被拒绝",
  "exam.create": "创建考试",
  "exam.update": "修改考试",
  "exam.copy": "复制考试",
  "exam.publish": "发布考试",
  "exam.delete": "删除考试草稿",
  "exam.extend": "延长作答时间",
  "exam.makeup": "安排补考",
  "exam.audience_add": "添加参考人员",
  "attempt.close": "结束作答",
  "attempt.reopen": "重新开放作答",
  "grade.save": "阅卷评分",
  "grade.change": "修改评分",
  "report.export": "导出成绩报表",
  "report.view": "查看成绩报表",
  "statistics.view": "查看以考促学统计",
  "statistics.export": "导出以考促学统计",
  "exam.close": "关闭考试",
  "attempt.submit": "交卷",
  "attempt.refused": "作答请求被拒绝",
  "regulation.import": "导入法规原文",
  "regulation.refused": "法规导入被拒绝",
  "regulation.update": "修改法规信息",
  "law.module_create": "创建学法模块",
  "law.meeting_create": "新增学法计划",
  "law.meeting_schedule": "确定参会人员",
  "law.attendance": "记录出勤",
  "law.export": "导出学法情况",
  "appointment.settings": "修改任前设置",
  "appointment.commitment_text": "修改廉政承诺书",
  "appointment.create": "新建任前事项",
  "appointment.sign": "签署任前承诺",
  "appointment.talk": "记录任前谈话",
  "appointment.defer": "暂缓任用",
  "appointment.cancel": "取消任前事项",
  "appointment.test": "任前考试结果",
  "appointment.export": "导出任前事项",
  "audit.export": "导出审计日志",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export type AuditInput = {
  actorId: number | null;
  action: AuditAction;
  target?: string | null;
  detail?: Record<string, unknown> | null;
  ip?: string | null;
  now: Date;
};

const FORBIDDEN_DETAIL_KEYS = /password|passwd|secret|token|session|cookie/i;

/** Details are JSON; keys that could carry a secret are dropped so nothing sensitive reaches the log. */
function sanitizeDetail(detail: Record<string, unknown> | null | undefined): string | null {
  if (!detail) return null;
  const clean = Object.fromEntries(Object.entries(detail).filter(([k]) => !FORBIDDEN_DETAIL_KEYS.test(k)));
  return JSON.stringify(clean);
}

export async function recordAudit(db: DB, input: AuditInput): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      at: input.now.toISOString(),
      actor_id: input.actorId,
      action: input.action,
      target: input.target ?? null,
      detail: sanitizeDetail(input.detail),
      ip: input.ip ?? null,
    })
    .execute();
}

/** Per key: when its current window began and how many rows were held back in it. */
const held = new Map<string, { since: number; held: number }>();
const HELD_KEYS_LIMIT = 20_000;

/**
 * Records at most one row per `key` every `everyMs`; the rows held back are counted and the
 * next row of the key says how many (`heldBack`). For what strangers can repeat without
 * limit (refused sign-ins, cross-site posts): a flood cannot fill the log, and nothing goes
 * unmentioned. The counts live in this process's memory.
 */
export async function recordAuditAtMostEvery(db: DB, input: AuditInput, limit: { key: string; everyMs: number }): Promise<void> {
  const now = input.now.getTime();
  const previous = held.get(limit.key);
  if (previous && now - previous.since < limit.everyMs) {
    previous.held++;
    return;
  }
  if (held.size >= HELD_KEYS_LIMIT) {
    for (const [key, entry] of held) if (now - entry.since >= limit.everyMs) held.delete(key);
    if (held.size >= HELD_KEYS_LIMIT) held.clear();
  }
  held.set(limit.key, { since: now, held: 0 });
  const heldBack = previous?.held ?? 0;
  await recordAudit(db, { ...input, detail: heldBack > 0 ? { ...input.detail, heldBack } : input.detail });
}
