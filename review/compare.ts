/**
 * The offline change review's engine: two synthesized Terraform JSON documents of one stack in,
 * what Terraform would do to each resource out. Pure and cdktf-free: it reads plain JSON, so it
 * runs on fixture pairs, on two synth outputs, or on a hand-off bundle.
 *
 * What it can know without a state: which addresses appear, disappear or change configuration,
 * which attribute changes force replacement (review/force-new.ts, read from the provider's
 * source), which resources hold data (review/stateful.ts), `moved` and `removed` blocks, and the
 * catalog price of each side. What it cannot know: values only the API fills in, and drift.
 *
 * Resources are compared by address (`type.name` under `resource`); a changed address is a
 * removal and an addition (recognised as a rename when the configuration is the same). Data
 * sources are compared separately (`dataSources`): they are read, never created or destroyed, so
 * they are not counted as resources to add, remove or change. cdktf's `//` metadata (construct
 * path, unique id) is not configuration and is ignored everywhere. Like Terraform, it follows the
 * head's `moved` blocks (references to a moved resource are no change), `removed` blocks with
 * `destroy = false`, `lifecycle.ignore_changes` (no action on those attributes) and
 * `replace_triggered_by`.
 */
import { createHash } from "node:crypto";
import { diffLines } from "diff";
import { estimateStack } from "../cost/estimate";
import { synthDowntime, type DowntimeGroup } from "./downtime";
import { FORCE_NEW, forcesReplacement } from "./force-new";
import { statefulKind } from "./stateful";

export type Json = Record<string, any>;

/**
 * What Terraform would do to one resource address. `ignore`: the configuration changed only in
 * attributes the head's `lifecycle.ignore_changes` lists, so Terraform leaves the existing resource
 * as it is (what it would create anew gets the new value; e.g. a Droplet's user_data needs a roll).
 */
export type ChangeAction = "create" | "delete" | "update" | "replace" | "move" | "forget" | "ignore";

export interface AttributeChange {
  /** Dotted path with list indexes, e.g. `lifecycle_rule[1].expiration.days`. */
  readonly path: string;
  /** The value as shown: short JSON, a digest for long text and `user_data`, `(sensitive)` for secrets, `(none)` when absent. */
  readonly before: string;
  readonly after: string;
  readonly forcesReplacement: boolean;
  /** Listed in the head's `lifecycle.ignore_changes`: Terraform does not act on it (not even when it forces replacement). */
  readonly ignored?: boolean;
}

export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly action: ChangeAction;
  /** Kind of data it holds (`database`, `bucket`, `cache`, `DNS zone`, …), or null. */
  readonly stateful: string | null;
  /** Changed attributes (update, replace, move with edits). */
  readonly attributes: readonly AttributeChange[];
  /** For `move`: the old address. */
  readonly from?: string;
  /** For a `delete` whose configuration reappears under another address: that address (write a `moved` block). */
  readonly renamedTo?: string;
  /** For the `create` of that pair: the address it looks renamed from. */
  readonly renamedFrom?: string;
  /** Where the ForceNew attributes of this type were read (FORCE_NEW[type].source). */
  readonly forceNewSource?: string;
  /** `prevent_destroy` was on in the base and is gone in the head. */
  readonly losesPreventDestroy?: boolean;
  /** A replace without `lifecycle.create_before_destroy`: the old one is destroyed before the new one exists (downtime). */
  readonly destroyBeforeCreate?: boolean;
}

/** A data source (`data.type.name`): read at plan time, never created or destroyed. */
export interface DataSourceChange {
  readonly address: string;
  readonly action: "create" | "delete" | "update";
  readonly attributes: readonly AttributeChange[];
}

