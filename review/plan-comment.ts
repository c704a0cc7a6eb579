/**
 * One pull-request comment per stack from a real plan: `terraform show -json tfplan` (format 1.x)
 * and, optionally, `terraform show -no-color tfplan` for the folded full text. Pure functions,
 * deterministic output.
 *
 * Layout: the sticky marker; then, only when a stateful resource (review/stateful.ts) would be
 * destroyed or replaced, one loud line naming each; the downtime verdict of replaced Droplets
 * (review/downtime.ts); the title; Terraform's own summary line,
 * counted as Terraform counts it; a table of every resource action with Terraform's reason; the
 * outputs that change; the full plan text folded away, cut so the whole comment fits a GitHub
 * comment. Values are never taken from the JSON (only addresses, types and attribute names), so no
 * sensitive value can leak through this renderer; the text plan is Terraform's own rendering,
 * which already prints "(sensitive value)".
 *
 * Also the two other comments of the same sticky slot: the fork variant around `npm run review`
 * (no plan ran: a fork gets no secrets) and the failed-plan comment (so a stale plan of an earlier
 * commit is never left standing).
 */
import { planDowntime } from "./downtime";
import { statefulKind } from "./stateful";

export type Json = Record<string, any>;

/** GitHub refuses issue and pull-request comments longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65536;

/** The first line of every comment this renders: how the commenter finds the one to update. */
export const marker = (label: string) => `<!-- platform-plan:${label} -->`;

/** Something wrong with a plan document: which field, the value found, and what is allowed. */
export interface PlanProblem {
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;
}

/**
 * What keeps a document from being `terraform show -json <planfile>` output this renderer
 * understands (format 1.x); empty when it is one. Only the structure read below is checked.
 */
export function planProblems(doc: unknown): PlanProblem[] {
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) {
    return [{ field: "(document)", value: Array.isArray(doc) ? "a JSON array" : doc === null ? null : typeof doc, allowed: "the JSON object `terraform show -json <planfile>` prints" }];
  }
  const plan = doc as Json;
  const version = plan.format_version;
  if (typeof version !== "string" || !/^1\.\d+$/.test(version)) {
    return [{ field: "format_version", value: version ?? null, allowed: '"1.<minor>": the JSON plan format of Terraform 1.x (`terraform show -json <planfile>`)' }];
  }
  if (plan.values !== undefined && ["resource_changes", "output_changes", "planned_values", "applyable"].every((k) => plan[k] === undefined)) {
    return [{ field: "values", value: "a state", allowed: "a plan: `terraform show -json <planfile>`, not `terraform show -json` of the state" }];
  }
  if (plan.resource_changes !== undefined && !Array.isArray(plan.resource_changes)) {
    return [{ field: "resource_changes", value: typeof plan.resource_changes, allowed: "a list of resource changes" }];
  }
  if (plan.output_changes !== undefined && (typeof plan.output_changes !== "object" || plan.output_changes === null || Array.isArray(plan.output_changes))) {
    return [{ field: "output_changes", value: Array.isArray(plan.output_changes) ? "a list" : typeof plan.output_changes, allowed: "an object of output changes" }];
  }
  const problems: PlanProblem[] = [];
  ((plan.resource_changes ?? []) as unknown[]).forEach((rc, i) => {
    const r = rc as Json;
    if (!r || typeof r !== "object" || typeof r.address !== "string" || typeof r.type !== "string" || !Array.isArray(r.change?.actions)) {
      problems.push({ field: `resource_changes[${i}]`, value: r && typeof r === "object" ? (r.address ?? "(no address)") : typeof r, allowed: "an object with address, type and change.actions" });
    } else if (!actionOf(r.change.actions as string[])) {
      problems.push({ field: `resource_changes[${i}] (${r.address as string}).change.actions`, value: r.change.actions, allowed: Object.keys(ACTION_LISTS).map((k) => `[${k}]`).join(", ") });
    }
  });
  return problems;
}

export type Action = "create" | "update" | "replace" | "delete" | "forget" | "import" | "move";

export interface ResourceAction {
  readonly address: string;
  readonly type: string;
  /** `import` and `move`: no other change; Terraform shows them but counts neither. */
  readonly action: Action;
  /** For replace: Terraform's order (`create_before_destroy` or not). */
  readonly order?: "create before destroy" | "destroy before create";
  /** Terraform's `action_reason`, in words. */
  readonly reason?: string;
  /** Terraform's `replace_paths`: the attributes that force the replacement, e.g. `user_data`. */
  readonly replacePaths: readonly string[];
  /** For updates: names (never values) of the top-level attributes whose value changes. */
  readonly changed: readonly string[];
  /** What the resource holds, when it is stateful (review/stateful.ts). */
  readonly stateful?: string;
  readonly movedFrom?: string;
  readonly importing: boolean;
  readonly deposed?: string;
  /** `create,forget`: a replacement whose old object leaves the state without being destroyed. */
  readonly forgetsOld?: boolean;
}

