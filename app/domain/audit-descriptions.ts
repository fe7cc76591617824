/**
 * Audit entries in words: every recorded action becomes a Chinese sentence whose names (a
 * cadre, an exam, an organization, a bank version) link to their pages. The page and the
 * export use the same parts, so they say the same thing. Pure: the model hands in the names.
 */
import type { AppointmentStatus, MeetingType, OrgKind, RegulationStatus, Role } from "../../db/schema";

import { CADRE_FIELD_LABELS, type CadreFieldKey, describeChange, type FieldValue } from "./cadre-changes";
import { ORG_KIND_LABELS, ROLE_LABELS } from "./labels";
import { REGULATION_STATUS_LABELS } from "./law-study/official-text";
import { MEETING_TYPE_LABELS } from "./law-study/plan";
import { STATUS_LABELS as APPOINTMENT_STATUS_LABELS } from "./appointments/case-machine";

export type AuditPart = string | { text: string; href: string | null };

export type AuditEntryFacts = { action: string; target: string | null; detail: Record<string, unknown> | null };

/** Names the model looked up for the entries on the page (or in the export). */
export type AuditLookups = {
  usersByNo: ReadonlyMap<string, { id: number; name: string }>;
  usersById: ReadonlyMap<number, { employeeNo: string; name: string }>;
  exams: ReadonlyMap<number, { title: string }>;
  attempts: ReadonlyMap<number, { examId: number; employeeNo: string; name: string }>;
  orgs: ReadonlyMap<number, string>;
};

/** What a target names: `exam:4`, `attempt:12:0:3`, `cadre:5`, `org:7`, `slug@2`, a 工号, a path, a file. */
export type TargetRef =
  | { kind: "exam" | "attempt" | "cadre" | "org"; id: number }
  | { kind: "bank"; slug: string; version: number }
  | { kind: "regulation"; slug: string | null; version: number | null; id: number | null }
  | { kind: "statistics"; year: number }
  | { kind: "handout" }
  | { kind: "law_meeting" | "law_module"; id: number }
  | { kind: "law_plan"; orgId: number; year: number }
  | { kind: "appointment"; id: number }
  | { kind: "appointments" }
  | { kind: "path"; path: string }
  | { kind: "text"; text: string };

export function parseTarget(target: string | null): TargetRef | null {
  if (!target) return null;
  const typed = /^(exam|attempt|cadre|org):(\d+)/.exec(target);
  if (typed) return { kind: typed[1] as "exam" | "attempt" | "cadre" | "org", id: Number(typed[2]) };
  const regulation = /^regulation:(?:(\d+)|([a-z0-9][a-z0-9-]*)(?:@(\d+))?)$/.exec(target);
  if (regulation) {
    return { kind: "regulation", id: regulation[1] ? Number(regulation[1]) : null, slug: regulation[2] ?? null, version: regulation[3] ? Number(regulation[3]) : null };
  }
  if (target.startsWith("handout:")) return { kind: "handout" };
  const law = /^(law_meeting|law_module):(\d+)$/.exec(target);
  if (law) return { kind: law[1] as "law_meeting" | "law_module", id: Number(law[2]) };
  const appointment = /^appointment:(\d+)$/.exec(target);
  if (appointment) return { kind: "appointment", id: Number(appointment[1]) };
  if (target === "appointments") return { kind: "appointments" };
  const plan = /^law_plan:(\d+):(\d{4})$/.exec(target);
  if (plan) return { kind: "law_plan", orgId: Number(plan[1]), year: Number(plan[2]) };
  const statistics = /^statistics:(\d{4})$/.exec(target);
  if (statistics) return { kind: "statistics", year: Number(statistics[1]) };
  const bank = /^([a-z0-9][a-z0-9-]*)@(\d+)$/.exec(target);
  if (bank) return { kind: "bank", slug: bank[1], version: Number(bank[2]) };
  if (target.startsWith("/")) return { kind: "path", path: target };
  return { kind: "text", text: target };
}

