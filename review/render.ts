/**
 * The review as markdown for people (a PR comment, a terminal). Stateful data loss comes first and
 * loudest; then one section per stack; never a secret (values are shown by review/compare.ts's
 * showValue). Deterministic: the same review renders the same bytes.
 */
import { losesData, type ResourceChange, type StackComparison } from "./compare";
import type { Review } from "./run";

const usd = (n: number) => `${n < 0 ? "−" : ""}$${Math.abs(n).toFixed(2)}`;
const signed = (n: number) => (n > 0 ? `+${usd(n)}` : n < 0 ? usd(n) : "±$0.00");

const VERB: Record<ResourceChange["action"], string> = {
  create: "added",
  delete: "REMOVED — Terraform destroys it",
  update: "changed in place",
  replace: "REPLACED — destroyed and created again",
  move: "moved",
  forget: "forgotten (removed from state, not destroyed)",
};

/** `prod: 1 to add, 1 to remove, 2 to change (1 replaced) · cost +$24.00/mo`. */
export function summaryLine(s: StackComparison): string {
  if (s.status === "unchanged") return `${s.stack}: no change · cost ${usd(s.cost.headUsd)}/mo`;
  const c = s.counts;
  const parts = [`${c.create} to add`, `${c.delete} to remove`, `${c.update + c.replace} to change (${c.replace} replaced)`];
  if (s.settings.length) parts.push(`${s.settings.length} setting${s.settings.length === 1 ? "" : "s"} changed${movesState(s) ? " (STATE MOVES)" : ""}`);
  if (c.move) parts.push(`${c.move} moved`);
  if (c.forget) parts.push(`${c.forget} forgotten`);
  const what = s.status === "added" ? " (new stack)" : s.status === "removed" ? " (stack no longer synthesized)" : "";
  return `${s.stack}${what}: ${parts.join(", ")} · cost ${signed(s.cost.deltaUsd)}/mo (${usd(s.cost.baseUsd)} → ${usd(s.cost.headUsd)})`;
}

/** The warning that opens the review when any stack would lose data; empty when none would. */
export function dataLossWarning(stacks: readonly StackComparison[]): string[] {
  const lost = stacks.flatMap((s) => s.changes.filter(losesData).map((c) => ({ stack: s.stack, c })));
  const unprotected = stacks.flatMap((s) => s.changes.filter((c) => c.stateful && c.losesPreventDestroy && !losesData(c)).map((c) => ({ stack: s.stack, c })));
  const out: string[] = [];
  if (lost.length > 0) {
    out.push(
      `> [!CAUTION]`,
      `> **DATA LOSS: ${lost.length} stateful resource${lost.length === 1 ? "" : "s"} would be destroyed.** ${lost
        .map(({ stack, c }) => `${stack}: \`${c.address}\` (${c.stateful}, ${c.action === "delete" ? "removed from the configuration" : "replaced"})`)
        .join("; ")}.`,
    );
    if (lost.some(({ c }) => c.action === "delete")) {
      out.push(`> \`prevent_destroy\` does not protect a resource whose block is gone from the configuration: Terraform destroys it and its data. If it was renamed, add a \`moved\` block; if it must go, empty and back it up first.`);
    }
  }
  if (unprotected.length > 0) {
    out.push(`> **\`prevent_destroy\` removed** from ${unprotected.map(({ stack, c }) => `${stack}: \`${c.address}\``).join(", ")}.`);
  }
  return out;
}

function changeLine(c: ResourceChange): string[] {
  const mark = losesData(c) ? "🛑 " : c.stateful ? "⚠️ " : "";
  const kind = c.stateful ? ` (${c.stateful})` : "";
  const lines = [`- ${mark}\`${c.address}\`${kind}: ${VERB[c.action]}${c.from ? ` from \`${c.from}\`` : ""}`];
  if (c.renamedTo) lines.push(`  - looks renamed to \`${c.renamedTo}\` (same configuration): add \`moved { from = ${c.address}, to = ${c.renamedTo} }\` to keep it`);
  for (const a of c.attributes) {
    lines.push(`  - \`${a.path}\`: ${a.before} → ${a.after}${a.forcesReplacement ? " — **forces replacement**" : ""}`);
  }
  if (c.losesPreventDestroy) lines.push("  - `lifecycle.prevent_destroy` is no longer set");
  return lines;
}

/** The backend block changed: the state must be migrated before anything else. */
export function movesState(s: StackComparison): boolean {
  return s.settings.some((a) => a.path.startsWith("terraform.backend"));
}

export function renderMarkdown(review: Review, preset: string): string {
  const out: string[] = [`## Change review: ${preset}, working tree against \`${review.base.ref}\` (${review.base.commit.slice(0, 12)})`, ""];
  out.push(...dataLossWarning(review.stacks));
  if (out.length > 2) out.push("");
  if (review.policy.status === "failed") {
    out.push("**Policy of the working tree: FAILED** — nothing was synthesized, so nothing was compared:", "", "```", ...review.policy.lines, "```", "");
    return out.join("\n");
  }
  for (const s of review.stacks) out.push(`- ${summaryLine(s)}`);
  const total = review.stacks.reduce((sum, s) => sum + s.cost.deltaUsd, 0);
  out.push(`- total cost ${signed(Math.round(total * 100) / 100)}/mo (catalog prices of the working tree for both sides)`, "");
  out.push(`Policy of the working tree: passed${review.policy.lines.length ? "" : "."}`);
  for (const line of review.policy.lines) out.push(`- ${line}`);
  out.push("");
  for (const s of review.stacks.filter((x) => x.changes.length > 0 || x.settings.length > 0)) {
    out.push(`### ${s.stack}`, "");
    for (const c of s.changes) out.push(...changeLine(c));
    if (s.settings.length > 0) {
      out.push(`- settings${movesState(s) ? ": **the state backend changes: run `terraform init -migrate-state` before planning, or Terraform starts from an empty state**" : ""}`);
      for (const a of s.settings) out.push(`  - \`${a.path}\`: ${a.before} → ${a.after}`);
    }
    out.push("");
  }
  if (review.stacks.every((s) => s.status === "unchanged")) out.push("No change in any stack.", "");
  out.push("_Offline comparison of the synthesized JSON (no state, no credentials): values the API fills in and drift are not visible; `terraform plan` has the last word. Replacement marks come from the provider's ForceNew attributes (review/force-new.ts)._");
  return out.join("\n") + "\n";
}
