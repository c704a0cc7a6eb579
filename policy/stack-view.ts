/**
 * A read-only view of one stack's synthesized Terraform JSON (exactly what `cdk.tf.json` will
 * hold), split into subjects the rules evaluate. Built from JSON, not from construct props, so a
 * rule sees overrides, lifecycle blocks and resolved references as Terraform will.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Block = { [key: string]: Json };

/** Per-stack facts the JSON does not carry. */
export interface StackFacts {
  readonly stack: string;
  /** The app tag every taggable resource must carry. */
  readonly appTag: string;
  /** The environment tag every taggable resource must carry. */
  readonly envTag: string;
  /** Production stacks (prod, dr) hold data that must survive a mistaken destroy. */
  readonly production: boolean;
  /** Monthly budget in USD. */
  readonly budgetUsd: number;
  /**
   * The platform's domain: the DNS zone every hostname of the stack lives in (DO-APP-5). When
   * absent, rules take the one zone the stack's JSON names (`digitalocean_domain` or its data source).
   */
  readonly domain?: string;
}

export interface Subject {
  /** `digitalocean_droplet`, `data.digitalocean_domain`, `variable`, `output`, `provider`, `terraform` or `stack`. */
  readonly type: string;
  /** Terraform address: `digitalocean_droplet.app-tier_app-1`, `var.admin_cidrs`, `stack`. */
  readonly address: string;
  /** Construct path (`prod/app-tier/app-1`) when the block records one, else the stack's path. */
  readonly path: string;
  /** The block as synthesized, without cdktf's `//` metadata (for `stack`: the whole document). */
  readonly config: Block;
  /**
   * `//.platform.role`: what the construct that wrote the block declares it is (Terraform ignores
   * `//`), e.g. the app tier's rolling-chain step (policy/rules/sec-2-plan-time-code.ts).
   */
  readonly role?: string;
}

/** `${type.name.attr}` or `${data.type.name.attr}`, nothing else around it. */
const REFERENCE = /^\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/;

export class StackView {
  readonly subjects: readonly Subject[];
  private readonly byAddress: ReadonlyMap<string, Subject>;

  constructor(
    readonly facts: StackFacts,
    readonly json: Block,
    stackPath: string = facts.stack,
  ) {
    const subjects: Subject[] = [];
    const add = (type: string, address: string, block: Json) => {
      const { "//": meta, ...config } = (block ?? {}) as Block;
      const path = metadataPath(meta) ?? stackPath;
      const role = platformRole(meta);
      subjects.push({ type, address, path, config, ...(role !== undefined ? { role } : {}) });
    };
    for (const [type, blocks] of entries(json.resource)) {
      for (const [name, block] of entries(blocks)) add(type, `${type}.${name}`, block);
    }
    for (const [type, blocks] of entries(json.data)) {
      for (const [name, block] of entries(blocks)) add(`data.${type}`, `data.${type}.${name}`, block);
    }
    for (const [name, block] of entries(json.variable)) add("variable", `var.${name}`, block);
    for (const [name, block] of entries(json.output)) add("output", `output.${name}`, block);
    for (const [name, list] of entries(json.provider)) {
      (Array.isArray(list) ? list : [list]).forEach((block, i) => add("provider", `provider.${name}[${i}]`, block));
    }
    if (json.terraform) add("terraform", "terraform", json.terraform);
    subjects.push({ type: "stack", address: "stack", path: stackPath, config: json });
    this.subjects = subjects;
    this.byAddress = new Map(subjects.map((s) => [s.address, s]));
  }

  ofType(type: string): Subject[] {
    return this.subjects.filter((s) => s.type === type);
  }

  /** The subject a plain reference points at, or undefined for literals and other expressions. */
  deref(expression: Json | undefined): { subject: Subject; attribute: string } | undefined {
    if (typeof expression !== "string") return undefined;
    const m = REFERENCE.exec(expression);
    const subject = m ? this.byAddress.get(m[1]!) : undefined;
    return subject ? { subject, attribute: m![2]! } : undefined;
  }

  /**
   * A tag as DigitalOcean will see it: a literal, or the name of a `digitalocean_tag` of this stack
   * referenced by `.name` or `.id` (a tag's id is its name).
   */
  tagName(tag: Json | undefined): string {
    const ref = this.deref(tag);
    return ref && ref.subject.type === "digitalocean_tag" && (ref.attribute === "name" || ref.attribute === "id")
      ? String(ref.subject.config.name)
      : String(tag);
  }
}

function entries(value: Json | undefined): [string, Json][] {
  return value && typeof value === "object" && !Array.isArray(value) ? Object.entries(value) : [];
}

function metadataPath(meta: Json | undefined): string | undefined {
  const path = (meta as Block | undefined)?.metadata;
  const value = path && typeof path === "object" && !Array.isArray(path) ? path.path : undefined;
  return typeof value === "string" ? value : undefined;
}

function platformRole(meta: Json | undefined): string | undefined {
  const platform = (meta as Block | undefined)?.platform;
  const role = platform && typeof platform === "object" && !Array.isArray(platform) ? platform.role : undefined;
  return typeof role === "string" ? role : undefined;
}

/** `block.key` as a list of blocks (Terraform JSON allows one block or a list). */
export function blocks(value: Json | undefined): Block[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((b): b is Block => typeof b === "object" && b !== null && !Array.isArray(b));
}
