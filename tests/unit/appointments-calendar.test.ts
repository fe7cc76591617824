import { caseAgeDays } from "~/domain/appointments/board";
import { addYears, ageOn, dateIn, isOpenBook, isPassValidOn, parseIsoDate, passValidUntil } from "~/domain/appointments/calendar";

const SHANGHAI = "Asia/Shanghai";

describe("dates of pre-appointment cases", () => {
  test("only real calendar dates are dates", () => {
    expect(parseIsoDate("2026-02-28")).toEqual({ year: 2026, month: 2, day: 28 });
    expect(parseIsoDate("2026-02-29")).toBeNull();
    expect(parseIsoDate("2024-02-29")).not.toBeNull();
    expect(parseIsoDate("2026-13-01")).toBeNull();
    expect(parseIsoDate("2026-5-1")).toBeNull();
  });

  test("an instant's date is the date in Beijing, not in UTC", () => {
    // 2024-03-09 16:30 UTC is 2024-03-10 00:30 in Beijing.
    expect(dateIn("2024-03-09T16:30:00.000Z", SHANGHAI)).toBe("2024-03-10");
    expect(dateIn("2024-03-09T16:30:00.000Z", "UTC")).toBe("2024-03-09");
  });

  test("age in full years on the decision date", () => {
    expect(ageOn("1976-05-10", "2026-05-09")).toBe(49);
    expect(ageOn("1976-05-10", "2026-05-10")).toBe(50);
    expect(ageOn("1976-05-10", "2026-12-31")).toBe(50);
    // Born on 29 February: a year older on 1 March in a year without it.
    expect(ageOn("1976-02-29", "2026-02-28")).toBe(49);
    expect(ageOn("1976-02-29", "2026-03-01")).toBe(50);
    expect(ageOn("1976-02-29", "2024-02-29")).toBe(48);
  });

  test("open-book from 50 on the decision date, never without a birth date or when the bureau turned it off", () => {
    expect(isOpenBook({ birthDate: "1976-05-10", decidedOn: "2026-05-09", openBookAge: 50 })).toBe(false);
    expect(isOpenBook({ birthDate: "1976-05-10", decidedOn: "2026-05-10", openBookAge: 50 })).toBe(true);
    expect(isOpenBook({ birthDate: null, decidedOn: "2026-05-10", openBookAge: 50 })).toBe(false);
    expect(isOpenBook({ birthDate: "1950-01-01", decidedOn: "2026-05-10", openBookAge: null })).toBe(false);
    expect(isOpenBook({ birthDate: "1971-05-10", decidedOn: "2026-05-10", openBookAge: 55 })).toBe(true);
  });

  test("a pass is valid through the day before its anniversary", () => {
    expect(passValidUntil("2024-03-10T02:00:00.000Z", 2, SHANGHAI)).toBe("2026-03-09");
    expect(isPassValidOn({ passedAt: "2024-03-10T02:00:00.000Z", validityYears: 2, on: "2026-03-09", timeZone: SHANGHAI })).toBe(true);
    expect(isPassValidOn({ passedAt: "2024-03-10T02:00:00.000Z", validityYears: 2, on: "2026-03-10", timeZone: SHANGHAI })).toBe(false);
    expect(passValidUntil("2024-03-10T02:00:00.000Z", 3, SHANGHAI)).toBe("2027-03-09");
  });

  test("the validity boundary is reckoned in Asia/Shanghai", () => {
    // Passed at 00:30 on 10 March in Beijing (still 9 March in UTC): valid through 2026-03-09, one day longer than in UTC.
    const passedAt = "2024-03-09T16:30:00.000Z";
    expect(passValidUntil(passedAt, 2, SHANGHAI)).toBe("2026-03-09");
    expect(passValidUntil(passedAt, 2, "UTC")).toBe("2026-03-08");
    expect(isPassValidOn({ passedAt, validityYears: 2, on: "2026-03-09", timeZone: SHANGHAI })).toBe(true);
    expect(isPassValidOn({ passedAt, validityYears: 2, on: "2026-03-09", timeZone: "UTC" })).toBe(false);
  });

  test("a pass on 29 February runs to 28 February", () => {
    expect(addYears("2024-02-29", 2)).toBe("2026-03-01");
    expect(passValidUntil("2024-02-29T04:00:00.000Z", 2, SHANGHAI)).toBe("2026-02-28");
    expect(passValidUntil("2024-02-29T04:00:00.000Z", 4, SHANGHAI)).toBe("2028-02-28");
  });

  test("a case's age in days counts Beijing calendar days, and stops when it closes", () => {
    const createdAt = "2026-05-01T15:30:00.000Z"; // 2026-05-01 23:30 in Beijing
    expect(caseAgeDays({ createdAt, closedAt: null, now: new Date("2026-05-01T16:10:00.000Z"), timeZone: SHANGHAI })).toBe(1);
    expect(caseAgeDays({ createdAt, closedAt: null, now: new Date("2026-05-11T03:00:00.000Z"), timeZone: SHANGHAI })).toBe(10);
    expect(caseAgeDays({ createdAt, closedAt: "2026-05-04T01:00:00.000Z", now: new Date("2026-06-30T03:00:00.000Z"), timeZone: SHANGHAI })).toBe(3);
  });
});
