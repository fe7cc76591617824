import fc from "fast-check";

import { drawPaper } from "~/domain/exams/draw-paper";
import { gradeQuestion } from "~/domain/exams/grade-question";
import { displayedAnswer } from "~/domain/exams/option-order";
import { checkPaperSpec } from "~/domain/exams/paper-check";
import type { FrozenPaper, PaperSpec, PoolQuestion, SectionSpec } from "~/domain/exams/types";

import { bankQuestions, poolQuestion } from "./exams-fixtures";

const SENLINFA = { slug: "senlinfa-2019", version: 1 };
const JIANCHAFA = { slug: "jianchafa-2024", version: 3 };

function drawSection(overrides: Partial<SectionSpec> = {}): SectionSpec {
  return {
    title: "一、单选题",
    type: "single",
    count: 5,
    points: 2,
    source: { kind: "draw", banks: [SENLINFA] },
    ...overrides,
  };
}

function spec(sections: SectionSpec[], shuffle = { questions: false, options: false }): PaperSpec {
  return { sections, shuffleQuestions: shuffle.questions, shuffleOptions: shuffle.options };
}

function mustDraw(paperSpec: PaperSpec, pool: PoolQuestion[], seed: number): FrozenPaper {
  const result = drawPaper(paperSpec, pool, seed);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("; "));
  return result.paper;
}

const keysOf = (paper: FrozenPaper) => paper.sections.map((s) => s.questions.map((q) => `${q.bankSlug}#${q.key}`));

const standardPool = [
  ...bankQuestions(30, { type: "single", bankSlug: SENLINFA.slug }),
  ...bankQuestions(12, { type: "multiple", bankSlug: SENLINFA.slug }).map((q) => ({ ...q, key: `m${q.key}` })),
  ...bankQuestions(15, { type: "judge", bankSlug: SENLINFA.slug }).map((q) => ({ ...q, key: `j${q.key}` })),
];
const standardSpec = spec(
  [
    drawSection({ title: "一、单选题", type: "single", count: 10, points: 2 }),
    drawSection({ title: "二、多选题", type: "multiple", count: 5, points: 4 }),
    drawSection({ title: "三、判断题", type: "judge", count: 10, points: 2 }),
  ],
  { questions: true, options: true }
);