export interface StackComparison {
  readonly stack: string;
  /**
   * Changes outside resources and data sources: the `terraform` block (backend, required versions
   * and providers), providers, variables and outputs, as `terraform.backend.s3.bucket`,
   * `variable.admin_cidrs.type`, … A backend change means the state moves (terraform init -migrate-state).
   */
  readonly settings: readonly AttributeChange[];
  readonly dataSources: readonly DataSourceChange[];
  /** `added`/`removed`: the whole stack is new or gone. */
  readonly status: "unchanged" | "changed" | "added" | "removed";
  /** Loudest first (see `rank`), then by address. */
  readonly changes: readonly ResourceChange[];
  readonly counts: { readonly create: number; readonly delete: number; readonly update: number; readonly replace: number; readonly move: number; readonly forget: number; readonly ignore: number };
  /** Groups of Droplets that replacements take out of service (review/downtime.ts); `refused` ones fail the review. */
  readonly downtime: readonly DowntimeGroup[];
  /** Both sides priced by cost/estimate.ts, i.e. with the working tree's catalog. */
  readonly cost: { readonly baseUsd: number; readonly headUsd: number; readonly deltaUsd: number };
}

/** Terraform meta-arguments: changing them never forces replacement by the provider's schema. */
const META = new Set(["lifecycle", "depends_on", "provider", "count", "for_each", "connection", "provisioner", "timeouts"]);
/** A path segment with such a name holds a secret: its value (and everything under it) is shown as "(sensitive)". */
const SECRET_NAME = /(?:^|_)(?:password|passwd|secret|secret_key|secret_access_key|access_key|token|api_key|private_key|webhook_url|credentials)$/;
/** Attributes shown as a digest and a line count whatever their length: cloud-init bodies. */
const DIGEST_ONLY = new Set(["user_data"]);
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

type Blocks = Map<string, { readonly type: string; readonly name: string; readonly config: Json }>;

function blocksOf(section: unknown, prefix = ""): Blocks {
  const out: Blocks = new Map();
  for (const [type, blocks] of Object.entries((section ?? {}) as Json)) {
    for (const [name, config] of Object.entries((blocks ?? {}) as Json)) out.set(`${prefix}${type}.${name}`, { type, name, config: stripMetadata(config) as Json });
  }
  return out;
}

/** Whether a path names a secret: any segment (`grant[0].secret_key`, `spaces_access_key.value`). */
export function isSecretPath(path: string): boolean {
  return schemaPath(path)
    .split(".")
    .some((segment) => SECRET_NAME.test(segment));
}

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}

/**
 * A value as a review shows it: short JSON; long values and `user_data` as their size and the
 * first 12 hex digits of their sha256 (of the string itself, as written in the JSON); never a
 * secret (`secret`, or a secret-looking name anywhere on the path).
 */
export function showValue(path: string, json: string | undefined, secret = false): string {
  if (json === undefined) return "(none)";
  if (secret || isSecretPath(path)) return "(sensitive)";
  const leaf = schemaPath(path).split(".").pop()!;
  const value = JSON.parse(json) as unknown;
  if (typeof value === "string" && (DIGEST_ONLY.has(leaf) || json.length > MAX_VALUE)) {
    const lines = value === "" ? 0 : value.split("\n").length - (value.endsWith("\n") ? 1 : 0);
    return `(${lines > 1 ? `${lines} lines, ` : ""}${value.length} chars, sha256 ${digest(value)}…)`;
  }
  if (json.length <= MAX_VALUE) return json;
  return `(${json.length} chars of JSON, sha256 ${digest(json)}…)`;
}

/** For multi-line strings (user_data): `+3 −1 lines`, from a line diff. */
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

/**
 * Whether Terraform ignores a change at `path` because the head's `lifecycle.ignore_changes` lists
 * it (or is "all"): entries are attribute paths, compared without list indexes. Meta-arguments are never ignored.
 */
