/**
 * What the validator prints: exactly one line per stack and check —
 *   `bizsocials/prod  terraform plan     ok  (38 to add)`
 * — and after a FAIL line the tool's output, indented.
 */

import { stripAnsi } from "../lib/terraform-diagnostics";

/** ok: passed · FAIL: failed (the run exits 1) · none: nothing of that kind to check · skip: an earlier step failed, or the check cannot apply (a Droplet check of an App Platform stack; a boot where booting is impossible). */
export type Status = "ok" | "FAIL" | "none" | "skip";

export interface CheckResult {
  readonly status: Status;
  /** Shown on the line: in parentheses after ok/none/skip, plain after FAIL. */
  readonly detail?: string;
  /** Shown indented under a FAIL line. */
  readonly output?: string;
}

export const ok = (detail?: string): CheckResult => ({ status: "ok", ...(detail ? { detail } : {}) });
export const fail = (detail: string, output?: string): CheckResult => ({ status: "FAIL", detail, ...(output ? { output } : {}) });
export const none = (detail: string): CheckResult => ({ status: "none", detail });
export const skip = (detail: string): CheckResult => ({ status: "skip", detail });

export const INDENT = "    ";

/** Output lines indented, trailing blank lines and colour codes removed. */
export function indent(output: string): string {
  const lines = stripAnsi(output)
    .split("\n")
    .map((l) => l.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  while (lines.length > 0 && lines[0] === "") lines.shift();
  return lines.map((l) => (l === "" ? "" : `${INDENT}${l}`)).join("\n");
}

export function formatResult(label: string, check: string, result: CheckResult, widths: { label: number; check: number }): string {
  const head = `${label.padEnd(widths.label)}  ${check.padEnd(widths.check)}  ${result.status}`;
  const detail = result.detail ? (result.status === "FAIL" ? `  ${result.detail}` : `  (${result.detail})`) : "";
  const body = result.status === "FAIL" && result.output ? indent(result.output) : "";
  return `${head}${detail}\n${body ? `${body}\n` : ""}`;
}

/**
 * The results of one check on a stack's documents (one per distinct user_data, `what` naming its
 * Droplets) as the one line the stack gets: FAIL if any failed, each part's detail prefixed by `what`.
 */
export function combine(parts: readonly { what: string; result: CheckResult }[], nothing: string): CheckResult {
  if (parts.length === 0) return none(nothing);
  const failed = parts.filter((p) => p.result.status === "FAIL");
  const detail = (list: typeof parts) => list.map((p) => (p.result.detail ? `${p.what}: ${p.result.detail}` : p.what)).join("; ");
  if (failed.length > 0) {
    const output = failed.length === 1 ? failed[0]!.result.output : failed.map((p) => (p.result.output ? `${p.what}:\n${indent(p.result.output)}` : "")).filter((o) => o !== "").join("\n");
    return fail(detail(failed), output);
  }
  const status = parts.every((p) => p.result.status === "none") ? "none" : parts.some((p) => p.result.status === "skip") ? "skip" : "ok";
  return { status, detail: detail(parts) };
}