export interface PlanSummary {
  readonly importing: number;
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  /** Anything Terraform lists under "will perform the following actions" (so it prints a `Plan:` line). */
  readonly hasResourceChanges: boolean;
  /** Data sources Terraform reads during apply (listed by Terraform, not in the table). */
  readonly reads: number;
  readonly actions: readonly ResourceAction[];
  /** Outputs whose value changes: name and Terraform's action. */
  readonly outputs: readonly { readonly name: string; readonly action: string }[];
  readonly errored: boolean;
  readonly complete: boolean;
}

const REASONS: Readonly<Record<string, string>> = {
  replace_because_cannot_update: "cannot be updated in place",
  replace_because_tainted: "the object is tainted",
  replace_by_request: "replacement was requested (`-replace`)",
  replace_by_triggers: "`replace_triggered_by` fired",
  delete_because_no_resource_config: "its block was removed from the configuration",
  delete_because_no_module: "its module was removed from the configuration",
  delete_because_wrong_repetition: "the resource switched between single, `count` and `for_each`",
  delete_because_count_index: "its `count` index is out of range",
  delete_because_each_key: "its `for_each` key is gone",
  delete_because_no_move_target: "its `moved` target does not exist",
};

/** Reasons that mean the resource's block is gone, so its `lifecycle.prevent_destroy` is gone too. */
const CONFIG_GONE = new Set(["delete_because_no_resource_config", "delete_because_no_module"]);

function pathText(path: unknown): string {
  if (!Array.isArray(path)) return String(path);
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

/** Top-level attribute names whose value differs; an attribute unknown until apply counts as changing. */
function changedAttributes(change: Json): string[] {
  const before = (change.before ?? {}) as Json;
  const after = (change.after ?? {}) as Json;
  const unknown = (change.after_unknown ?? {}) as Json;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const [k, v] of Object.entries(unknown)) if (v === true) keys.add(k);
  const differs = (k: string) => unknown[k] === true || JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null);
  return [...keys].filter(differs).sort(byText);
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type Parsed = { readonly action: Action | "read" | "no-op" | "create-forget"; readonly order?: ResourceAction["order"] };

/** Every `change.actions` list Terraform writes (internal/command/jsonplan: UnmarshalActions). */
const ACTION_LISTS: Readonly<Record<string, Parsed>> = {
  "no-op": { action: "no-op" },
  create: { action: "create" },
  read: { action: "read" },
  update: { action: "update" },
  delete: { action: "delete" },
  forget: { action: "forget" },
  "delete,create": { action: "replace", order: "destroy before create" },
  "create,delete": { action: "replace", order: "create before destroy" },
  "create,forget": { action: "create-forget" },
};

function actionOf(list: readonly string[]): Parsed | undefined {
  return Object.prototype.hasOwnProperty.call(ACTION_LISTS, list.join(",")) ? ACTION_LISTS[list.join(",")] : undefined;
}

/**
 * The plan's resource actions and Terraform's counts, as `terraform show` computes them
 * (internal/command/jsonformat/plan.go): a replacement counts once to add and once to destroy;
 * imports are counted apart; moves and forgets are listed but not counted; deleted data sources
 * are ignored.
 */
