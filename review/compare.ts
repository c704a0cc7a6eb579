/**
 * The offline change review's engine: two synthesized Terraform JSON documents of one stack in,
 * what Terraform would do to each resource out. Pure and cdktf-free: it reads plain JSON, so it
 * runs on fixture pairs, on two synth outputs, or on a hand-off bundle.
 *
 * What it can know without a state: which addresses appear, disappear or change configuration,
 * which attribute changes force replacement (review/force-new.ts, read from the provider's
 * source), which resources hold data (review/stateful.ts), `moved` and `removed` blocks, and the
 * catalog price of each side. What it cannot know: values only the API fills in, and drift.
 */
import { createHash } from "node:crypto";
import { diffLines } from "diff";
import { estimateStack } from "../cost/estimate";
import { FORCE_NEW, forcesReplacement } from "./force-new";
import { statefulKind } from "./stateful";

export type Json = Record<string, any>;

/** What Terraform would do to one resource address. */
export type ChangeAction = "create" | "delete" | "update" | "replace" | "move" | "forget";

export interface AttributeChange {
  /** Dotted path with list indexes, e.g. `lifecycle_rule[1].expiration.days`. */
  readonly path: string;
  readonly before: string;
  readonly after: string;
  readonly forcesReplacement: boolean;
}

export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly action: ChangeAction;
  /** Kind of data it holds (`database`, `bucket`, `cache`, `DNS zone`, …), or null. */
  readonly stateful: string | null;
  /** Changed attributes (update, replace, move with edits). */
  readonly attributes: readonly AttributeChange[];
  /** For `move`: the old address. For a `delete` that looks renamed: the address it may have become. */
  readonly from?: string;
  readonly renamedTo?: string;
  /** Where the ForceNew attributes of this type were read (provider source at v2.71.0). */
  readonly forceNewSource?: string;
  /** `prevent_destroy` was on in the base and is gone in the head. */
  readonly losesPreventDestroy?: boolean;
}

export interface StackComparison {
  readonly stack: string;
  /**
   * Changes outside resources: the `terraform` block (backend, required versions and providers),
   * variables and outputs, as `terraform.backend.s3.bucket`, `variable.admin_cidrs.type`, … A
   * backend change means the state moves (terraform init -migrate-state).
   */
  readonly settings: readonly AttributeChange[];
  /** `added`/`removed`: the whole stack is new or gone. */
  readonly status: "unchanged" | "changed" | "added" | "removed";
  readonly changes: readonly ResourceChange[];
  readonly counts: { readonly create: number; readonly delete: number; readonly update: number; readonly replace: number; readonly move: number; readonly forget: number };
  readonly cost: { readonly baseUsd: number; readonly headUsd: number; readonly deltaUsd: number };
}

/** Terraform meta-arguments: changing them never forces replacement by the provider's schema. */
const META = new Set(["lifecycle", "depends_on", "provider", "count", "for_each", "connection", "provisioner", "timeouts"]);
/** Attribute names whose values are shown as "(sensitive)". */
const SECRET_NAME = /(?:^|_)(?:password|passwd|secret|secret_key|token|api_key|private_key|webhook_url)$/;
const MAX_VALUE = 80;

/** Drops cdktf's `//` metadata (construct path, unique id) everywhere: it is not configuration. */
export function stripMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripMetadata);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Json)
        .filter(([k]) => k !== "//")
        .map(([k, v]) => [k, stripMetadata(v)]),
    );
  }
  return value;
}

/** Leaf paths of a configuration block: `a.b[0].c` → JSON of the leaf (empty objects and lists are leaves). */
export function flatten(value: unknown, prefix = "", out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else if (value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value as Json)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, JSON.stringify(value));
  }
  return out;
}

/** `lifecycle_rule[1].expiration.days` → `lifecycle_rule.expiration.days` (the ForceNew table's form). */
export function schemaPath(path: string): string {
  return path.replace(/\[\d+\]/g, "");
}

function resources(json: Json | undefined): Map<string, { type: string; config: Json }> {
  const out = new Map<string, { type: string; config: Json }>();
  for (const [type, blocks] of Object.entries((json?.resource ?? {}) as Json)) {
    for (const [name, config] of Object.entries(blocks as Json)) out.set(`${type}.${name}`, { type, config: stripMetadata(config) as Json });
  }
  return out;
}