export function ignoredBy(config: Json | undefined, path: string): boolean {
  const list = config?.lifecycle?.ignore_changes as unknown;
  const p = schemaPath(path);
  if (META.has(p.split(".")[0]!)) return false;
  if (list === "all" || (Array.isArray(list) && list.includes("all"))) return true;
  if (!Array.isArray(list)) return false;
  return list.map((e) => schemaPath(String(e).replace(/\["([^"]+)"\]/g, ".$1"))).some((e) => p === e || p.startsWith(`${e}.`));
}

/** A changed resource's action: replace when a change Terraform acts on forces it, ignore when Terraform acts on none. */
function actionOf(attributes: readonly AttributeChange[], otherwise: "update" | "move"): "replace" | "update" | "move" | "ignore" {
  const acted = attributes.filter((a) => !a.ignored);
  if (acted.some((a) => a.forcesReplacement)) return "replace";
  if (acted.length === 0 && otherwise === "update") return "ignore";
  return otherwise;
}

/** The attributes that differ between two blocks, sorted by path. `secret(path)` hides values. */
function attributeChanges(type: string, before: Json, after: Json, secret: (path: string) => boolean = () => false): AttributeChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths
    .filter((p) => a.get(p) !== b.get(p))
    .map((p) => {
      const hidden = secret(p) || isSecretPath(p);
      const delta = hidden ? undefined : lineDelta(a.get(p), b.get(p));
      const top = schemaPath(p).split(".")[0]!;
      return {
        path: p,
        before: showValue(p, a.get(p), hidden),
        after: `${showValue(p, b.get(p), hidden)}${delta ? ` (${delta})` : ""}`,
        forcesReplacement: type !== "" && !META.has(top) && forcesReplacement(type, schemaPath(p)),
        ...(type !== "" && ignoredBy(after, p) ? { ignored: true } : {}),
      };
    });
}

/**
 * A block's configuration with the names in its references blurred (`${random_id.storage_suffix.hex}`
 * → `${random_id.*.hex}`, `terraform_data.storage_name` → `terraform_data.*`): a renamed construct
 * renames its neighbours too, and that must not hide the rename. Only known types are blurred.
 */
function blurred(config: Json, types: ReadonlySet<string>): string {
  return JSON.stringify(config).replace(/(?<![A-Za-z0-9_.-])(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)/g, (match, data: string | undefined, type: string) =>
    types.has(type) ? `${data ?? ""}${type}.*` : match,
  );
}

/** How alike two names are: shared leading plus shared trailing characters (`storage_suffix` / `media_suffix` → 7). */
function likeness(a: string, b: string): number {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return head + tail;
}

/**
 * Removed → added pairs of the same type whose configuration is the same (first exactly, then
 * with reference names blurred), one to one; among several candidates the most alike name wins,
 * then the first address. Deterministic: both lists are walked in address order.
 */
export function detectRenames(removed: Blocks, added: Blocks, types: ReadonlySet<string>): Map<string, string> {
  const pairs = new Map<string, string>();
  const taken = new Set<string>();
  const keys = [(c: Json) => JSON.stringify(c), (c: Json) => blurred(c, types)];
  for (const key of keys) {
    for (const [from, old] of [...removed].sort(([a], [b]) => a.localeCompare(b))) {
      if (pairs.has(from)) continue;
      const wanted = key(old.config);
      const candidates = [...added]
        .filter(([to, neu]) => !taken.has(to) && neu.type === old.type && key(neu.config) === wanted)
        .sort(([a, x], [b, y]) => likeness(old.name, y.name) - likeness(old.name, x.name) || a.localeCompare(b));
      const best = candidates[0];
      if (!best) continue;
      pairs.set(from, best[0]);
      taken.add(best[0]);
    }
  }
  return pairs;
}

const preventsDestroy = (config: Json | undefined) => config?.lifecycle?.prevent_destroy === true;
const createsBeforeDestroy = (config: Json | undefined) => config?.lifecycle?.create_before_destroy === true;

/** `moved { from, to }` and `removed { from, lifecycle { destroy = false } }` blocks of the head. */
function movesAndForgets(head: Json | undefined): { moved: Map<string, string>; forgotten: Set<string> } {
  const list = (v: unknown): Json[] => (Array.isArray(v) ? v : v && typeof v === "object" ? [v as Json] : []);
  const moved = new Map<string, string>(list(head?.moved).map((m) => [String(m.to), String(m.from)]));
  const forgotten = new Set<string>(list(head?.removed).filter((r) => r.lifecycle?.destroy === false).map((r) => String(r.from)));
  return { moved, forgotten };
}

/**
 * A base block's configuration with references to moved resources written as their new address
 * (`${digitalocean_spaces_bucket.old.id}` → `${digitalocean_spaces_bucket.new.id}`): Terraform
 * resolves both to the same object, so they are no change.
 */
function followMoves(config: Json, newAddress: ReadonlyMap<string, string>): Json {
  if (newAddress.size === 0) return config;
  const text = JSON.stringify(config).replace(/(?<![A-Za-z0-9_.-])([a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)(?![A-Za-z0-9_-])/g, (match, address: string) => newAddress.get(address) ?? match);
  return JSON.parse(text) as Json;
}

/** One stack: base JSON (undefined when the stack is new) against head JSON (undefined when gone). */
export function compareStack(stack: string, original: Json | undefined, head: Json | undefined): StackComparison {
  const { moved, forgotten } = movesAndForgets(head);
  const after = blocksOf(head?.resource);
  const present = blocksOf(original?.resource);
  const newAddress = new Map([...moved].filter(([to, from]) => present.has(from) && !present.has(to)).map(([to, from]) => [from, to]));
  // References to moved resources read as their new address everywhere in the base (resources, outputs, data sources).
  const base = original && followMoves(original, newAddress);
  const before = blocksOf(base?.resource);
  const changes: ResourceChange[] = [];
  const movedFrom = new Set<string>();

  for (const [address, { type, config }] of after) {
    const old = before.get(address);
    const source = moved.get(address);
    const kind = statefulKind(type, config) ?? null;
    if (!old && source && before.has(source)) {
      movedFrom.add(source);
      const attributes = attributeChanges(type, before.get(source)!.config, config);
      changes.push({ address, type, action: actionOf(attributes, "move"), stateful: kind, attributes, from: source, ...forceNewSource(type) });
      continue;
    }
    if (!old) {
      changes.push({ address, type, action: "create", stateful: kind, attributes: [] });
      continue;
    }
    const attributes = attributeChanges(type, old.config, config);
    if (attributes.length === 0) continue;
    changes.push({
      address,
      type,
      action: actionOf(attributes, "update"),
      stateful: kind,
      attributes,
      ...forceNewSource(type),
      ...(preventsDestroy(old.config) && !preventsDestroy(config) ? { losesPreventDestroy: true } : {}),
    });
  }

  // replace_triggered_by: a resource is replaced when a resource it names is updated or replaced
  // (not when that one is created: checked with Terraform 1.11.4). Buckets use it for renames.
  const changedNow = new Set(changes.filter((c) => c.action === "update" || c.action === "replace").map((c) => c.address));
  // (An `ignore` does not fire it: Terraform plans no change to that resource.)
  for (const [address, { type, config }] of after) {
    const triggers = (Array.isArray(config.lifecycle?.replace_triggered_by) ? config.lifecycle.replace_triggered_by : []) as unknown[];
    const fired = triggers.map(String).filter((t) => changedNow.has(t));
    if (fired.length === 0 || !before.has(address)) continue;
    const existing = changes.findIndex((c) => c.address === address);
    const attribute: AttributeChange = { path: "lifecycle.replace_triggered_by", before: JSON.stringify(fired), after: `${fired.join(", ")} changes`, forcesReplacement: true };
    const current = existing >= 0 ? changes[existing]! : { address, type, action: "update" as const, stateful: statefulKind(type, config) ?? null, attributes: [] };
    const replaced: ResourceChange = { ...current, action: "replace", attributes: [...current.attributes, attribute] };
    if (existing >= 0) changes[existing] = replaced;
    else changes.push(replaced);
  }

  const gone: Blocks = new Map();
  for (const [address, block] of before) {
    if (after.has(address) || movedFrom.has(address)) continue;
    const kind = statefulKind(block.type, block.config) ?? null;
    if (forgotten.has(address)) changes.push({ address, type: block.type, action: "forget", stateful: kind, attributes: [] });
    else gone.set(address, block);
  }
  const created: Blocks = new Map([...after].filter(([address]) => changes.some((c) => c.address === address && c.action === "create")));
  const types = new Set([...before.values(), ...after.values()].map((b) => b.type));
  for (const section of [base?.data, head?.data]) for (const type of Object.keys((section ?? {}) as Json)) types.add(type);
  const renames = detectRenames(gone, created, types);
  const renamedFrom = new Map([...renames].map(([from, to]) => [to, from]));
  for (const [address, { type, config }] of gone) {
    const to = renames.get(address);
    changes.push({ address, type, action: "delete", stateful: statefulKind(type, config) ?? null, attributes: [], ...(to ? { renamedTo: to } : {}) });
  }

  const final = changes.map((c): ResourceChange => {
    const from = c.action === "create" ? renamedFrom.get(c.address) : undefined;
    if (from) return { ...c, renamedFrom: from };
    if (c.action === "replace" && !createsBeforeDestroy(after.get(c.address)?.config)) return { ...c, destroyBeforeCreate: true };
    return c;
  });
  final.sort((x, y) => rank(x) - rank(y) || x.address.localeCompare(y.address));

  const settings = settingChanges(base, head);
  const dataSources = dataSourceChanges(base, head);
  const count = (a: ChangeAction) => final.filter((c) => c.action === a).length;
  const baseUsd = base ? estimateStack(base).totalUsd : 0;
  const headUsd = head ? estimateStack(head).totalUsd : 0;
  return {
    stack,
    status: !base ? "added" : !head ? "removed" : final.length === 0 && settings.length === 0 && dataSources.length === 0 ? "unchanged" : "changed",
    counts: { create: count("create"), delete: count("delete"), update: count("update"), replace: count("replace"), move: count("move"), forget: count("forget"), ignore: count("ignore") },
    cost: { baseUsd, headUsd, deltaUsd: Math.round((headUsd - baseUsd) * 100) / 100 },
    changes: final,
    downtime: synthDowntime(
      stack,
      head,
      new Set(final.filter((c) => c.action === "replace" && c.type === "digitalocean_droplet").map((c) => c.address)),
      final.flatMap((c) => (c.type === "digitalocean_app" && (c.action === "update" || c.action === "replace" || c.action === "delete") ? [{ address: c.address, action: c.action }] : [])),
    ),
    dataSources,
    settings,
  };
}

/**
 * Top-level blocks other than resources and data sources that change what Terraform does or where
 * state lives. The default of a variable marked sensitive and the value of an output marked
 * sensitive (on either side) are never shown.
 */
function settingChanges(base: Json | undefined, head: Json | undefined): AttributeChange[] {
  if (!base || !head) return [];
  const hiddenRoots = new Set<string>();
  for (const json of [base, head]) {
    for (const [name, v] of Object.entries((json.variable ?? {}) as Json)) if ((v as Json)?.sensitive === true) hiddenRoots.add(`variable.${name}.default`);
    for (const [name, o] of Object.entries((json.output ?? {}) as Json)) if ((o as Json)?.sensitive === true) hiddenRoots.add(`output.${name}.value`);
  }
  const hidden = (p: string) => [...hiddenRoots].some((root) => p === root || p.startsWith(`${root}.`) || p.startsWith(`${root}[`));
  const pick = (json: Json) => stripMetadata({ terraform: json.terraform ?? {}, provider: json.provider ?? {}, variable: json.variable ?? {}, output: json.output ?? {} }) as Json;
  return attributeChanges("", pick(base), pick(head), hidden);
}

/** Data sources by address (`data.type.name`): added, removed, or changed attribute by attribute. */
function dataSourceChanges(base: Json | undefined, head: Json | undefined): DataSourceChange[] {
  if (!base || !head) return [];
  const before = blocksOf(base.data, "data.");
  const after = blocksOf(head.data, "data.");
  const out: DataSourceChange[] = [];
  for (const address of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const old = before.get(address);
    const neu = after.get(address);
    if (!old) out.push({ address, action: "create", attributes: [] });
    else if (!neu) out.push({ address, action: "delete", attributes: [] });
    else {
      const attributes = attributeChanges("", old.config, neu.config);
      if (attributes.length > 0) out.push({ address, action: "update", attributes });
    }
  }
  return out;
}

function forceNewSource(type: string): { forceNewSource?: string } {
  const entry = FORCE_NEW[type];
  return entry ? { forceNewSource: entry.source } : {};
}

/** Loudest first: stateful data lost (delete, replace), then stateful edits, then the rest by severity. */
export function rank(change: ResourceChange): number {
  const loses = change.action === "delete" || change.action === "replace";
  if (change.stateful && loses) return change.action === "delete" ? 0 : 1;
  if (change.stateful && change.losesPreventDestroy) return 2;
  if (change.stateful) return 3;
  return { delete: 4, replace: 5, create: 6, update: 7, move: 8, forget: 9, ignore: 10 }[change.action];
}

/** Whether the change destroys data: a stateful resource deleted or replaced. */
export function losesData(change: ResourceChange): boolean {
  return change.stateful !== null && (change.action === "delete" || change.action === "replace");
}
