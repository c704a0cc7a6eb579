/**
 * One pull-request comment per stack from a real plan: `terraform show -json tfplan` (format 1.x)
 * and, optionally, `terraform show -no-color tfplan` for the collapsed full text. First line after
 * the sticky marker: a loud warning when a stateful resource would be destroyed or replaced. Then
 * Terraform's own summary line, a table of every resource action with Terraform's reason, and the
 * full plan folded away. Values are never printed from the JSON (only attribute names), so a
 * sensitive value cannot leak through this renderer; the text plan is Terraform's, which already
 * prints "(sensitive value)".
 */
import { statefulKind } from "./stateful";

export type Json = Record<string, any>;

/** GitHub refuses comments longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65536;

export class PlanFormatError extends Error {
  constructor(what: string, value: unknown, allowed: string) {
    super(`plan-comment: ${what} = ${JSON.stringify(value)}; allowed: ${allowed}`);
    this.name = "PlanFormatError";
  }
}

export interface ResourceAction {
  readonly address: string;
  readonly type: string;
  /** `forget`: a `removed` block with destroy = false (Terraform ≥ 1.7): out of state, not destroyed. */
  readonly action: "create" | "update" | "delete" | "replace" | "forget";
  /** For replace: `create_before_destroy` or `delete_before_create` (Terraform's order). */
  readonly order?: "create before destroy" | "destroy before create";
  readonly reason?: string;
  /** Attribute paths that force replacement (Terraform's replace_paths), e.g. `user_data`. */
  readonly replacePaths: readonly string[];
  /** For updates: names of the attributes whose value changes. */
  readonly changed: readonly string[];
  readonly stateful?: string;
}

export interface PlanSummary {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly forget: number;
  readonly outputsOnly: boolean;
  readonly actions: readonly ResourceAction[];
}

/** Checks the plan is `terraform show -json` output of format 1.x. */
export function assertPlan(plan: unknown, source: string): asserts plan is Json {
  if (!plan || typeof plan !== "object" || Array.isArray(plan)) throw new PlanFormatError(`${source}`, typeof plan, "the JSON object `terraform show -json <planfile>` prints");
  const version = (plan as Json).format_version;
  if (typeof version !== "string" || !/^1\.\d+$/.test(version)) throw new PlanFormatError(`${source}: format_version`, version ?? null, "1.x (terraform show -json of Terraform ≥ 1.0)");
  if ((plan as Json).resource_changes !== undefined && !Array.isArray((plan as Json).resource_changes)) {
    throw new PlanFormatError(`${source}: resource_changes`, typeof (plan as Json).resource_changes, "a list");
  }
}

function pathText(path: unknown[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

/** Top-level attribute names whose value differs (unknown-after-apply counts as a change). */
function changedAttributes(change: Json): string[] {
  const before = (change.before ?? {}) as Json;
  const after = (change.after ?? {}) as Json;
  const unknown = (change.after_unknown ?? {}) as Json;
  const keys = new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)]);
  return [...keys].filter((k) => unknown[k] === true || JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}

const REASONS: Record<string, string> = {
  replace_because_cannot_update: "cannot be updated in place",
  replace_because_tainted: "tainted",
  replace_by_request: "replacement requested (-replace)",
  replace_by_triggers: "replace_triggered_by",
  delete_because_no_resource_config: "its block is gone from the configuration",
  delete_because_no_module: "its module is gone",
  delete_because_wrong_repetition: "count/for_each changed",
  delete_because_count_index: "count index out of range",
  delete_because_each_key: "for_each key gone",
  read_because_config_unknown: "its configuration is unknown until apply",
  read_because_dependency_pending: "a dependency changes first",
};

export function summarizePlan(plan: Json): PlanSummary {
  const actions: ResourceAction[] = [];
  let add = 0;
  let change = 0;
  let destroy = 0;
  let forget = 0;
  for (const rc of (plan.resource_changes ?? []) as Json[]) {
    if (rc.mode === "data") continue;
    const list = (rc.change?.actions ?? []) as string[];
    const key = list.join(",");
    let action: ResourceAction["action"];
    let order: ResourceAction["order"];
    if (key === "create") action = "create";
    else if (key === "update") action = "update";
    else if (key === "delete") action = "delete";
    else if (key === "forget") action = "forget";
    else if (key === "delete,create" || key === "create,delete") {
      action = "replace";
      order = key === "create,delete" ? "create before destroy" : "destroy before create";
    } else continue; // no-op, read
    if (action === "create" || action === "replace") add++;
    if (action === "delete" || action === "replace") destroy++;
    if (action === "update") change++;
    if (action === "forget") forget++;
    const kind = statefulKind(String(rc.type), (rc.change?.before ?? rc.change?.after ?? {}) as Json);
    actions.push({
      address: String(rc.address),
      type: String(rc.type),
      action,
      ...(order ? { order } : {}),
      ...(rc.action_reason ? { reason: REASONS[rc.action_reason as string] ?? String(rc.action_reason) } : {}),
      replacePaths: ((rc.change?.replace_paths ?? []) as unknown[][]).map(pathText),
      changed: action === "update" ? changedAttributes(rc.change as Json) : [],
      ...(kind ? { stateful: kind } : {}),
    });
  }
  const outputsOnly = actions.length === 0 && Object.values((plan.output_changes ?? {}) as Json).some((o) => (o.actions as string[]).join() !== "no-op");
  const rank = (a: ResourceAction) => (a.stateful && (a.action === "delete" || a.action === "replace") ? 0 : { delete: 1, replace: 2, update: 3, create: 4, forget: 5 }[a.action]);
  actions.sort((x, y) => rank(x) - rank(y) || x.address.localeCompare(y.address));
  return { add, change, destroy, forget, outputsOnly, actions };
}