/** A value as a review shows it: short JSON, a digest for long text, never a secret. */
export function showValue(path: string, json: string | undefined): string {
  if (json === undefined) return "(none)";
  const leaf = schemaPath(path).split(".").pop()!;
  if (SECRET_NAME.test(leaf)) return "(sensitive)";
  if (json.length <= MAX_VALUE) return json;
  const text = JSON.parse(json) as unknown;
  const lines = typeof text === "string" ? text.split("\n").length : 0;
  const digest = createHash("sha256").update(json).digest("hex").slice(0, 12);
  return `(${lines > 1 ? `${lines} lines, ` : ""}${json.length} chars, sha256 ${digest}…)`;
}

/** For long multi-line strings (user_data): `+3 −1 lines`, from a line diff. */
export function lineDelta(before: string | undefined, after: string | undefined): string | undefined {
  if (before === undefined || after === undefined) return undefined;
  const a = JSON.parse(before) as unknown;
  const b = JSON.parse(after) as unknown;
  if (typeof a !== "string" || typeof b !== "string" || (!a.includes("\n") && !b.includes("\n"))) return undefined;
  let added = 0;
  let removed = 0;
  for (const part of diffLines(a, b)) {
    if (part.added) added += part.count ?? 0;
    if (part.removed) removed += part.count ?? 0;
  }
  return `+${added} −${removed} lines`;
}

function attributeChanges(type: string, before: Json, after: Json): AttributeChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths
    .filter((p) => a.get(p) !== b.get(p))
    .map((p) => {
      const delta = lineDelta(a.get(p), b.get(p));
      const top = schemaPath(p).split(".")[0]!;
      return {
        path: p,
        before: showValue(p, a.get(p)),
        after: `${showValue(p, b.get(p))}${delta ? ` (${delta})` : ""}`,
        forcesReplacement: !META.has(top) && forcesReplacement(type, schemaPath(p)),
      };
    });
}