describe("drawing a paper", () => {
  it("draws the identical paper again from the same seed", () => {
    expect(mustDraw(standardSpec, standardPool, 42)).toEqual(mustDraw(standardSpec, standardPool, 42));
  });

  it("draws different papers from different seeds (almost always)", () => {
    const papers = new Set(
      Array.from({ length: 20 }, (_, seed) => JSON.stringify(keysOf(mustDraw(standardSpec, standardPool, seed))))
    );
    expect(papers.size).toBeGreaterThanOrEqual(19);
  });

  it("does not depend on the order the pool was queried in", () => {
    const reversed = standardPool.slice().reverse();
    expect(mustDraw(standardSpec, reversed, 7)).toEqual(mustDraw(standardSpec, standardPool, 7));
  });

  it("stores the seed it was drawn with", () => {
    expect(mustDraw(standardSpec, standardPool, 123456).seed).toBe(123456);
  });

  it("gives each section exactly its count, each question worth the section's points, sections in order", () => {
    const paper = mustDraw(standardSpec, standardPool, 1);
    expect(paper.sections.map((s) => [s.title, s.type, s.points, s.questions.length])).toEqual([
      ["一、单选题", "single", 2, 10],
      ["二、多选题", "multiple", 4, 5],
      ["三、判断题", "judge", 2, 10],
    ]);
    for (const section of paper.sections) {
      expect(section.questions.every((q) => q.points === section.points && q.type === section.type)).toBe(true);
    }
  });

  it("keeps a section minimum with the frozen section, and null when there is none", () => {
    const paper = mustDraw(
      spec([drawSection({ minScore: 6 }), drawSection({ type: "judge", title: "二、判断题" })]),
      [...bankQuestions(5), ...bankQuestions(5, { type: "judge" }).map((q) => ({ ...q, key: `j${q.key}` }))],
      3
    );
    expect(paper.sections.map((s) => s.minScore)).toEqual([6, null]);
  });

  it("draws only the section's type from the pinned bank versions, with any of the tags and an allowed difficulty", () => {
    const wanted = [
      poolQuestion({ key: "w1", tags: ["林地保护"], difficulty: 2 }),
      poolQuestion({ key: "w2", tags: ["森林权属", "林地保护"], difficulty: 3 }),
      poolQuestion({ key: "w3", tags: ["森林权属"], difficulty: 2, bankSlug: JIANCHAFA.slug, bankVersion: 3 }),
    ];
    const decoys = [
      poolQuestion({ key: "d1", type: "judge", tags: ["林地保护"], difficulty: 2 }),
      poolQuestion({ key: "d2", bankVersion: 2, tags: ["林地保护"], difficulty: 2 }),
      poolQuestion({ key: "d3", bankSlug: "zhengwu-chufenfa-2020", tags: ["林地保护"], difficulty: 2 }),
      poolQuestion({ key: "d4", tags: ["法律责任"], difficulty: 2 }),
      poolQuestion({ key: "d5", tags: ["林地保护"], difficulty: 5 }),
      poolQuestion({ key: "d6", tags: [], difficulty: 2 }),
    ];
    const section = drawSection({
      count: 3,
      source: { kind: "draw", banks: [SENLINFA, JIANCHAFA], tags: ["林地保护", "森林权属"], difficulties: [2, 3] },
    });
    for (const seed of [1, 2, 3, 4, 5]) {
      const paper = mustDraw(spec([section]), [...decoys, ...wanted], seed);
      expect(paper.sections[0].questions.map((q) => q.key).sort()).toEqual(["w1", "w2", "w3"]);
    }
    expect(checkPaperSpec(spec([{ ...section, count: 4 }]), [...decoys, ...wanted])).toHaveLength(1);
  });

  it("keeps bank order (banks as listed, then key) when questions are not shuffled", () => {
    const pool = [...bankQuestions(6, { bankSlug: JIANCHAFA.slug, bankVersion: 3 }), ...bankQuestions(6)];
    const section = drawSection({ count: 12, source: { kind: "draw", banks: [JIANCHAFA, SENLINFA] } });
    const paper = mustDraw(spec([section]), pool, 9);
    expect(paper.sections[0].questions.map((q) => `${q.bankSlug}#${q.key}`)).toEqual([
      ...["q001", "q002", "q003", "q004", "q005", "q006"].map((k) => `jianchafa-2024#${k}`),
      ...["q001", "q002", "q003", "q004", "q005", "q006"].map((k) => `senlinfa-2019#${k}`),
    ]);
  });

  it("never gives a later section a question an earlier section already drew", () => {
    // Both sections draw singles from the same 12; together they need all of them.
    const pool = bankQuestions(12, { tags: ["总则"] });
    const paperSpec = spec([
      drawSection({ count: 6 }),
      drawSection({
        title: "二、单选题（总则）",
        count: 6,
        source: { kind: "draw", banks: [SENLINFA], tags: ["总则"] },
      }),
    ]);
    for (let seed = 0; seed < 20; seed++) {
      const keys = keysOf(mustDraw(paperSpec, pool, seed)).flat();
      expect(new Set(keys).size).toBe(12);
    }
  });

  it("does not put one question on the paper twice when two versions of its bank are pinned", () => {
    const pool = [...bankQuestions(4, { bankVersion: 1 }), ...bankQuestions(4, { bankVersion: 2 })];
    const section = drawSection({
      count: 4,
      source: { kind: "draw", banks: [SENLINFA, { slug: SENLINFA.slug, version: 2 }] },
    });
    const paper = mustDraw(spec([section]), pool, 5);
    expect(paper.sections[0].questions.map((q) => q.key)).toEqual(["q001", "q002", "q003", "q004"]);
    expect(paper.sections[0].questions.every((q) => q.bankVersion === 1)).toBe(true);
    expect(checkPaperSpec(spec([{ ...section, count: 5 }]), pool)[0].available).toBe(4);
  });

  it("freezes copies: changing the pool afterwards does not change the drawn paper", () => {
    const pool = bankQuestions(5, { type: "multiple" });
    const paper = mustDraw(spec([drawSection({ type: "multiple", count: 5 })]), pool, 1);
    const before = structuredClone(paper);
    for (const q of pool) if (q.answer.kind === "multiple") q.answer.options.push(3);
    expect(paper).toEqual(before);
  });
});

