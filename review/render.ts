/**
 * The review as markdown for people (a PR comment, a terminal) and as JSON for machines
 * (`renderJson`, shape documented there). Stateful data loss comes first and loudest, with the
 * `moved` blocks that would keep a renamed resource; then a summary line per stack, the head's
 * policy, and one section per changed stack; never a secret (values are shown by
 * review/compare.ts's showValue). Deterministic: the same review renders the same bytes.
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
  ignore: "changed only in `lifecycle.ignore_changes` attributes — Terraform leaves the existing one as it is",
};

/** `prod: 1 to add, 1 to remove, 2 to change (1 forces replacement) · cost +$24.00/mo ($125.60 → $149.60)`. */
export function summaryLine(s: StackComparison): string {
  if (s.status === "unchanged") return `${s.stack}: no change · cost ${usd(s.cost.headUsd)}/mo`;
  const c = s.counts;
  const lost = s.changes.filter(losesData).length;
  const parts = [`${c.create} to add`, `${c.delete} to remove`, `${c.update + c.replace} to change (${c.replace} forces replacement)`];
  if (c.move) parts.push(`${c.move} moved`);
  if (c.forget) parts.push(`${c.forget} forgotten`);
  if (c.ignore) parts.push(`${c.ignore} changed only in ignored attributes`);
  if (s.settings.length) parts.push(`${s.settings.length} setting${s.settings.length === 1 ? "" : "s"} changed${movesState(s) ? " (STATE MOVES)" : ""}`);
  if (s.dataSources.length) parts.push(`${s.dataSources.length} data source${s.dataSources.length === 1 ? "" : "s"} changed`);
  if (lost) parts.push(`**DATA LOSS: ${lost} stateful resource${lost === 1 ? "" : "s"} destroyed**`);
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
      out.push(
        `> \`prevent_destroy\` does not protect a resource whose block is gone from the configuration: Terraform will **DESTROY** it and its data. If it was renamed, add a \`moved\` block; if it must go, empty and back it up first.`,
      );
    }
    for (const { stack, c } of lost) {
      if (c.renamedTo) out.push(`> ${stack}: \`${c.address}\` looks renamed to \`${c.renamedTo}\`: add \`moved { from = ${c.address}, to = ${c.renamedTo} }\` to keep it.`);
    }
  }
  if (unprotected.length > 0) {
    out.push(`> **\`prevent_destroy\` removed** from ${unprotected.map(({ stack, c }) => `${stack}: \`${c.address}\``).join(", ")}.`);
  }
  return out;
}

/** Whether the review refuses the change: a stack replaces more than one Droplet of a load-balanced group at once. */
export function refusesDowntime(stacks: readonly StackComparison[]): boolean {
  return stacks.some((s) => s.downtime.some((g) => g.refused));
}

/**
 * The downtime verdict of every stack whose change replaces Droplets or touches an App Platform app
 * (review/downtime.ts); empty when none does. An app updated in place only redeploys: a note.
 */
export function downtimeWarning(stacks: readonly StackComparison[]): string[] {
  const lines = stacks.flatMap((s) => s.downtime.map((g) => `> ${s.stack}: ${g.text}`));
  if (lines.length === 0) return [];
  const kinds = new Set(stacks.flatMap((s) => s.downtime.map((g) => g.kind)));
  const droplets = ["load-balanced", "web", "worker"].some((k) => kinds.has(k as never));
  const heads: string[] = [];
  if (refusesDowntime(stacks)) heads.push("> **This change is refused** (`npm run review` exits 1): it takes a load-balanced group's Droplets out of service at once. Replaced Droplets run no release until `npm run deploy`.");
  else if (droplets) heads.push("> **Downtime:** replaced Droplets run no release until `npm run deploy`.");
  if (kinds.has("app-replaced")) heads.push("> **Downtime:** a replaced App Platform app comes back under a new id and default ingress, serving only once its first deployment is live.");
  if (!droplets && !kinds.has("app-replaced")) heads.push("> **Redeploy:** App Platform rolls a new deployment; nothing is replaced.");
  const callout = refusesDowntime(stacks) ? "> [!CAUTION]" : droplets || kinds.has("app-replaced") ? "> [!WARNING]" : "> [!NOTE]";
  return [callout, ...heads, ...lines.flatMap((l) => [">", l])];
}

function changeLine(c: ResourceChange): string[] {
  const mark = losesData(c) ? "🛑 " : c.stateful ? "⚠️ " : "";
  const kind = c.stateful ? ` (${c.stateful})` : "";
  const lines = [`- ${mark}\`${c.address}\`${kind}: ${VERB[c.action]}${c.from ? ` from \`${c.from}\`` : ""}`];
  if (c.renamedTo) lines.push(`  - looks renamed to \`${c.renamedTo}\` (same configuration): add \`moved { from = ${c.address}, to = ${c.renamedTo} }\` to keep it`);
  if (c.renamedFrom) lines.push(`  - looks renamed from \`${c.renamedFrom}\` (same configuration)`);
  if (c.destroyBeforeCreate) lines.push("  - destroyed before its replacement is created (no `lifecycle.create_before_destroy`): down in between");
  for (const a of c.attributes) {
    const mark = a.ignored ? ` — ignored (\`lifecycle.ignore_changes\`)${a.forcesReplacement ? ": it would force replacement, so existing ones keep the old value until replaced on purpose" : ""}` : a.forcesReplacement ? " — **forces replacement**" : "";
    lines.push(`  - \`${a.path}\`: ${a.before} → ${a.after}${mark}`);
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
  const downtime = downtimeWarning(review.stacks);
  if (downtime.length > 0) out.push(...downtime, "");
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
  for (const s of review.stacks.filter((x) => x.changes.length > 0 || x.settings.length > 0 || x.dataSources.length > 0)) {
    out.push(`### ${s.stack}`, "");
    for (const c of s.changes) out.push(...changeLine(c));
    const renames = s.changes.filter((c) => c.renamedTo);
    if (renames.length > 1) {
      out.push(`- to keep all ${renames.length} that look renamed: these \`moved\` blocks (in cdktf, \`moveFromId("<old address>")\` on each new resource)`, "", "  ```hcl");
      for (const c of renames) out.push(`  moved {`, `    from = ${c.address}`, `    to   = ${c.renamedTo}`, `  }`);
      out.push("  ```");
    }
    if (s.dataSources.length > 0) {
      out.push("- data sources (read at plan time, never created or destroyed)");
      for (const d of s.dataSources) {
        out.push(`  - \`${d.address}\`: ${{ create: "added", delete: "removed", update: "changed" }[d.action]}`);
        for (const a of d.attributes) out.push(`    - \`${a.path}\`: ${a.before} → ${a.after}`);
      }
    }
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

/**
 * `npm run review -- --json`: the review for machines. The shape (stable; fields are only ever
 * added):
 *
 * ```
 * { preset, base: { ref, commit }, head: "working tree",
 *   cost: { baseUsd, headUsd, deltaUsd, pricedWith: "working tree catalog" },   // all stacks
 *   policy: { status: "passed" | "failed", lines: [string], stacks: [{ stack, rulesApplied, suppressed }] },
 *   stacks: [{                                    // dev, staging, prod, dr, bootstrap, then others by name
 *     stack, status: "unchanged" | "changed" | "added" | "removed",
 *     counts: { create, delete, update, replace, move, forget, ignore },
 *     cost: { baseUsd, headUsd, deltaUsd },
 *     changes: [{                                 // loudest first: stateful removals, stateful replacements, …
 *       address, type, action: "create" | "delete" | "update" | "replace" | "move" | "forget" | "ignore",
 *       stateful: string | null,                  // "database", "bucket", "cache", "DNS zone", … (review/stateful.ts)
 *       attributes: [{ path, before, after, forcesReplacement, ignored? }],   // values as shown, never secrets
 *       from?, renamedTo?, renamedFrom?,          // move source; a removal that looks renamed (write a moved block)
 *       forceNewSource?,                          // FORCE_NEW[type].source: where the ForceNew attributes were read
 *       losesPreventDestroy?, destroyBeforeCreate? }],
 *     downtime: [{ group, kind: "load-balanced" | "web" | "worker" | "app-redeploy" | "app-replaced", total, replaced: [address], refused, text }],   // review/downtime.ts
 *     dataSources: [{ address, action: "create" | "delete" | "update", attributes }],
 *     settings: [{ path, before, after, forcesReplacement: false }] }] }   // terraform, provider, variable, output
 * ```
 *
 * With a failed policy, `stacks` is empty (the working tree wrote nothing) and `policy.lines` holds the violations.
 */
export function renderJson(review: Review, preset: string): string {
  const sum = (pick: (s: StackComparison) => number) => Math.round(review.stacks.reduce((t, s) => t + pick(s), 0) * 100) / 100;
  const cost = { baseUsd: sum((s) => s.cost.baseUsd), headUsd: sum((s) => s.cost.headUsd), deltaUsd: sum((s) => s.cost.deltaUsd), pricedWith: "working tree catalog" };
  return `${JSON.stringify({ preset, base: review.base, head: review.head, cost, policy: review.policy, stacks: review.stacks }, null, 2)}\n`;
}