/** Terraform's own summary line. */
export function summaryLine(s: PlanSummary): string {
  if (s.add + s.change + s.destroy + s.forget === 0) return s.outputsOnly ? "No changes to resources; outputs only." : "No changes. Your infrastructure matches the configuration.";
  return `Plan: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy${s.forget ? `, ${s.forget} to forget` : ""}.`;
}

export const marker = (label: string) => `<!-- platform-plan:${label} -->`;

const ICON: Record<ResourceAction["action"], string> = { create: "➕ create", update: "✏️ update", delete: "🗑️ destroy", replace: "♻️ replace", forget: "forget (stays, leaves state)" };

/** The stateful warning line, or undefined when no stateful resource is destroyed or replaced. */
export function statefulWarning(s: PlanSummary): string | undefined {
  const lost = s.actions.filter((a) => a.stateful && (a.action === "delete" || a.action === "replace"));
  if (lost.length === 0) return undefined;
  const gone = lost.some((a) => a.reason === REASONS.delete_because_no_resource_config);
  return (
    `🛑 **DATA LOSS: this plan ${lost.map((a) => `${a.action === "delete" ? "DESTROYS" : "REPLACES"} \`${a.address}\` (${a.stateful})`).join(", ")}.**` +
    (gone ? " `prevent_destroy` does not protect a resource whose block was removed from the configuration." : "")
  );
}

export interface CommentInput {
  /** `<app>/<stack>`: the sticky marker and the title. */
  readonly label: string;
  readonly plan: Json;
  readonly planText?: string;
}

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}text\n${text.replace(/\s+$/, "")}\n${ticks}`;
}

export function renderPlanComment(input: CommentInput): string {
  const s = summarizePlan(input.plan);
  const head: string[] = [marker(input.label)];
  const warning = statefulWarning(s);
  if (warning) head.push(warning, "");
  head.push(`### \`terraform plan\`: ${input.label}`, "", `**${summaryLine(s)}**`, "");
  if (s.actions.length > 0) {
    head.push("| action | resource | why |", "|---|---|---|");
    for (const a of s.actions) {
      const why: string[] = [];
      if (a.stateful) why.push(`**stateful: ${a.stateful}**`);
      if (a.order) why.push(a.order);
      if (a.replacePaths.length) why.push(`replaced because ${a.replacePaths.map((p) => `\`${p}\``).join(", ")} ${a.reason ?? "changed"}`);
      else if (a.reason) why.push(a.reason);
      if (a.changed.length) why.push(`changes ${a.changed.map((c) => `\`${c}\``).join(", ")}`);
      head.push(`| ${ICON[a.action]} | \`${a.address}\` | ${why.join("; ") || ""} |`);
    }
    head.push("");
  }
  head.push(`<sub>Terraform ${input.plan.terraform_version ?? "?"} · plan format ${input.plan.format_version}</sub>`);
  let out = head.join("\n") + "\n";
  if (input.planText !== undefined) {
    const open = "\n<details><summary>Full plan</summary>\n\n";
    const close = "\n</details>\n";
    const note = "\n… (truncated to fit GitHub's comment limit: the whole plan is in the job's log)";
    const room = GITHUB_COMMENT_LIMIT - out.length - open.length - close.length - note.length - 16;
    let text = input.planText;
    if (fence(text).length > room) text = text.slice(0, Math.max(0, room - 16)) + note;
    out += open + fence(text) + close;
  }
  return out;
}

/** The fork variant: the offline review, under the same marker, saying plainly that no plan ran. */
export function renderOfflineComment(label: string, reviewMarkdown: string): string {
  const head = [
    marker(label),
    `### Offline review: ${label}`,
    "",
    "> **No `terraform plan` ran**: this pull request comes from a fork, and forks get no secrets (state and API credentials). Below is `npm run review`: a comparison of the synthesized Terraform JSON of this branch with its base. It cannot see state or drift; a maintainer's plan has the last word.",
    "",
  ].join("\n");
  const room = GITHUB_COMMENT_LIMIT - head.length - 128;
  const body = reviewMarkdown.length > room ? `${reviewMarkdown.slice(0, room)}\n\n… (truncated to fit GitHub's comment limit)\n` : reviewMarkdown;
  return `${head}\n${body}`;
}
