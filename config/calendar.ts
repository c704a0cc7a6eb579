/**
 * systemd calendar expressions (`OnCalendar=`, systemd.time(7) "Calendar Events"), checked before
 * anything is synthesized: `daily`, `weekly`, `Sun *-*-* 05:00`, `*-*-* 01:30:00`, `Mon..Fri 02:00 UTC`.
 * This covers the grammar the matrix uses and refuses what systemd refuses in it; `npm run validate`
 * then runs `systemd-analyze verify` on the timers themselves, which is the final word.
 */

const SHORTHANDS = ["minutely", "hourly", "daily", "weekly", "monthly", "yearly", "annually", "quarterly", "semiannually"] as const;
const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/** One component (`*`, `5`, `1,15`, `1..5`, `0/15`, `*\/2`) within [min, max]. */
function componentOk(text: string, min: number, max: number): boolean {
  return text.split(",").every((part) => {
    const m = /^(\*|\d+)(?:\.\.(\d+))?(?:\/(\d+))?$/.exec(part);
    if (!m) return false;
    const [, start, end, step] = m;
    const inRange = (n: string | undefined) => n === undefined || n === "*" || (Number(n) >= min && Number(n) <= max);
    if (!inRange(start) || !inRange(end)) return false;
    if (start === "*" && end !== undefined) return false;
    if (end !== undefined && Number(end) < Number(start)) return false;
    return step === undefined || Number(step) > 0;
  });
}

function weekdaysOk(text: string): boolean {
  return text.split(",").every((part) => {
    const [a, b, ...rest] = part.toLowerCase().split("..");
    return rest.length === 0 && WEEKDAYS.includes(a!) && (b === undefined || WEEKDAYS.includes(b));
  });
}

function dateOk(text: string): boolean {
  const parts = text.split("-");
  if (parts.length === 2) parts.unshift("*");
  if (parts.length !== 3) return false;
  const [year, month, day] = parts as [string, string, string];
  return componentOk(year, 1970, 2199) && componentOk(month, 1, 12) && componentOk(day, 1, 31);
}

function timeOk(text: string): boolean {
  const parts = text.split(":");
  if (parts.length < 2 || parts.length > 3) return false;
  const [hour, minute, second = "0"] = parts as [string, string, string?];
  // Seconds may carry a fraction in systemd; the matrix has no use for one.
  return componentOk(hour, 0, 23) && componentOk(minute, 0, 59) && componentOk(second, 0, 59);
}

/** Whether `expression` is a calendar expression systemd accepts (within the grammar above). */
export function isCalendarExpression(expression: string): boolean {
  const text = expression.trim();
  if (text === "" || text !== expression || /\s{2,}/.test(text)) return false;
  if ((SHORTHANDS as readonly string[]).includes(text)) return true;
  const words = text.split(" ");
  if (words.at(-1) === "UTC") words.pop();
  if (words.length > 0 && /^[A-Za-z]/.test(words[0]!)) {
    if (!weekdaysOk(words.shift()!)) return false;
  }
  if (words.length === 0 || words.length > 2) return false;
  if (words.length === 2) return dateOk(words[0]!) && timeOk(words[1]!);
  return words[0]!.includes(":") ? timeOk(words[0]!) : dateOk(words[0]!);
}

export const CALENDAR_ALLOWED =
  "a systemd calendar expression (systemd.time(7)): daily, weekly, hourly, or [weekday] [date] time like 'Sun *-*-* 05:00:00', '*-*-* 01:30', 'Mon..Fri 02:00'";
