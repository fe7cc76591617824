/**
 * The demo's 会前学法: modules whose key points are written in our own words (each citing
 * its article) on the four regulations the bundled banks are built on, and this year's plan
 * of 12 meetings, one a month, plus two 中心组学习 sessions: past meetings with reading,
 * quiz and attendance (the latest one still awaiting its attendance), one within the next
 * few days whose outline C0001 can already read, one scheduled further on, the rest planned.
 * With KAOXUE_REGULATIONS_DIR the modules pin the imported texts; without it they carry
 * their key points only. Everything goes through the real model functions.
 */
import type { DB } from "./client";
import type { MeetingType } from "./schema";
import { seededRandom } from "../app/domain/random";
import { citedArticles } from "../app/domain/banks/references";
import type { FrozenQuestion, Response } from "../app/domain/exams/types";
import { questionAt } from "../app/domain/exams/question-ref";
import { OUTLINE_LEAD_MS, yearOf } from "../app/domain/law-study/plan";
import { wallParts, zonedInstant } from "../app/domain/zoned-time";
import { loadPaper } from "../app/models/attempt-storage.server";
import { saveResponses, startAttempt, submitAttempt } from "../app/models/attempts.server";
import { listBanks, listVersionQuestions } from "../app/models/banks.server";
import { createMeeting, recordAttendance, scheduleMeeting } from "../app/models/law-meetings.server";
import { createModule } from "../app/models/law-modules.server";
import { recordOpen, recordReading } from "../app/models/law-reading.server";
import { ensureRegulation, getRegulation, listRegulationVersions } from "../app/models/regulations.server";

type DemoModule = { title: string; slug: string; focus: string[]; points: string[] };

const FACTS: Record<string, { title: string; issuer: string; issuedOn: string; effectiveOn: string }> = {
  "senlinfa-2019": { title: "中华人民共和国森林法", issuer: "全国人民代表大会常务委员会", issuedOn: "2019-12-28", effectiveOn: "2020-07-01" },
  "jilv-chufen-tiaoli-2023": { title: "中国共产党纪律处分条例", issuer: "中共中央", issuedOn: "2023-12-19", effectiveOn: "2024-01-01" },
  "jianchafa-2024": { title: "中华人民共和国监察法", issuer: "全国人民代表大会常务委员会", issuedOn: "2024-12-25", effectiveOn: "2025-06-01" },
  "zhengwu-chufenfa-2020": { title: "中华人民共和国公职人员政务处分法", issuer: "全国人民代表大会常务委员会", issuedOn: "2020-06-20", effectiveOn: "2020-07-01" },
};