describe("a pool that cannot fill a section", () => {
  it("is refused with a problem naming the section, what it needs and what is available", () => {
    const pool = [
      ...bankQuestions(20),
      ...bankQuestions(6, { type: "multiple" }).map((q) => ({ ...q, key: `m${q.key}` })),
    ];
    const paperSpec = spec([
      drawSection({ count: 10 }),
      drawSection({ title: "二、多选题", type: "multiple", count: 10 }),
    ]);
    const result = drawPaper(paperSpec, pool, 1);
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          section: 1,
          title: "二、多选题",
          needed: 10,
          available: 6,
          message: "第2部分“多选题”需要 10 题，符合条件的只有 6 题",
        },
      ],
    });
    expect(checkPaperSpec(paperSpec, pool)).toEqual(result.ok ? [] : result.problems);
  });

  it("counts what earlier sections may take, so whether a paper draws never depends on the seed", () => {
    const pool = bankQuestions(10, { tags: ["总则"] });
    const paperSpec = spec([
      drawSection({ count: 6 }),
      drawSection({ title: "二、单选题", count: 6, source: { kind: "draw", banks: [SENLINFA], tags: ["总则"] } }),
    ]);
    const problems = checkPaperSpec(paperSpec, pool);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ section: 1, needed: 6, available: 4 });
    expect(problems[0].message).toBe(
      "第2部分“单选题”需要 6 题，符合条件的只有 4 题（另有 6 题被其他部分占用或可能被前面的部分抽走）"
    );
    for (let seed = 0; seed < 10; seed++) expect(drawPaper(paperSpec, pool, seed).ok).toBe(false);
  });

  it("is refused when a count or points make no sense", () => {
    const pool = bankQuestions(5);
    expect(checkPaperSpec(spec([drawSection({ count: 0 })]), pool).map((p) => p.message)).toEqual([
      "第1部分“单选题”的题量必须是正整数",
    ]);
    expect(checkPaperSpec(spec([drawSection({ points: 0 })]), pool).map((p) => p.message)).toEqual([
      "第1部分“单选题”的每题分值必须大于 0",
    ]);
    expect(checkPaperSpec(spec([drawSection({ minScore: 11 })]), pool).map((p) => p.message)).toEqual([
      "第1部分“单选题”的最低分 11 应在 0 到本部分满分 10 之间",
    ]);
  });
});

describe("fixed sections", () => {
  const pool = [...bankQuestions(8), ...bankQuestions(3, { type: "judge" }).map((q) => ({ ...q, key: `j${q.key}` }))];
  const ref = (key: string) => ({ slug: SENLINFA.slug, version: 1, key });
  const fixed = (keys: string[], overrides: Partial<SectionSpec> = {}): SectionSpec =>
    drawSection({
      title: "二、指定题",
      count: keys.length,
      source: { kind: "fixed", questions: keys.map(ref) },
      ...overrides,
    });

  it("take exactly the listed questions, in the listed order", () => {
    const paper = mustDraw(spec([fixed(["q005", "q002", "q007"])]), pool, 1);
    expect(paper.sections[0].questions.map((q) => q.key)).toEqual(["q005", "q002", "q007"]);
  });

  it("reserve their questions: a draw section before them never takes one", () => {
    const paperSpec = spec([drawSection({ count: 5 }), fixed(["q001", "q002", "q003"])]);
    for (let seed = 0; seed < 20; seed++) {
      const [drawn, listed] = keysOf(mustDraw(paperSpec, pool, seed));
      expect(listed).toEqual(["senlinfa-2019#q001", "senlinfa-2019#q002", "senlinfa-2019#q003"]);
      expect(drawn.filter((k) => listed.includes(k))).toEqual([]);
    }
    expect(checkPaperSpec(spec([drawSection({ count: 6 }), fixed(["q001", "q002", "q003"])]), pool)[0]).toMatchObject({
      section: 0,
      available: 5,
    });
  });

  it("report a missing question, a question of another type, a repeat and a count mismatch", () => {
    const problems = checkPaperSpec(spec([fixed(["q001"]), fixed(["q999", "jq001", "q001"], { count: 4 })]), pool);
    expect(problems.map((p) => p.message)).toEqual([
      "第2部分“指定题”指定的试题 senlinfa-2019 第1版 q999 不存在",
      "第2部分“指定题”指定的试题 senlinfa-2019 第1版 jq001 是判断题，与本部分题型不符",
      "第2部分“指定题”指定的试题 senlinfa-2019 第1版 q001 在试卷中重复出现",
      "第2部分“指定题”需要 4 题，指定了 3 题",
    ]);
    expect(problems.every((p) => p.section === 1 && p.needed === 4 && p.available === 0)).toBe(true);
  });

  it("refuse a question pinned at a version the pool does not have", () => {
    const problems = checkPaperSpec(
      spec([fixed(["q001"], { source: { kind: "fixed", questions: [{ ...ref("q001"), version: 2 }] } })]),
      pool
    );
    expect(problems.map((p) => p.message)).toEqual(["第1部分“指定题”指定的试题 senlinfa-2019 第2版 q001 不存在"]);
  });
});