/** References to other resources with the name blurred, so a renamed neighbour does not hide a rename. */
function shape(config: Json): string {
  return JSON.stringify(config).replace(/\$\{([a-z0-9_]+)\.[A-Za-z0-9_-]+/g, "${$1.*");
}

const preventsDestroy = (config: Json | undefined) => config?.lifecycle?.prevent_destroy === true;

/** `moved { from, to }` and `removed { from, lifecycle { destroy = false } }` blocks of the head. */
function movesAndForgets(head: Json | undefined): { moved: Map<string, string>; forgotten: Set<string> } {
  const list = (v: unknown): Json[] => (Array.isArray(v) ? v : v && typeof v === "object" ? [v as Json] : []);
  const moved = new Map<string, string>(list(head?.moved).map((m) => [String(m.to), String(m.from)]));
  const forgotten = new Set<string>(list(head?.removed).filter((r) => r.lifecycle?.destroy === false).map((r) => String(r.from)));
  return { moved, forgotten };
}

/** One stack: base JSON (undefined when the stack is new) against head JSON (undefined when gone). */
export function compareStack(stack: string, base: Json | undefined, head: Json | undefined): StackComparison {
  const before = resources(base);
  const after = resources(head);
  const { moved, forgotten } = movesAndForgets(head);
  const changes: ResourceChange[] = [];
  const movedFrom = new Set<string>();

  for (const [address, { type, config }] of after) {
    const old = before.get(address);
    const source = moved.get(address);
    const kind = statefulKind(type, config);
    if (!old && source && before.has(source)) {
      movedFrom.add(source);
      const attributes = attributeChanges(type, before.get(source)!.config, config);
      changes.push({ address, type, action: attributes.some((c) => c.forcesReplacement) ? "replace" : "move", stateful: kind ?? null, attributes, from: source, ...forceNewSource(type) });
      continue;
    }
    if (!old) {
      changes.push({ address, type, action: "create", stateful: kind ?? null, attributes: [] });
      continue;
    }
    const attributes = attributeChanges(type, old.config, config);
    if (attributes.length === 0) continue;
    const replace = attributes.some((c) => c.forcesReplacement);
    changes.push({
      address,
      type,
      action: replace ? "replace" : "update",
      stateful: kind ?? null,
      attributes,
      ...forceNewSource(type),
      ...(preventsDestroy(old.config) && !preventsDestroy(config) ? { losesPreventDestroy: true } : {}),
    });
  }

  // replace_triggered_by: a resource is replaced when a resource it names is updated or replaced
  // (not when that one is created: checked with Terraform 1.11.4). Buckets use it for renames.
  const changedNow = new Set(changes.filter((c) => c.action === "update" || c.action === "replace").map((c) => c.address));
  for (const [address, { type, config }] of after) {
    const triggers = (Array.isArray(config.lifecycle?.replace_triggered_by) ? config.lifecycle.replace_triggered_by : []) as unknown[];
    const fired = triggers.map(String).filter((t) => changedNow.has(t));
    if (fired.length === 0 || !before.has(address)) continue;
    const existing = changes.findIndex((c) => c.address === address);
    const attribute: AttributeChange = { path: "lifecycle.replace_triggered_by", before: JSON.stringify(fired), after: `${fired.join(", ")} changes`, forcesReplacement: true };
    const base = existing >= 0 ? changes[existing]! : { address, type, action: "update" as const, stateful: statefulKind(type, config) ?? null, attributes: [] };
    const replaced: ResourceChange = { ...base, action: "replace", attributes: [...base.attributes, attribute] };
    if (existing >= 0) changes[existing] = replaced;
    else changes.push(replaced);
  }

  const created = changes.filter((c) => c.action === "create");
  for (const [address, { type, config }] of before) {
    if (after.has(address) || movedFrom.has(address)) continue;
    const kind = statefulKind(type, config);
    if (forgotten.has(address)) {
      changes.push({ address, type, action: "forget", stateful: kind ?? null, attributes: [] });
      continue;
    }
    const twin = created.find((c) => c.type === type && shape(after.get(c.address)!.config) === shape(config));
    changes.push({ address, type, action: "delete", stateful: kind ?? null, attributes: [], ...(twin ? { renamedTo: twin.address } : {}) });
  }

  changes.sort((x, y) => rank(x) - rank(y) || x.address.localeCompare(y.address));
  const settings = settingChanges(base, head);
  const count = (a: ChangeAction) => changes.filter((c) => c.action === a).length;
  const baseUsd = base ? estimateStack(base).totalUsd : 0;
  const headUsd = head ? estimateStack(head).totalUsd : 0;
  return {
    stack,
    status: !base ? "added" : !head ? "removed" : changes.length === 0 && settings.length === 0 ? "unchanged" : "changed",
    changes,
    settings,
    counts: { create: count("create"), delete: count("delete"), update: count("update"), replace: count("replace"), move: count("move"), forget: count("forget") },
    cost: { baseUsd, headUsd, deltaUsd: Math.round((headUsd - baseUsd) * 100) / 100 },
  };
}

/** Top-level blocks other than resources that change what Terraform does or where state lives. */
function settingChanges(base: Json | undefined, head: Json | undefined): AttributeChange[] {
  if (!base || !head) return [];
  const pick = (json: Json) =>
    stripMetadata({
      terraform: json.terraform ?? {},
      variable: json.variable ?? {},
      // A sensitive output's value is a reference, but shown as such it still says nothing useful.
      output: Object.fromEntries(Object.entries((json.output ?? {}) as Json).map(([k, v]) => [k, (v as Json).sensitive ? { ...(v as Json), value: "(sensitive)" } : v])),
      provider: json.provider ?? {},
    });
  return attributeChanges("", pick(base) as Json, pick(head) as Json).map((c) => ({ ...c, forcesReplacement: false }));
}

function forceNewSource(type: string): { forceNewSource?: string } {
  const entry = FORCE_NEW[type];
  return entry ? { forceNewSource: entry.source } : {};
}

/** Loudest first: stateful data lost (delete, replace), then stateful edits, then the rest by severity. */
export function rank(change: ResourceChange): number {
  const loses = change.action === "delete" || change.action === "replace";
  if (change.stateful && loses) return 0;
  if (change.stateful && change.losesPreventDestroy) return 1;
  if (change.stateful) return 2;
  return { delete: 3, replace: 4, create: 5, update: 6, move: 7, forget: 8 }[change.action];
}

/** Whether the change destroys data: a stateful resource deleted or replaced. */
export function losesData(change: ResourceChange): boolean {
  return change.stateful !== null && (change.action === "delete" || change.action === "replace");
}
