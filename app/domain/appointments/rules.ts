/**
 * A bureau's pre-appointment rules (DESIGN.md, Law study and pre-appointment): local rules
 * differ, so each is a setting. A case copies the rules when it opens (ADR 0015).
 * Browser-safe, pure.
 */
import type { BankPin, PaperSpec, QuestionType } from "../exams/types";

export const SECOND_FAIL_ACTIONS = ["defer", "cancel"] as const;
/** What failing the makeup (or a fail with no makeup allowed) does to the case: 暂缓任用 or 取消. */
export type SecondFailAction = (typeof SECOND_FAIL_ACTIONS)[number];

export const SECOND_FAIL_LABELS: Record<SecondFailAction, string> = { defer: "暂缓任用", cancel: "取消任用" };

export const RULE_SECTION_TYPES = ["single", "multiple", "judge", "fill"] as const satisfies readonly QuestionType[];
export type RuleSectionType = (typeof RULE_SECTION_TYPES)[number];

export const RULE_SECTION_LABELS: Record<RuleSectionType, string> = { single: "单选题", multiple: "多选题", judge: "判断题", fill: "填空题" };

/** One part of the standard paper; count 0 leaves it out. minScore is the optional section minimum. */
export type RuleSection = { type: RuleSectionType; count: number; points: number; minScore: number | null };

export type AppointmentRules = {
  passMark: number;
  /** The standard paper, drawn from every bank's newest version when a case opens. */
  sections: RuleSection[];
  /** One makeup (补考) after a fail. */
  makeupAllowed: boolean;
  secondFailAction: SecondFailAction;
  /** Cadres at least this old on the decision date sit the test open-book (开卷); null = never. */
  openBookAge: number | null;
  /** How long a pass stays valid, in years. */
  validityYears: number;
  durationMinutes: number;
  /** How many days the cadre has to take the test (and the makeup). */
  windowDays: number;
};

export const DEFAULT_RULES: AppointmentRules = {
  passMark: 80,
  sections: [
    { type: "single", count: 20, points: 2, minScore: null },
    { type: "multiple", count: 10, points: 3, minScore: null },
    { type: "judge", count: 20, points: 1, minScore: null },
    { type: "fill", count: 5, points: 2, minScore: null },
  ],
  makeupAllowed: true,
  secondFailAction: "defer",
  openBookAge: 50,
  validityYears: 2,
  durationMinutes: 60,
  windowDays: 30,
};

const NUMERALS = ["一", "二", "三", "四", "五", "六"];

/** The sections that are on the paper (count > 0), in order. */
export function paperSections(rules: AppointmentRules): RuleSection[] {
  return rules.sections.filter((s) => s.count > 0);
}

export function rulesMaxScore(rules: AppointmentRules): number {
  return paperSections(rules).reduce((sum, s) => sum + s.count * s.points, 0);
}

export function hasSectionMinimums(rules: AppointmentRules): boolean {
  return paperSections(rules).some((s) => s.minScore !== null);
}

/** The standard paper as an exam's paper definition, drawing from the given bank versions. */
export function rulesPaperSpec(rules: AppointmentRules, banks: BankPin[]): PaperSpec {
  return {
    shuffleQuestions: true,
    shuffleOptions: true,
    sections: paperSections(rules).map((s, i) => ({
      title: `${NUMERALS[i]}、${RULE_SECTION_LABELS[s.type]}`,
      type: s.type,
      count: s.count,
      points: s.points,
      source: { kind: "draw", banks },
      ...(s.minScore !== null ? { minScore: s.minScore } : {}),
    })),
  };
}

/** Problems that make a set of rules unusable, in Chinese, by field; empty when fine. */
export function rulesProblems(rules: AppointmentRules): Record<string, string> {
  const problems: Record<string, string> = {};
  const max = rulesMaxScore(rules);
  if (max <= 0) problems.sections = "试卷至少需要一道题";
  else if (rules.passMark > max) problems.passMark = `及格线不能高于试卷满分 ${max} 分`;
  rules.sections.forEach((s, i) => {
    if (s.minScore !== null && s.count > 0 && s.minScore > s.count * s.points) {
      problems[`sections.${i}.minScore`] = `${RULE_SECTION_LABELS[s.type]}最低分不能高于该部分满分 ${s.count * s.points} 分`;
    }
    if (s.minScore !== null && s.count === 0) problems[`sections.${i}.minScore`] = `${RULE_SECTION_LABELS[s.type]}没有题目，不能设置最低分`;
  });
  return problems;
}

/** The rules in one line each, as the case page and the start page state them. */
export function describeRules(rules: AppointmentRules): string[] {
  const minimums = paperSections(rules)
    .filter((s) => s.minScore !== null)
    .map((s) => `${RULE_SECTION_LABELS[s.type]}不低于 ${s.minScore} 分`);
  return [
    `满分 ${rulesMaxScore(rules)} 分，${rules.passMark} 分及格${minimums.length ? `，且${minimums.join("、")}` : ""}`,
    rules.makeupAllowed
      ? `未通过可补考一次（重新抽题）；补考仍未通过的，${SECOND_FAIL_LABELS[rules.secondFailAction]}`
      : `不安排补考；未通过的，${SECOND_FAIL_LABELS[rules.secondFailAction]}`,
    rules.openBookAge === null ? "一律闭卷" : `任用决定之日年满 ${rules.openBookAge} 周岁的干部开卷考试`,
    `考试合格有效期 ${rules.validityYears} 年，有效期内再任职可沿用`,
  ];
}

/** The 廉政承诺书 a bureau starts with (editable, versioned); written for a forestry bureau. */
export const DEFAULT_COMMITMENT_TITLE = "任前廉政承诺书";
export const DEFAULT_COMMITMENT_BODY = `组织决定由我担任新的领导职务。我深知权力来自组织和职工群众的信任，任职前郑重作出如下承诺：

一、对党忠诚。坚定理想信念，严守政治纪律和政治规矩，不搞团团伙伙，不阳奉阴违。

二、严守作风规定。不收受可能影响公正履职的礼品、礼金、消费卡和有价证券，不参加用公款或由管理服务对象支付的宴请和娱乐活动，不违规使用公务用车和办公用房。

三、秉公用权。在林木采伐指标、林地占用、造林抚育和防火工程、物资采购、木材和林产品销售、选人用人等事项上，严格按制度和程序办事，集体研究的事项不个人说了算，与本人或亲属有利害关系的主动回避。

四、不以权谋私。不利用职务上的便利或影响为本人、配偶子女、其他亲属和特定关系人谋取利益，不违规经商办企业，不在管理服务对象处报销应由个人支付的费用。

五、守护林区资源。带头执行森林法律法规，不默许、不纵容毁林、乱占林地和盗伐滥伐行为，发现问题及时制止并报告。

六、如实报告。按规定报告个人有关事项，家庭情况和本人情况发生重大变化时及时向组织说明。

七、管好身边人。教育约束配偶子女和身边工作人员，不让他们打着我的旗号办事。

八、履行一岗双责。抓好分管范围内的党风廉政建设，对苗头性问题早提醒、早纠正。

以上承诺，请组织和职工群众监督。如有违反，本人自愿接受组织处理和纪律处分。`;