export const DEMO_MODULES: DemoModule[] = [
  {
    title: "森林法：总则与森林权属",
    slug: "senlinfa-2019",
    focus: ["第一条", "第三条", "第十四条", "第十五条", "第二十条"],
    points: [
      "森林法为保护、培育和合理利用森林资源、保障森林生态安全而制定，目标是人与自然和谐共生（第一条）。",
      "保护、培育、利用森林资源，坚持生态优先、保护优先、保育结合、可持续发展（第三条）。",
      "森林资源除法律规定属于集体所有的以外归国家所有，国有森林资源的所有权由国务院代表国家行使（第十四条）。",
      "林地和林地上森林、林木的所有权、使用权由不动产登记机构统一登记；所有者和使用者不得非法改变林地用途（第十五条）。",
      "国有企业事业单位营造的林木由营造单位管护，并按国家规定支配林木收益（第二十条）。",
    ],
  },
  {
    title: "森林法：森林防火与林地保护",
    slug: "senlinfa-2019",
    focus: ["第三十四条", "第三十五条", "第三十六条", "第三十七条"],
    points: [
      "地方各级人民政府负责本地森林防火：划定防火区、规定防火期、制定应急预案，发生火灾立即组织扑救（第三十四条）。",
      "林业有害生物由县级以上林业主管部门监测、检疫和防治，林业经营者负责防治本经营范围内的有害生物（第三十五条）。",
      "国家严格控制林地转为非林地，实行占用林地总量控制，确保林地保有量不减少（第三十六条）。",
      "工程建设应当不占或少占林地；确需占用的，须经县级以上林业主管部门审核同意，并缴纳森林植被恢复费（第三十七条）。",
    ],
  },
  {
    title: "森林法：林木采伐",
    slug: "senlinfa-2019",
    focus: ["第五十五条", "第五十六条", "第五十七条", "第五十八条", "第七十四条"],
    points: [
      "公益林只能进行抚育、更新和低质低效林改造性质的采伐；自然保护区的林木除特殊情况外禁止采伐（第五十五条）。",
      "采伐林地上的林木须申请采伐许可证并按证采伐；禁止伪造、变造、买卖、租借采伐许可证（第五十六条）。",
      "采伐许可证由县级以上人民政府林业主管部门核发（第五十七条）。",
      "申请采伐许可证要提交地点、林种、树种、面积、蓄积、方式、更新措施和林木权属等材料（第五十八条）。",
      "开垦、采石、采砂、采土造成林木毁坏的，责令停止违法行为，限期补种毁坏株数一倍以上三倍以下的树木（第七十四条）。",
    ],
  },
  {
    title: "纪律处分条例：处分的种类和影响期",
    slug: "jilv-chufen-tiaoli-2023",
    focus: ["第八条", "第十条", "第十二条", "第十三条"],
    points: [
      "对党员的纪律处分有五种：警告、严重警告、撤销党内职务、留党察看、开除党籍（第八条）。",
      "受警告处分一年内、受严重警告处分一年半内，不得在党内提拔职务或者进一步使用（第十条）。",
      "留党察看分为一年、二年，期限最长不超过二年（第十二条）。",
      "受开除党籍处分的，五年内不得重新入党（第十三条）。",
    ],
  },
  {
    title: "纪律处分条例：廉洁纪律",
    slug: "jilv-chufen-tiaoli-2023",
    focus: ["第九十八条", "第九十九条", "第一百条", "第一百零一条"],
    points: [
      "向从事公务的人员及其亲属、特定关系人赠送明显超出正常礼尚往来的礼品、礼金、消费卡等，情节较重的给予警告或者严重警告处分；以讲课费、咨询费等名义变相送礼的同样处理（第九十八条）。",
      "借用管理和服务对象的钱款、住房、车辆等，可能影响公正执行公务，情节较重的给予警告或者严重警告处分（第九十九条）。",
      "利用职权或者职务上的影响操办婚丧喜庆事宜，造成不良影响的给予警告或者严重警告处分；借机敛财的从重或者加重处分（第一百条）。",
      "接受、提供可能影响公正执行公务的宴请或者旅游、健身、娱乐等活动安排，情节较重的给予警告或者严重警告处分（第一百零一条）。",
    ],
  },
  {
    title: "监察法：监察机关、监察对象和监察权限",
    slug: "jianchafa-2024",
    focus: ["第三条", "第十五条", "第十九条", "第二十四条"],
    points: [
      "各级监察委员会是行使国家监察职能的专责机关，对所有行使公权力的公职人员进行监察（第三条）。",
      "国有企业管理人员属于监察对象（第十五条）。",
      "对可能发生职务违法的监察对象，监察机关可以直接或者委托有关机关、人员谈话或者函询，要求说明情况（第十九条）。",
      "对涉嫌贪污贿赂、失职渎职等严重职务违法或者职务犯罪、仍有重要问题需要进一步调查的被调查人，经依法审批可以留置（第二十四条）。",
    ],
  },
  {
    title: "政务处分法：处分的种类、期间和从轻情形",
    slug: "zhengwu-chufenfa-2020",
    focus: ["第七条", "第八条", "第十一条", "第十二条"],
    points: [
      "政务处分分为警告、记过、记大过、降级、撤职、开除六种（第七条）。",
      "处分期间：警告六个月，记过十二个月，记大过十八个月，降级、撤职二十四个月（第八条）。",
      "主动交代、配合调查如实说明、检举他人经查证属实等情形，可以从轻或者减轻给予政务处分（第十一条）。",
      "违法行为情节轻微且具有第十一条情形之一的，可以谈话提醒、批评教育、责令检查或者诫勉，免予或者不予政务处分（第十二条）。",
    ],
  },
  {
    title: "政务处分法：违法行为及其处分",
    slug: "zhengwu-chufenfa-2020",
    focus: ["第三十三条", "第三十五条"],
    points: [
      "贪污贿赂、利用职权为本人或者他人谋取私利的，予以警告、记过或者记大过；情节较重的降级或者撤职；情节严重的开除（第三十三条）。",
      "违反规定发放薪酬、津贴、补贴、奖金，或者在公务接待、公务交通、会议活动、办公用房等方面超标准、超范围的，情节较重的予以警告、记过或者记大过（第三十五条）。",
    ],
  },
];

/** Up to five objective questions of the regulation's bank that cite the module's focus articles. */
async function quizLines(db: DB, slug: string, focus: string[]): Promise<string[]> {
  const bank = (await listBanks(db)).find((b) => b.source === slug);
  if (!bank) return [];
  const questions = (await listVersionQuestions(db, bank.versionId)).map((s) => s.question);
  const wanted = new Set(focus);
  return questions
    .filter((q) => (q.type === "single" || q.type === "judge" || q.type === "multiple") && citedArticles(q.reference).some((a) => wanted.has(a)))
    .slice(0, 5)
    .map((q) => `${bank.bank}@${bank.version}#${q.id}`);
}