describe("shuffling", () => {
  it("shuffles questions within each section only, when asked", () => {
    const pool = [...bankQuestions(6), ...bankQuestions(6, { type: "judge" }).map((q) => ({ ...q, key: `j${q.key}` }))];
    const sections = [drawSection({ count: 6 }), drawSection({ title: "二、判断题", type: "judge", count: 6 })];
    const plain = keysOf(mustDraw(spec(sections), pool, 11));
    const orders = new Set<string>();
    for (let seed = 0; seed < 10; seed++) {
      const shuffled = keysOf(mustDraw(spec(sections, { questions: true, options: false }), pool, seed));
      expect(shuffled.map((s) => s.slice().sort())).toEqual(plain);
      orders.add(JSON.stringify(shuffled));
    }
    expect(orders.size).toBeGreaterThan(1);
  });

  it("gives single and multiple questions a seeded option permutation, and judge/fill/essay none", () => {
    const pool = [
      ...bankQuestions(4, { type: "single" }),
      ...["multiple", "judge", "fill", "essay"].flatMap((type) =>
        bankQuestions(4, { type: type as PoolQuestion["type"] }).map((q) => ({ ...q, key: `${type}-${q.key}` }))
      ),
    ];
    const sections = (["single", "multiple", "judge", "fill", "essay"] as const).map((type) =>
      drawSection({ title: type, type, count: 4 })
    );
    const paper = mustDraw(spec(sections, { questions: false, options: true }), pool, 2024);
    const withOptions = paper.sections.slice(0, 2).flatMap((s) => s.questions);
    for (const q of withOptions) {
      expect(q.optionOrder.slice().sort()).toEqual([0, 1, 2, 3]);
      const original = pool.find((p) => p.key === q.key)!;
      expect(q.options).toEqual(q.optionOrder.map((i) => original.options[i]));
      expect(q.answer).toEqual(original.answer);
    }
    expect(withOptions.some((q) => q.optionOrder.join() !== "0,1,2,3")).toBe(true);
    for (const q of paper.sections.slice(2).flatMap((s) => s.questions)) {
      expect([q.optionOrder, q.options]).toEqual([[], []]);
    }
    expect(paper.sections[3].questions.every((q) => q.blanks === 1)).toBe(true);
  });

  it("keeps options in bank order when options are not shuffled", () => {
    const paper = mustDraw(
      spec([drawSection({ count: 4 })], { questions: true, options: false }),
      bankQuestions(4),
      77
    );
    for (const q of paper.sections[0].questions) {
      expect(q.optionOrder).toEqual([0, 1, 2, 3]);
      expect(q.options).toEqual(["甲", "乙", "丙", "丁"]);
    }
  });
});