export function summarizePlan(plan: Json): PlanSummary {
  const actions: ResourceAction[] = [];
  let importing = 0;
  let add = 0;
  let change = 0;
  let destroy = 0;
  let reads = 0;
  let listed = 0;
  for (const rc of (plan.resource_changes ?? []) as Json[]) {
    const parsed = actionOf((rc.change?.actions ?? []) as string[]);
    const isImport = rc.change?.importing !== undefined && rc.change?.importing !== null;
    const movedFrom = typeof rc.previous_address === "string" && rc.previous_address !== rc.address ? (rc.previous_address as string) : undefined;
    if (!parsed) throw new Error(`plan-comment: ${String(rc.address)}: change.actions = ${JSON.stringify(rc.change?.actions)} (check the plan with planProblems first)`);
    if (parsed.action === "no-op" && !movedFrom && !isImport) continue;
    if (rc.mode === "data" || parsed.action === "read") {
      if (parsed.action === "read") {
        reads++;
        listed++;
      }
      continue; // Terraform never shows a data source's removal
    }
    listed++;
    if (isImport) importing++;
    const action: Action = parsed.action === "create-forget" ? "create" : parsed.action === "no-op" ? (isImport ? "import" : "move") : parsed.action;
    if (action === "create" || action === "replace") add++;
    if (action === "delete" || action === "replace") destroy++;
    if (action === "update") change++;
    const values = (rc.change?.before ?? rc.change?.after ?? {}) as Json;
    const kind = statefulKind(String(rc.type), values);
    const reason = typeof rc.action_reason === "string" ? rc.action_reason : undefined;
    actions.push({
      address: String(rc.address),
      type: String(rc.type),
      action,
      ...(parsed.order ? { order: parsed.order } : {}),
      ...(reason ? { reason } : {}),
      replacePaths: ((rc.change?.replace_paths ?? []) as unknown[]).map(pathText),
      changed: action === "update" ? changedAttributes(rc.change as Json) : [],
      ...(kind ? { stateful: kind } : {}),
      ...(movedFrom ? { movedFrom } : {}),
      importing: isImport,
      ...(typeof rc.deposed === "string" ? { deposed: rc.deposed } : {}),
      ...(parsed.action === "create-forget" ? { forgetsOld: true } : {}),
    });
  }
  const rank = (a: ResourceAction) => (losesData(a) ? 0 : { delete: 1, replace: 2, update: 3, create: 4, forget: 5, import: 6, move: 7 }[a.action]);
  actions.sort((x, y) => rank(x) - rank(y) || byText(x.address, y.address) || byText(x.deposed ?? "", y.deposed ?? ""));
  const outputs = Object.entries((plan.output_changes ?? {}) as Json)
    .map(([name, oc]) => ({ name, action: ((oc?.actions ?? []) as string[]).join(",") }))
    .filter((o) => o.action !== "no-op" && o.action !== "")
    .sort((a, b) => byText(a.name, b.name));
  return { importing, add, change, destroy, hasResourceChanges: listed > 0, reads, actions, outputs, errored: plan.errored === true, complete: plan.complete !== false };
}

/** A stateful resource destroyed or replaced: its data is lost. */
export function losesData(a: ResourceAction): boolean {
  return a.stateful !== undefined && (a.action === "delete" || a.action === "replace");
}

/**
 * Terraform's own summary: `Plan: N to add, M to change, K to destroy.` (with `I to import, ` in
 * front when importing) whenever it lists resource changes; otherwise its no-change wording.
 */
export function summaryLine(s: PlanSummary): string {
  if (s.hasResourceChanges) return `Plan: ${s.importing > 0 ? `${s.importing} to import, ` : ""}${s.add} to add, ${s.change} to change, ${s.destroy} to destroy.`;
  if (s.outputs.length > 0) return "No changes to resources: only outputs change. Applying this plan saves their new values to the state without changing any real infrastructure.";
  return "No changes. Your infrastructure matches the configuration.";
}

/** The loud line opening the comment, or undefined when no stateful resource is destroyed or replaced. */
export function statefulWarning(s: PlanSummary): string | undefined {
  const lost = s.actions.filter(losesData);
  if (lost.length === 0) return undefined;
  const items = lost.map((a) => {
    const verb = a.action === "delete" ? "DELETE" : `REPLACE (${a.order})`;
    const gone = a.reason && CONFIG_GONE.has(a.reason) ? "; block removed from the configuration" : "";
    return `${verb} ${code(a.address)}${a.deposed ? ` (deposed object ${a.deposed})` : ""} (${a.stateful}${gone})`;
  });
  const configGone = lost.some((a) => a.reason !== undefined && CONFIG_GONE.has(a.reason));
  return (
    `🛑 **DATA LOSS: this plan destroys ${lost.length === 1 ? "a stateful resource" : `${lost.length} stateful resources`} and the data in ${lost.length === 1 ? "it" : "them"}:** ${items.join(", ")}.` +
    (configGone ? " `lifecycle.prevent_destroy` does not protect a resource whose block was removed from the configuration: the setting went with the block." : "")
  );
}

/** Markdown inline code, safe inside a table cell. */
function code(text: string): string {
  const escaped = text.replace(/\|/g, "\\|");
  return escaped.includes("`") ? `\`\` ${escaped} \`\`` : `\`${escaped}\``;
}

function actionCell(a: ResourceAction): string {
  switch (a.action) {
    case "replace":
      return `**replace** (${a.order})`;
    case "delete":
      return "**delete**";
    case "forget":
      return "forget (removed from state, not destroyed)";
    default:
      return a.action;
  }
}