function correctResponse(q: FrozenQuestion): Response | null {
  const shown = (original: number) => q.optionOrder.indexOf(original);
  switch (q.answer.kind) {
    case "single":
      return { kind: "single", option: shown(q.answer.option) };
    case "multiple":
      return { kind: "multiple", options: q.answer.options.map(shown).sort((a, b) => a - b) };
    case "judge":
      return { kind: "judge", value: q.answer.value };
    case "fill":
      return { kind: "fill", blanks: q.answer.blanks.map((alts) => alts[0]) };
    default:
      return null;
  }
}

async function takeQuiz(db: DB, input: { examId: number; userId: number; now: Date; skill: number; random: () => number }) {
  const started = await startAttempt(db, { examId: input.examId, userId: input.userId, now: input.now, seed: Math.floor(input.random() * 2 ** 31) });
  if (started.kind === "blocked") return;
  const paper = await loadPaper(db, started.attemptId);
  const answers: Array<{ ref: string; response: Response }> = [];
  paper.sections.forEach((section, s) =>
    section.questions.forEach((_, i) => {
      const ref = `${s}:${i}`;
      const response = input.random() < input.skill ? correctResponse(questionAt(paper, ref)!) : null;
      if (response) answers.push({ ref, response });
    }),
  );
  const savedAt = new Date(input.now.getTime() + 6 * 60_000);
  await saveResponses(db, { attemptId: started.attemptId, userId: input.userId, answers, seq: 1, now: savedAt });
  await submitAttempt(db, { attemptId: started.attemptId, userId: input.userId, now: new Date(savedAt.getTime() + 20_000) });
}

function localTime(year: number, month: number, day: number, hour: number, timeZone: string): Date {
  return zonedInstant({ year, month, day, hour, minute: 0, second: 0 }, timeZone);
}