describe("properties over random pools and specs", () => {
  const TYPES = ["single", "multiple", "judge"] as const;
  const SLUGS = ["a", "b"];
  const KEYS = Array.from({ length: 25 }, (_, i) => `q${String(i).padStart(2, "0")}`);
  // Every slot of 2 banks × 2 versions × 25 keys, most of them present, with random attributes.
  const slots = SLUGS.flatMap((bankSlug) =>
    [1, 2].flatMap((bankVersion) => KEYS.map((key) => ({ bankSlug, bankVersion, key })))
  );
  const poolArb = fc
    .tuple(
      ...slots.map((slot) =>
        fc
          .record({
            present: fc.oneof(
              { weight: 4, arbitrary: fc.constant(true) },
              { weight: 1, arbitrary: fc.constant(false) }
            ),
            type: fc.constantFrom(...TYPES),
            tags: fc.subarray(["t1", "t2", "t3"]),
            difficulty: fc.integer({ min: 1, max: 5 }),
          })
          .map(({ present, ...rest }) => (present ? { ...slot, ...rest } : null))
      )
    )
    .map((rows) => rows.flatMap((row, i) => (row ? [poolQuestion({ ...row, rowId: i + 1 })] : [])));
  const sectionArb = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        title: fc.constant("部分"),
        type: fc.constantFrom(...TYPES),
        count: fc.integer({ min: 1, max: 6 }),
        points: fc.constantFrom(1, 2, 2.5),
        source: fc.record({
          kind: fc.constant("draw" as const),
          banks: fc.uniqueArray(fc.record({ slug: fc.constantFrom(...SLUGS), version: fc.constantFrom(1, 2) }), {
            selector: (b) => `${b.slug}@${b.version}`,
            minLength: 1,
            maxLength: 3,
          }),
          tags: fc.option(fc.subarray(["t1", "t2", "t3"], { minLength: 1 }), { nil: undefined, freq: 2 }),
          difficulties: fc.option(fc.subarray([1, 2, 3, 4, 5], { minLength: 2 }), { nil: undefined, freq: 2 }),
        }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({
          title: fc.constant("指定"),
          type: fc.constantFrom(...TYPES),
          points: fc.constant(2),
          questions: fc.array(
            fc.record({
              slug: fc.constantFrom(...SLUGS),
              version: fc.constantFrom(1, 2),
              key: fc.constantFrom(...KEYS),
            }),
            {
              minLength: 1,
              maxLength: 2,
            }
          ),
        })
        .map(({ questions, ...rest }) => ({
          ...rest,
          count: questions.length,
          source: { kind: "fixed" as const, questions },
        })),
    }
  );
  const specArb = fc.record({
    sections: fc.array(sectionArb, { minLength: 1, maxLength: 4 }),
    shuffleQuestions: fc.boolean(),
    shuffleOptions: fc.boolean(),
  }) as fc.Arbitrary<PaperSpec>;
  const seedArb = fc.integer({ min: 0, max: 0xffffffff });

  it("a spec that passes the check always draws, exact counts and points, no question twice", () => {
    let drawable = 0;
    let drawableMulti = 0;
    let drawableFixed = 0;
    fc.assert(
      fc.property(poolArb, specArb, seedArb, (pool, paperSpec, seed) => {
        const problems = checkPaperSpec(paperSpec, pool);
        const result = drawPaper(paperSpec, pool, seed);
        if (problems.length > 0) {
          expect(result).toEqual({ ok: false, problems });
          return;
        }
        drawable++;
        if (paperSpec.sections.length > 1) drawableMulti++;
        if (paperSpec.sections.some((x) => x.source.kind === "fixed")) drawableFixed++;
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const identities = result.paper.sections.flatMap((s) => s.questions.map((q) => `${q.bankSlug}#${q.key}`));
        expect(new Set(identities).size).toBe(identities.length);
        result.paper.sections.forEach((section, i) => {
          const wanted = paperSpec.sections[i];
          expect(section.questions).toHaveLength(wanted.count);
          for (const q of section.questions) {
            expect(q.type).toBe(wanted.type);
            expect(q.points).toBe(wanted.points);
            if (wanted.source.kind === "draw") {
              const { banks, tags, difficulties } = wanted.source;
              expect(banks.some((b) => b.slug === q.bankSlug && b.version === q.bankVersion)).toBe(true);
              const source = pool.find((p) => p.rowId === q.rowId)!;
              if (tags?.length) expect(source.tags.some((t) => tags.includes(t))).toBe(true);
              if (difficulties?.length) expect(difficulties).toContain(source.difficulty);
            }
          }
        });
        expect(drawPaper(paperSpec, pool, seed)).toEqual(result);
      }),
      { numRuns: 300 }
    );
    // The generators must exercise the drawing path, not only the refusals.
    expect(drawable).toBeGreaterThan(60);
    expect(drawableMulti).toBeGreaterThan(15);
    expect(drawableFixed).toBeGreaterThan(3);
  });

  it("grading the displayed correct options gives full points under any option permutation", () => {
    const pool = [
      ...bankQuestions(5, {
        type: "single",
        options: ["A", "B", "C", "D", "E", "F"],
        answer: { kind: "single", option: 4 },
      }),
      ...bankQuestions(5, {
        type: "multiple",
        options: ["A", "B", "C", "D", "E"],
        answer: { kind: "multiple", options: [0, 3, 4] },
      }).map((q) => ({ ...q, key: `m${q.key}` })),
    ];
    const paperSpec = spec([drawSection({ count: 5 }), drawSection({ type: "multiple", count: 5, points: 4 })], {
      questions: true,
      options: true,
    });
    fc.assert(
      fc.property(seedArb, fc.constantFrom("all_or_nothing", "partial_half" as const), (seed, policy) => {
        const paper = mustDraw(paperSpec, pool, seed);
        for (const q of paper.sections.flatMap((s) => s.questions)) {
          const right = displayedAnswer(q);
          const response =
            q.type === "single"
              ? { kind: "single" as const, option: right[0] }
              : { kind: "multiple" as const, options: right };
          expect(gradeQuestion(q, response, policy)).toEqual({
            status: "correct",
            points: q.points,
            maxPoints: q.points,
          });
          if (q.type === "single") {
            expect(q.options[right[0]]).toBe("E");
            const other = (right[0] + 1) % q.options.length;
            expect(gradeQuestion(q, { kind: "single", option: other }, policy).points).toBe(0);
          } else {
            expect(right.map((d) => q.options[d]).sort()).toEqual(["A", "D", "E"]);
          }
        }
      }),
      { numRuns: 200 }
    );
  });
});