const LOGIN_FAILURES: Record<string, string> = { unknown_account: "工号不存在", inactive: "账号已停用", wrong_password: "密码错误" };
const THROTTLE_REASONS: Record<string, string> = { slow_down: "连续失败，须稍候再试", ceiling: "失败次数达到上限", busy: "同时尝试过多" };
const BANK_ORIGINS: Record<string, string> = { bundled: "内置题库", cli: "命令行", upload: "页面上传" };
const SAVE_REFUSALS: Record<string, string> = {
  conflict: "较旧的保存（已有更新的答案）",
  closed: "作答已结束",
  invalid: "答案格式无效",
  rate_limited: "保存过于频繁",
  not_found: "作答不存在",
};

function accessReason(why: unknown): string {
  const text = String(why ?? "");
  if (text === "outside scope or missing") return "不在管理范围内或不存在";
  if (text.startsWith("role ")) return `当前角色（${ROLE_LABELS[text.slice(5) as Role] ?? text.slice(5)}）无权访问`;
  if (text.startsWith("bank editing")) return "只有局级组织者和管理员可以修改题库";
  return text || "无权访问";
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

type Describe = (e: AuditEntryFacts, n: Names) => AuditPart[];

/** Name makers for one entry: each returns a linked part, or plain text when the thing is gone. */
class Names {
  constructor(private readonly lookups: AuditLookups) {}

  person(employeeNo: unknown, fallbackName?: unknown): AuditPart {
    const no = str(employeeNo);
    if (!no) return str(fallbackName) ?? "（未知）";
    const user = this.lookups.usersByNo.get(no);
    const name = user?.name ?? str(fallbackName);
    return { text: name ? `${name}（${no}）` : no, href: user ? `/manage/cadres/${user.id}` : null };
  }

  personById(id: number): AuditPart {
    const user = this.lookups.usersById.get(id);
    return user ? { text: `${user.name}（${user.employeeNo}）`, href: `/manage/cadres/${id}` } : `干部 #${id}`;
  }

  exam(id: unknown, fallbackTitle?: unknown): AuditPart {
    const examId = num(id);
    if (examId === null) return str(fallbackTitle) ? `《${fallbackTitle}》` : "一场考试";
    const exam = this.lookups.exams.get(examId);
    if (!exam) return `《${str(fallbackTitle) ?? `考试 #${examId}`}》（已删除）`;
    return { text: `《${exam.title}》`, href: `/manage/exams/${examId}` };
  }

  org(id: unknown): AuditPart {
    const orgId = num(id);
    if (orgId === null) return "（无）";
    const name = this.lookups.orgs.get(orgId);
    return name ? { text: name, href: `/manage/orgs/${orgId}` } : `组织 #${orgId}`;
  }

  orgNames(): ReadonlyMap<number, string> {
    return this.lookups.orgs;
  }

  attempt(id: number): { exam: AuditPart; person: AuditPart } {
    const attempt = this.lookups.attempts.get(id);
    if (!attempt) return { exam: "一场考试", person: `作答 #${id}` };
    return { exam: this.exam(attempt.examId), person: this.person(attempt.employeeNo, attempt.name) };
  }

  bank(slug: string, version: number): AuditPart {
    return { text: `题库 ${slug} 第 ${version} 版`, href: `/manage/banks/${slug}/versions/${version}` };
  }

  /** The target as a name: whatever kind it is. */
  target(target: string | null): AuditPart {
    const ref = parseTarget(target);
    if (!ref) return "—";
    switch (ref.kind) {
      case "exam":
        return this.exam(ref.id);
      case "cadre":
        return this.personById(ref.id);
      case "org":
        return this.org(ref.id);
      case "attempt":
        return this.attempt(ref.id).person;
      case "bank":
        return this.bank(ref.slug, ref.version);
      case "regulation":
        if (ref.slug) return { text: `法规 ${ref.slug}${ref.version ? ` 第 ${ref.version} 版` : ""}`, href: `/manage/regulations/${ref.slug}` };
        return `法规 #${ref.id}`;
      case "statistics":
        return { text: `${ref.year} 年以考促学统计`, href: `/manage/statistics?year=${ref.year}` };
      case "handout":
        return "初始密码文件";
      case "law_meeting":
        return { text: `学法会议 #${ref.id}`, href: `/manage/law-study/meetings/${ref.id}` };
      case "law_module":
        return { text: `学法模块 #${ref.id}`, href: `/manage/law-study/modules/${ref.id}` };
      case "appointment":
        return { text: `任前事项 #${ref.id}`, href: `/manage/appointments/${ref.id}` };
      case "appointments":
        return { text: "任前事项", href: "/manage/appointments" };
      case "law_plan":
        return { text: `${this.lookups.orgs.get(ref.orgId) ?? `组织 #${ref.orgId}`} ${ref.year} 年学法计划`, href: `/manage/law-study?year=${ref.year}` };
      case "path":
        return ref.path;
      case "text":
        return this.lookups.usersByNo.has(ref.text) ? this.person(ref.text) : ref.text;
    }
  }
}

function reasonPart(detail: Record<string, unknown> | null): string {
  const reason = str(detail?.reason);
  return reason ? `，原因：${reason}` : "";
}

function audiencePart(detail: Record<string, unknown> | null): string {
  const a = detail?.audience as { added?: number; removed?: number; moved?: number } | undefined;
  if (!a || !(a.added || a.removed || a.moved)) return "";
  const bits = [a.added ? `加入 ${a.added} 人次` : "", a.removed ? `移出 ${a.removed} 人次` : "", a.moved ? `转入新组织 ${a.moved} 人次` : ""].filter(Boolean);
  return `；进行中的考试参考人员${bits.join("、")}`;
}

function changesText(changes: unknown, orgs: ReadonlyMap<number, string>): string {
  if (!Array.isArray(changes)) return "";
  return changes
    .map((c: { field?: string; from?: FieldValue; to?: FieldValue }) =>
      c.field && c.field in CADRE_FIELD_LABELS ? describeChange({ field: c.field as CadreFieldKey, from: c.from as FieldValue, to: c.to as FieldValue }, orgs) : "",
    )
    .filter(Boolean)
    .join("；");
}

const examTitleOf = (e: AuditEntryFacts) => e.detail?.title;
const examOf = (e: AuditEntryFacts, n: Names) => n.exam(parseTarget(e.target)?.kind === "exam" ? (parseTarget(e.target) as { id: number }).id : null, examTitleOf(e));

export const AUDIT_DESCRIBERS: Record<string, Describe> = {
  "login.success": (e, n) => [n.target(e.target), " 登录成功", e.detail?.rehashed ? "（密码已按新的参数重新加密）" : ""],
  "login.failure": (e, n) => [n.target(e.target), ` 登录失败：${LOGIN_FAILURES[String(e.detail?.reason)] ?? "未知原因"}`],
  "login.throttled": (e, n) => [
    n.target(e.target),
    ` 的登录被限制：${THROTTLE_REASONS[String(e.detail?.reason)] ?? "失败过多"}，${num(e.detail?.retryAfterSeconds) ?? "—"} 秒后可再试`,
    num(e.detail?.heldBack) ? `（此前一分钟内另有 ${e.detail!.heldBack} 次被限制，未逐条记录）` : "",
  ],
  logout: (e, n) => [n.target(e.target), " 退出登录"],
  "password.change": (e, n) => [n.target(e.target), " 修改了自己的密码"],
  "password.reset": (e, n) => ["重置了 ", n.target(e.target), " 的密码（须在下次登录时修改）"],
  "roster.import": (e) => [`导入花名册“${e.target ?? ""}”：新增 ${num(e.detail?.created) ?? 0} 名干部${audiencePart(e.detail)}`],
  "roster.import_refused": (e) => [`花名册“${e.target ?? ""}”未导入：有 ${num(e.detail?.errors) ?? 0} 处错误${num(e.detail?.firstRow) ? `（第一处在第 ${e.detail!.firstRow} 行）` : ""}`],
  "roster.update": (e, n) => {
    const changes = Array.isArray(e.detail?.changes) ? (e.detail!.changes as Array<{ employeeNo: string; name: string; changes: unknown }>) : [];
    const first = changes.slice(0, 3).flatMap((c, i) => [i === 0 ? "：" : "；", n.person(c.employeeNo, c.name), ` ${changesText(c.changes, n.orgNames())}`]);
    return [
      `按花名册“${e.target ?? ""}”新增 ${num(e.detail?.created) ?? 0} 名、更新 ${num(e.detail?.updated) ?? 0} 名干部（生效日期 ${str(e.detail?.effectiveOn) ?? "—"}）`,
      ...first,
      changes.length > 3 ? ` 等` : "",
      audiencePart(e.detail),
    ];
  },
  "bank.import": (e, n) => [`导入（${BANK_ORIGINS[String(e.detail?.origin)] ?? "导入"}）`, n.target(e.target), `，${num(e.detail?.questions) ?? 0} 题`, num(e.detail?.previousVersion) ? `，上一版为第 ${e.detail!.previousVersion} 版` : "，新题库"],
  "bank.upload": (e, n) => ["上传", n.target(e.target), `（文件“${str(e.detail?.file) ?? ""}”），${e.detail?.status === "unchanged" ? "内容与已导入的相同，未新增版本" : `${num(e.detail?.questions) ?? 0} 题`}`],
  "bank.export": (e, n) => ["导出", n.target(e.target), `（${String(e.detail?.format ?? "").toUpperCase()}，${num(e.detail?.questions) ?? 0} 题）`],
  "bank.refused": (e, n) => [
    `题库文件“${str(e.detail?.file) ?? e.target ?? ""}”被拒绝`,
    ...(parseTarget(e.target)?.kind === "bank" ? ["（", n.target(e.target), "）"] : []),
    `：${str(e.detail?.reason) ?? str(e.detail?.first) ?? `${num(e.detail?.problems) ?? 0} 处问题`}`,
  ],
  "credentials.download": (e) => [`下载了初始密码表（${num(e.detail?.rows) ?? 0} 人）`],
  "credentials.refused": () => ["下载初始密码被拒绝：文件已下载过、已过期，或链接不正确"],
  "user.role_change": (e, n) => [
    "将 ",
    n.target(e.target),
    ` 的角色由${ROLE_LABELS[e.detail?.from as Role] ?? "—"}改为${ROLE_LABELS[e.detail?.to as Role] ?? "—"}`,
    ...(num(e.detail?.scopeOrgId) ? ["（管理：", n.org(e.detail!.scopeOrgId), "）"] : []),
  ],
  "user.deactivate": (e, n) => ["停用了 ", n.target(e.target), " 的账号", audiencePart(e.detail)],
  "user.activate": (e, n) => ["启用了 ", n.target(e.target), " 的账号", audiencePart(e.detail)],
  "user.create": (e, n) => [`创建${ROLE_LABELS[e.detail?.role as Role] ?? ""}账号 `, n.target(e.target), e.detail?.via === "admin:create" ? "（命令行 admin:create）" : ""],
  "user.update": (e, n) => [
    "修改 ",
    n.target(e.target),
    `：${changesText(e.detail?.changes, n.orgNames()) || "—"}（生效日期 ${str(e.detail?.effectiveOn) ?? "—"}）`,
    str(e.detail?.note) ? `，说明：${e.detail!.note}` : "",
    audiencePart(e.detail),
  ],
  "access.denied": (e) => [`访问 ${e.target ?? ""} 被拒绝：${accessReason(e.detail?.why)}`],
  "request.cross_site": (e) => [`来自其他网站（${str(e.detail?.origin) ?? "未知来源"}）的 ${String(e.detail?.method ?? "")} 请求 ${e.target ?? ""} 被拒绝`],
  "exam.create": (e, n) => ["新建考试 ", examOf(e, n), ...(num(e.detail?.ownerOrgId) ? ["（所属组织：", n.org(e.detail!.ownerOrgId), "）"] : [])],
  "exam.update": (e, n) => ["修改考试草稿 ", examOf(e, n)],
  "exam.copy": (e, n) => ["把 ", n.exam(e.detail?.from, e.detail?.fromTitle), " 复制为下一季度的 ", examOf(e, n)],
  "exam.publish": (e, n) => ["发布考试 ", examOf(e, n), `，参考 ${num(e.detail?.audience) ?? 0} 人`],
  "exam.delete": (e, n) => ["删除考试草稿 ", examOf(e, n)],
  "exam.close": (e, n) => ["提前结束考试 ", examOf(e, n), num(e.detail?.finalized) ? `，${e.detail!.finalized} 份作答中的试卷按已保存的答案交卷` : ""],
  "exam.extend": (e, n) => ["为 ", n.person(e.detail?.employeeNo, e.detail?.name), " 延长 ", examOf(e, n), ` 的作答时间 ${num(e.detail?.minutes) ?? 0} 分钟（累计 ${num(e.detail?.totalMinutes) ?? 0} 分钟）${reasonPart(e.detail)}`],
  "exam.makeup": (e, n) => ["为 ", n.person(e.detail?.employeeNo, e.detail?.name), " 安排 ", examOf(e, n), ` 补考（共可作答 ${num(e.detail?.attemptsAllowed) ?? "—"} 次）${reasonPart(e.detail)}`],
  "exam.audience_add": (e, n) => ["将 ", n.person(e.detail?.employeeNo, e.detail?.name), " 加入 ", examOf(e, n), ` 的参考人员${reasonPart(e.detail)}`],
  "attempt.close": (e, n) => ["结束了 ", n.person(e.detail?.employeeNo, e.detail?.name), " 在 ", n.exam(e.detail?.examId), ` 的作答，按已保存的答案评分（${num(e.detail?.score) ?? 0} 分）${reasonPart(e.detail)}`],
  "attempt.reopen": (e, n) => [
    "重新开放 ",
    n.person(e.detail?.employeeNo, e.detail?.name),
    " 在 ",
    n.exam(e.detail?.examId),
    ` 的作答 ${num(e.detail?.minutes) ?? 0} 分钟，已保存的答案保留${reasonPart(e.detail)}`,
  ],
  "attempt.submit": (e, n) => {
    const id = parseTarget(e.target);
    const attempt = id?.kind === "attempt" ? n.attempt(id.id) : null;
    return attempt ? [attempt.person, " 在 ", attempt.exam, " 交卷"] : ["交卷"];
  },
  "attempt.refused": (e, n) => {
    const id = parseTarget(e.target);
    const attempt = id?.kind === "attempt" ? n.attempt(id.id) : null;
    const reason = String(e.detail?.reason ?? "");
    const why = reason.startsWith("invalid: ") ? `答案格式无效（${reason.slice(9)}）` : (SAVE_REFUSALS[reason] ?? "请求无效");
    if (reason === "not_found") return [`访问作答 ${str(e.detail?.path) ?? e.target ?? ""} 被拒绝：不是本人的作答或作答不存在`];
    return attempt ? [attempt.person, " 在 ", attempt.exam, ` 的作答请求被拒绝：${why}`] : [`作答请求被拒绝：${why}`];
  },
  "grade.save": (e, n) => {
    const id = parseTarget(e.target);
    const attempt = id?.kind === "attempt" ? n.attempt(id.id) : null;
    return ["为 ", attempt?.exam ?? "一场考试", " 中 ", attempt?.person ?? "一份答卷", ` 的简答题评分：${num(e.detail?.points) ?? 0} 分`];
  },
  "grade.change": (e, n) => {
    const id = parseTarget(e.target);
    const attempt = id?.kind === "attempt" ? n.attempt(id.id) : null;
    return ["修改 ", attempt?.exam ?? "一场考试", " 中 ", attempt?.person ?? "一份答卷", ` 的简答题评分：${num(e.detail?.from) ?? "—"} → ${num(e.detail?.to) ?? "—"} 分${reasonPart(e.detail)}`];
  },
  "report.view": (e, n) => ["查看 ", n.target(e.target), ` 的成绩报表${e.detail?.print ? "（打印版）" : ""}`],
  "report.export": (e, n) => ["导出 ", n.target(e.target), ` 的成绩报表（${String(e.detail?.format ?? "").toUpperCase()}，${num(e.detail?.rows) ?? 0} 行）`],
  "org.create": (e, n) => [`新建${ORG_KIND_LABELS[e.detail?.kind as OrgKind] ?? "组织"} `, n.target(e.target), ...(num(e.detail?.parentId) ? ["（上级：", n.org(e.detail!.parentId), "）"] : ["（最上级组织）"])],
  "org.rename": (e, n) => [`将组织“${str(e.detail?.from) ?? ""}”改为 `, n.target(e.target), e.detail?.fromKind !== e.detail?.toKind ? `（类型：${ORG_KIND_LABELS[e.detail?.fromKind as OrgKind] ?? "—"} → ${ORG_KIND_LABELS[e.detail?.toKind as OrgKind] ?? "—"}）` : ""],
  "org.move": (e, n) => ["将 ", n.target(e.target), " 从 ", n.org(e.detail?.fromParentId), " 之下移到 ", n.org(e.detail?.toParentId), ` 之下（含下级共 ${num(e.detail?.orgs) ?? 1} 个组织）`, audiencePart(e.detail)],
  "org.deactivate": (e, n) => ["停用组织 ", n.target(e.target)],
  "org.activate": (e, n) => ["启用组织 ", n.target(e.target)],
  "statistics.view": (e, n) => [
    "查看 ",
    n.target(e.target),
    ...(num(e.detail?.orgId) ? ["（", n.org(e.detail!.orgId), "）"] : []),
    str(e.detail?.tag) ? `，知识点“${e.detail!.tag}”` : "",
    e.detail?.print ? "（打印版）" : "",
  ],
  "statistics.export": (e, n) => [
    "导出 ",
    n.target(e.target),
    ...(num(e.detail?.orgId) ? ["（", n.org(e.detail!.orgId), "）"] : []),
    `（${String(e.detail?.format ?? "").toUpperCase()}，${Array.isArray(e.detail?.tables) ? (e.detail!.tables as unknown[]).length : 0} 张表，${num(e.detail?.rows) ?? 0} 行）`,
  ],
  "regulation.import": (e, n) => [
    `导入（${BANK_ORIGINS[String(e.detail?.origin)] ?? "导入"}）`,
    n.target(e.target),
    ` 的原文（文件“${str(e.detail?.file) ?? ""}”，${num(e.detail?.chapters) ?? 0} 章 ${num(e.detail?.articles) ?? 0} 条）`,
  ],
  "regulation.refused": (e) => [`法规文件“${e.target ?? ""}”被拒绝：${str(e.detail?.first) ?? `${num(e.detail?.problems) ?? 0} 处问题`}`],
  "regulation.update": (e, n) => ["修改法规信息 ", str(e.detail?.title) ? `《${e.detail!.title}》` : n.target(e.target), str(e.detail?.status) ? `（状态：${REGULATION_STATUS_LABELS[e.detail!.status as RegulationStatus] ?? "已修改"}）` : ""],
  "law.module_create": (e, n) => ["创建学法模块 ", str(e.detail?.title) ? { text: `《${e.detail!.title}》`, href: (n.target(e.target) as { href: string | null }).href ?? null } : n.target(e.target), e.detail?.quiz ? "（含测验）" : "（无测验）"],
  "law.meeting_create": (e, n) => [
    `新增${MEETING_TYPE_LABELS[e.detail?.type as MeetingType] ?? "学法会议"} `,
    str(e.detail?.title) ? { text: `“${e.detail!.title}”`, href: (n.target(e.target) as { href: string | null }).href ?? null } : n.target(e.target),
  ],
  "law.meeting_schedule": (e, n) => ["为 ", n.target(e.target), ` 确定参会人员 ${num(e.detail?.attendees) ?? 0} 人`, num(e.detail?.quizExamId) ? ["，会前测验 ", n.exam(e.detail!.quizExamId)] : ""].flat(),
  "law.attendance": (e, n) => ["记录 ", n.target(e.target), ` 的出勤：${num(e.detail?.recorded) ?? 0} 人，其中到会 ${num(e.detail?.present) ?? 0} 人`],
  "law.export": (e, n) => [e.detail?.format === "print" ? "打印 " : "导出 ", n.target(e.target), e.detail?.format === "print" ? "" : `（${String(e.detail?.format ?? "").toUpperCase()}，${num(e.detail?.rows) ?? 0} 行）`],
  "appointment.create": (e, n) => ["为 ", n.person(e.detail?.employeeNo, e.detail?.name), " 新建 ", n.target(e.target), str(e.detail?.post) ? `（拟任：${e.detail!.post}）` : "", e.detail?.openBook ? "，任前考试开卷" : "", num(e.detail?.examId) ? ["，任前考试 ", n.exam(e.detail!.examId)] : ""].flat(),
  "appointment.sign": (e, n) => [n.target(e.target), ` 的廉政承诺书已签署（承诺书第 ${num(e.detail?.textVersion) ?? "—"} 版）`],
  "appointment.talk": (e, n) => [e.detail?.update ? "修改 " : "记录 ", n.target(e.target), ` 的任前谈话（${str(e.detail?.talkOn) ?? "—"}，谈话人 ${num(e.detail?.talkers) ?? 0} 名）`],
  "appointment.defer": (e, n) => [n.target(e.target), ` 暂缓任用${reasonPart(e.detail)}`],
  "appointment.cancel": (e, n) => ["取消 ", n.target(e.target), reasonPart(e.detail)],
  "appointment.test": (e, n) => {
    const results = Array.isArray(e.detail?.results) ? (e.detail!.results as Array<{ passed?: boolean; score?: number | null }>) : [];
    const said = results.map((r, i) => `第 ${i + 1} 次 ${r.score ?? "—"} 分${r.passed ? "及格" : "不及格"}`).join("，");
    return [n.target(e.target), ` 的任前考试结果：${said || "—"}；事项${APPOINTMENT_STATUS_LABELS[e.detail?.status as AppointmentStatus] ?? "状态已更新"}`];
  },
  "appointment.settings": (e, n) => ["修改 ", n.target(e.target), " 的任前考试规则（及格分、补考、开卷年龄、有效期等）"],
  "appointment.commitment_text": (e, n) => ["修改 ", n.target(e.target), ` 的廉政承诺书，新为第 ${num(e.detail?.version) ?? "—"} 版${str(e.detail?.title) ? `《${e.detail!.title}》` : ""}（${num(e.detail?.characters) ?? 0} 字）`],
  "appointment.export": (e) => [`导出任前事项（${String(e.detail?.format ?? "").toUpperCase()}，${num(e.detail?.rows) ?? 0} 行${num(e.detail?.year) ? `，${e.detail!.year} 年` : ""}）`],
  "audit.export": (e) => [`导出审计日志（${String(e.detail?.format ?? "").toUpperCase()}，${num(e.detail?.rows) ?? 0} 条）`],
};

/** Detail keys in words, for an action this module does not know yet (a new one someone added). */
const DETAIL_LABELS: Record<string, string> = {
  title: "标题",
  reason: "原因",
  employeeNo: "工号",
  name: "姓名",
  format: "格式",
  rows: "行数",
  minutes: "分钟",
  note: "说明",
};

function fallback(e: AuditEntryFacts, n: Names, label: string): AuditPart[] {
  const details = Object.entries(e.detail ?? {})
    .filter(([, v]) => v !== null && typeof v !== "object")
    .map(([k, v]) => `${DETAIL_LABELS[k] ?? k}：${String(v)}`);
  return [label, e.target ? "：" : "", e.target ? n.target(e.target) : "", details.length ? `（${details.join("，")}）` : ""];
}

/** The sentence for one entry; `label` is the action's Chinese name (for actions without a sentence of their own). */
export function describeAudit(entry: AuditEntryFacts, lookups: AuditLookups, label: string): AuditPart[] {
  const names = new Names(lookups);
  const describe = AUDIT_DESCRIBERS[entry.action];
  const parts = describe ? describe(entry, names) : fallback(entry, names, label);
  // Floods are recorded once per interval; the next entry says how many were only counted.
  const heldBack = num(entry.detail?.heldBack);
  if (heldBack) parts.push(`（此前另有 ${heldBack} 次同类请求只计数、未逐条记录）`);
  return parts.filter((p) => p !== "");
}

export function auditText(parts: readonly AuditPart[]): string {
  return parts.map((p) => (typeof p === "string" ? p : p.text)).join("");
}