export async function seedDemoLawStudy(db: DB, input: { now: Date; timeZone: string; ownerOrgId: number; organizerId: number | null }): Promise<void> {
  const { now, timeZone } = input;
  const random = seededRandom(20260310);
  const modules: number[] = [];
  for (const m of DEMO_MODULES) {
    const regulation = await getRegulation(db, m.slug);
    const versions = regulation ? await listRegulationVersions(db, regulation.id) : [];
    const source = versions.length
      ? `v:${versions[0].id}`
      : `r:${await ensureRegulation(db, { slug: m.slug, facts: { ...FACTS[m.slug], status: "in_force" }, now })}`;
    const fixed = await quizLines(db, m.slug, m.focus);
    const result = await createModule(db, {
      form: {
        title: m.title,
        source,
        focus: m.focus.join("、"),
        keyPoints: m.points.join("\n"),
        quizKind: fixed.length >= 2 ? "fixed" : "none",
        quizBank: "",
        quizSingle: 0,
        quizJudge: 0,
        quizFixed: fixed.join("\n"),
        passMark: 60,
      },
      ownerOrgId: input.ownerOrgId,
      actorId: input.organizerId,
      ip: null,
      now,
    });
    if (!result.ok) throw new Error(`demo module ${m.title}: ${JSON.stringify(result.errors)}`);
    modules.push(result.moduleId);
  }

  const office = await db.selectFrom("orgs").select("id").where("name", "=", "机关第一党支部").executeTakeFirst();
  const demoCadre = await db.selectFrom("users").select("id").where("employee_no", "=", "C0001").executeTakeFirst();
  const leaders = { orgIds: office ? [office.id] : [], ranks: [], leadersOnly: true, partyMembersOnly: false, userIds: [] as number[] };
  const year = yearOf(now.toISOString(), timeZone);
  // The meeting within the next days (its outline already open); kept inside this year.
  const soon = new Date(now.getTime() + 2 * 24 * 3600_000);
  const soonParts = wallParts(soon.getTime(), timeZone);
  const next = soonParts.year === year ? localTime(year, soonParts.month, soonParts.day, 9, timeZone) : new Date(now.getTime() + 2 * 3600_000);
  const nextMonth = wallParts(next.getTime(), timeZone).month;

  type Item = { month: number; type: MeetingType; startsAt: Date; lecturer: string; module: number };
  const lecturers = ["局党委书记", "局长", "分管纪检副书记", "法律顾问", "局纪委书记", "副局长"];
  const items: Item[] = [];
  for (let month = 1; month <= 12; month++) {
    items.push({
      month,
      type: month % 2 === 1 ? "party_committee" : "executive",
      startsAt: month === nextMonth ? next : localTime(year, month, 10, 9, timeZone),
      lecturer: lecturers[(month - 1) % lecturers.length],
      module: modules[(month - 1) % modules.length],
    });
  }
  for (const month of [3, 6]) {
    const startsAt = localTime(year, month, 20, 14, timeZone);
    if (startsAt.getTime() < now.getTime()) items.push({ month, type: "study_group", startsAt, lecturer: "局党委书记", module: modules[month === 3 ? 3 : 5] });
  }
  // Two 中心组学习 sessions ahead: one scheduled (outline not open yet), one only planned.
  for (const days of [10, 20]) {
    const startsAt = new Date(now.getTime() + days * 24 * 3600_000);
    const parts = wallParts(startsAt.getTime(), timeZone);
    items.push({ month: parts.month, type: "study_group", startsAt: localTime(parts.year, parts.month, parts.day, 14, timeZone), lecturer: "局党委书记", module: modules[days === 10 ? 4 : 6] });
  }
  items.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const past = items.filter((i) => i.startsAt.getTime() < now.getTime());
  const future = items.filter((i) => i.startsAt.getTime() >= now.getTime());
  const typeName = { party_committee: "党委会议", executive: "常务会议", study_group: "中心组学习" } as const;

  for (const [index, item] of items.entries()) {
    const meetingId = await createMeeting(db, {
      orgId: input.ownerOrgId,
      type: item.type,
      title: `${item.month}月${typeName[item.type]}`,
      startsAt: item.startsAt,
      lecturer: item.lecturer,
      moduleId: item.module,
      actorId: input.organizerId,
      ip: null,
      now: new Date(Math.min(now.getTime(), item.startsAt.getTime() - 20 * 24 * 3600_000)),
    });
    const isPast = past.includes(item);
    const isNext = item.startsAt.getTime() === next.getTime();
    // The first meeting after the next one is scheduled already; later ones are only planned.
    const isScheduledLater = future.indexOf(item) === future.findIndex((f) => f.startsAt.getTime() > next.getTime());
    if (!isPast && !isNext && !isScheduledLater) continue;
    const meeting = await db.selectFrom("law_meetings").selectAll().where("id", "=", meetingId).executeTakeFirstOrThrow();
    const scheduledAt = new Date(Math.min(now.getTime(), item.startsAt.getTime() - 5 * 24 * 3600_000));
    const audience = isNext && demoCadre ? { ...leaders, userIds: [demoCadre.id] } : leaders;
    const scheduled = await scheduleMeeting(db, { meeting, audience, actorId: input.organizerId, ip: null, now: scheduledAt });
    if (!scheduled.ok) throw new Error(`demo meeting ${meeting.title}: ${scheduled.problem}`);
    if (!isPast) continue;

    const attendees = await db.selectFrom("law_attendees").select("user_id").where("meeting_id", "=", meetingId).execute();
    const quizExamId = (await db.selectFrom("law_meetings").select("quiz_exam_id").where("id", "=", meetingId).executeTakeFirstOrThrow()).quiz_exam_id;
    const opens = item.startsAt.getTime() - OUTLINE_LEAD_MS;
    const entries: Array<{ userId: number; attendance: "present" | "absent"; reason: string }> = [];
    for (const a of attendees) {
      if (random() < 0.9) {
        const openAt = new Date(opens + (0.2 + random() * 2) * 24 * 3600_000);
        await recordOpen(db, { meetingId, userId: a.user_id, now: openAt });
        const minutes = 8 + Math.floor(random() * 20);
        const reportAt = new Date(openAt.getTime() + minutes * 60_000);
        await recordReading(db, { meetingId, userId: a.user_id, seconds: minutes * 60, reachedEnd: random() < 0.85, now: reportAt });
        if (quizExamId && random() < 0.8) await takeQuiz(db, { examId: quizExamId, userId: a.user_id, now: new Date(reportAt.getTime() + 60_000), skill: 0.7 + random() * 0.3, random });
      }
      entries.push(random() < 0.92 ? { userId: a.user_id, attendance: "present", reason: "" } : { userId: a.user_id, attendance: "absent", reason: random() < 0.5 ? "出差" : "病假" });
    }
    // The latest past meeting still waits for its attendance to be recorded.
    if (index === items.indexOf(past[past.length - 1])) continue;
    await recordAttendance(db, { meeting: { ...meeting, status: "scheduled" }, entries, actorId: input.organizerId ?? 0, ip: null, now: new Date(item.startsAt.getTime() + 2 * 3600_000) });
  }
}
