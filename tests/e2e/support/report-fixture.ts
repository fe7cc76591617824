/**
 * Run with tsx: builds the benchmark's database (scripts/bench/fixture.ts) in the directory
 * given, with N graded attempts of a 60-question exam, and prints one JSON line with the
 * file, the graded exam and an organizer's session cookie. For e2e tests that need a report
 * large enough to take a while, without a browser clicking through thousands of attempts.
 */
import { buildFixture } from "../../../scripts/bench/fixture";

const [dir, graded] = process.argv.slice(2);
const n = Number(graded);
const fixture = await buildFixture(dir, { cadres: n, open: 0, submit: 0, graded: n, startBurst: 0 }, () => {});
console.log(JSON.stringify({ file: fixture.file, gradedExamId: fixture.gradedExamId, organizerCookie: fixture.organizerCookie }));