function whyCell(a: ResourceAction): string {
  const why: string[] = [];
  if (a.stateful) why.push(`**stateful: ${a.stateful}**`);
  if (a.deposed) why.push(`deposed object ${code(a.deposed)} (left from an interrupted replacement)`);
  if (a.action === "replace") {
    const paths = a.replacePaths.map(code).join(", ");
    if (a.reason === "replace_because_cannot_update" && paths) why.push(`replaced because ${paths} cannot be updated in place`);
    else {
      why.push(`replaced because ${a.reason ? (REASONS[a.reason] ?? code(a.reason)) : "Terraform plans it"}`);
      if (paths) why.push(`forcing replacement: ${paths}`);
    }
  } else if (a.reason) {
    why.push(REASONS[a.reason] ?? code(a.reason));
  }
  if (a.forgetsOld) why.push("replaces an object that is removed from the state, not destroyed");
  if (a.changed.length) why.push(`changes ${a.changed.map(code).join(", ")}`);
  if (a.importing) why.push("imported into the state");
  if (a.movedFrom) why.push(`moved from ${code(a.movedFrom)}`);
  return why.join("; ");
}

function fence(text: string): { open: string; close: string } {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  return { open: `${ticks}text\n`, close: `\n${ticks}` };
}

/** The longest run of whole lines of `text` that fits in `room` characters, and how many lines that is. */
function headLines(text: string, room: number): { text: string; lines: number } {
  const lines = text.split("\n");
  let used = 0;
  let n = 0;
  while (n < lines.length && used + lines[n]!.length + (n > 0 ? 1 : 0) <= room) {
    used += lines[n]!.length + (n > 0 ? 1 : 0);
    n++;
  }
  return { text: lines.slice(0, n).join("\n"), lines: n };
}

export interface CommentInput {
  /** `<app>/<stack>`: the sticky marker and the title. */
  readonly label: string;
  readonly plan: Json;
  /** `terraform show -no-color <planfile>`, folded under the table. */
  readonly planText?: string;
  /** The commit planned, so a reader can tell the comment is current. */
  readonly commit?: string;
  /** Link to the workflow run (its log holds the whole plan). */
  readonly runUrl?: string;
  /** For tests: the limit to fit under (GitHub's by default). */
  readonly limit?: number;
}

function footer(parts: readonly (string | undefined)[]): string {
  const present = parts.filter((p): p is string => p !== undefined);
  return present.length === 0 ? "" : `<sub>${present.join(" · ")}</sub>`;
}

const shortCommit = (sha?: string) => (sha ? `commit ${code(sha.slice(0, 12))}` : undefined);
const runLink = (url?: string) => (url ? `[workflow run](${url})` : undefined);

export function renderPlanComment(input: CommentInput): string {
  const limit = input.limit ?? GITHUB_COMMENT_LIMIT;
  const s = summarizePlan(input.plan);
  const top: string[] = [marker(input.label)];
  const warning = statefulWarning(s);
  if (warning) top.push(warning, "");
  // Droplets this plan replaces run no release until `npm run deploy`; an App Platform app is
  // redeployed (update) or comes back under a new id and ingress (replace) (review/downtime.ts).
  const downtime = planDowntime(input.label.slice(input.label.lastIndexOf("/") + 1), input.plan);
  if (downtime.length > 0) {
    if (downtime.some((g) => g.refused)) top.push("🛑 **Do not apply this plan: it replaces more than one Droplet of a load-balanced group at once.** `npm run review` refuses it; roll them as below.", "");
    for (const g of downtime) top.push(g.text, "");
  }
  top.push(`### Terraform plan: ${input.label}`, "", `**${summaryLine(s)}**`, "");
  if (s.errored) top.push("> ⚠️ Terraform reported errors while planning: this plan is incomplete and cannot be applied.", "");
  else if (!s.complete) top.push("> ⚠️ Terraform marked this plan incomplete (deferred changes): another plan is needed after applying it.", "");

  const rows = s.actions.map((a) => `| ${actionCell(a)} | ${code(a.address)} | ${code(a.type)} | ${whyCell(a)} |`);
  const tail: string[] = [];
  if (s.reads > 0) tail.push(`${s.reads} data source${s.reads === 1 ? "" : "s"} will be read during apply (not listed).`, "");
  if (s.outputs.length > 0) {
    const verb: Record<string, string> = { create: "new", delete: "removed", update: "changed" };
    tail.push(`Outputs that change: ${s.outputs.map((o) => `${code(o.name)}${verb[o.action] ? ` (${verb[o.action]})` : ""}`).join(", ")}.`, "");
  }
  tail.push(footer([input.plan.terraform_version ? `Terraform ${String(input.plan.terraform_version)}` : undefined, `plan format ${String(input.plan.format_version)}`, shortCommit(input.commit), runLink(input.runUrl)]));

  // Room for the folded plan text's wrapper and note, so the table never crowds it out entirely.
  const detailsReserve = input.planText === undefined ? 0 : 600;
  const join = (table: readonly string[]) => [...top, ...table, ...tail].join("\n") + "\n";
  const tableOf = (n: number) => {
    if (rows.length === 0) return [];
    const more = rows.length - n;
    return ["| action | resource | type | why |", "|---|---|---|---|", ...rows.slice(0, n), ...(more > 0 ? [`| … | ${more} more resource change${more === 1 ? "" : "s"} not shown: the comment would exceed GitHub's limit (see the plan in the workflow run) | | |`] : []), ""];
  };
  // As many table rows as fit (the data-loss rows come first, so they are the last to go).
  let head = join(tableOf(rows.length));
  if (head.length > limit - detailsReserve) {
    let low = 0;
    let high = rows.length - 1;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (join(tableOf(mid)).length <= limit - detailsReserve) low = mid;
      else high = mid - 1;
    }
    head = join(tableOf(low));
  }
  if (input.planText === undefined) return head;

  const text = input.planText.replace(/\s+$/, "");
  const { open, close } = fence(text);
  const summaryTag = "\n<details><summary>Full plan (<code>terraform show</code>)</summary>\n\n";
  const end = "\n</details>\n";
  const total = text.split("\n").length;
  const whole = summaryTag + open + text + close + end;
  if (head.length + whole.length <= limit) return head + whole;
  const note = (n: number) => `\n\n**Truncated:** the first ${n} of ${total} lines; the whole plan is in the log of the plan job${input.runUrl ? ` ([workflow run](${input.runUrl}))` : ""}.\n`;
  const room = limit - head.length - summaryTag.length - open.length - close.length - end.length - note(total).length;
  if (room <= 0) return head;
  const cut = headLines(text, room);
  return head + summaryTag + open + cut.text + close + note(cut.lines) + end;
}

/** `text` cut to its first whole lines so it fits in `room` characters, saying so when it was cut. */
function fitMarkdown(text: string, room: number, what: string): string {
  if (text.length <= room) return text;
  const note = `\n\n**Truncated** to fit GitHub's comment limit: ${what}\n`;
  return `${headLines(text, Math.max(0, room - note.length)).text}${note}`;
}

export interface OfflineInput {
  readonly label: string;
  /** What `npm run review -- --base <ref>` printed (markdown); empty when it failed. */
  readonly review: string;
  readonly commit?: string;
  readonly runUrl?: string;
  readonly limit?: number;
}

/** The fork variant: the offline review under the same marker, saying plainly that no plan ran. */
export function renderOfflineComment(input: OfflineInput): string {
  const limit = input.limit ?? GITHUB_COMMENT_LIMIT;
  const head = [
    marker(input.label),
    `### Offline review, not a plan: ${input.label}`,
    "",
    "> **No `terraform plan` ran for this pull request.** It comes from a fork, and GitHub gives a fork's workflows no secrets: no access to the Terraform state and no DigitalOcean token. What follows is `npm run review`, an offline comparison of the Terraform JSON synthesized from this branch with the JSON synthesized from the base branch. It sees neither the state nor drift; a maintainer's `terraform plan` has the last word.",
    "",
  ].join("\n");
  const sub = footer([shortCommit(input.commit), runLink(input.runUrl)]);
  const foot = sub ? `\n\n${sub}\n` : "\n";
  const body = input.review.trim() === "" ? "**`npm run review` printed nothing: it failed.** Its error is in the log of the review job." : input.review.replace(/\s+$/, "");
  return `${head}\n${fitMarkdown(body, limit - head.length - 1 - foot.length, "the whole review is in the log of the review job.")}${foot}`;
}

export interface FailedInput {
  readonly label: string;
  readonly commit?: string;
  readonly runUrl?: string;
}

/** In place of a plan that did not finish, so the comment never shows an earlier commit's plan as current. */
export function renderFailedComment(input: FailedInput): string {
  return [
    marker(input.label),
    `### ❌ Terraform plan failed: ${input.label}`,
    "",
    `The plan job failed${input.commit ? ` for ${shortCommit(input.commit)}` : ""} (in \`terraform init\`, \`terraform plan\` or while rendering this comment), so there is no plan to review. The error is in the job's log${input.runUrl ? ` ([workflow run](${input.runUrl}))` : ""}. This replaces any earlier plan shown here.`,
    "",
  ].join("\n");
}
