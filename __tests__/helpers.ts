/**
 * Typed access to the synthesized JSON that global-setup.ts wrote for this test run (every stack,
 * both prod profiles). Reading, not synthesizing: this file does not load cdktf.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { DrMode, ProdProfile, StackName } from "../config/types";
import { unescapeTemplate } from "../runtimes/cloud-config";

export type Block = Record<string, unknown> & { "//"?: unknown };
export interface TerraformJson {
  "//"?: Record<string, unknown>;
  terraform: Record<string, any>;
  resource?: Record<string, Record<string, Block>>;
  data?: Record<string, Record<string, Block>>;
  variable?: Record<string, Block>;
  output?: Record<string, Block>;
  provider?: Record<string, Block[]>;
}

const cache = new Map<string, string>();

/** The exact bytes of a stack's cdk.tf.json, as `npm run synth` writes them (PLATFORM_DR_MODE=mode). */
export function synthText(stack: StackName, profile: ProdProfile = "launch", mode: DrMode = "standby"): string {
  const dir = process.env.PLATFORM_TEST_SYNTH_DIR;
  if (!dir) throw new Error("PLATFORM_TEST_SYNTH_DIR is not set: run the tests through jest (global-setup.ts synthesizes the stacks)");
  const file = path.join(dir, mode === "standby" ? profile : `failover-${profile}`, "stacks", stack, "cdk.tf.json");
  let text = cache.get(file);
  if (text === undefined) {
    text = fs.readFileSync(file, "utf8");
    cache.set(file, text);
  }
  return text;
}

/** A stack of an App Platform selection (synth-fresh.ts APP_PLATFORM_SELECTIONS), as global-setup.ts wrote it. */
export function appPlatformJson(name: "themesystem" | "bizsocials-app-platform", stack: StackName, profile: ProdProfile = "launch"): TerraformJson {
  return JSON.parse(fs.readFileSync(path.join(synthDir(), `${name}-${profile}`, "stacks", stack, "cdk.tf.json"), "utf8")) as TerraformJson;
}

/** The policy reports of that synthesis (it only succeeds without violations): rules applied and suppressions per stack. */
export function appPlatformReports(name: "themesystem" | "bizsocials-app-platform", profile: ProdProfile = "launch"): { stack: string; violations: unknown[]; suppressed: unknown[] }[] {
  return JSON.parse(fs.readFileSync(path.join(synthDir(), `${name}-${profile}`, "reports.json"), "utf8"));
}

function synthDir(): string {
  const dir = process.env.PLATFORM_TEST_SYNTH_DIR;
  if (!dir) throw new Error("PLATFORM_TEST_SYNTH_DIR is not set: run the tests through jest (global-setup.ts synthesizes the stacks)");
  return dir;
}

export function synthJson(stack: StackName, profile: ProdProfile = "launch", mode: DrMode = "standby"): TerraformJson {
  return JSON.parse(synthText(stack, profile, mode)) as TerraformJson;
}

/** A Droplet's cloud-config as the Droplet receives it (Terraform unescapes `$${` and `%%{`). */
export function userData(droplet: Block): string {
  return unescapeTemplate(String(droplet.user_data));
}

/** The `app_servers` output: each Droplet's name and the roles the deploy command gives it. */
export function appServers(json: TerraformJson): Record<string, { ipv4_address: string; roles: string[] }> {
  return json.output!.app_servers!.value as Record<string, { ipv4_address: string; roles: string[] }>;
}

/** All resources of a type, metadata stripped. */
export function resources(json: TerraformJson, type: string): Block[] {
  return Object.values(json.resource?.[type] ?? {}).map(({ "//": _meta, ...rest }) => rest);
}

export function dataSources(json: TerraformJson, type: string): Block[] {
  return Object.values(json.data?.[type] ?? {}).map(({ "//": _meta, ...rest }) => rest);
}

export function only(json: TerraformJson, type: string): Block {
  const all = resources(json, type);
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0]!;
}

export function droplets(json: TerraformJson, role: "app" | "worker", stack: StackName): Block[] {
  return resources(json, "digitalocean_droplet").filter((d) => tagNames(json, d.tags).includes(`bizsocials-${stack}-${role}`));
}

/** `app.${digitalocean_domain.x.name}` → `app.bizsocials.io`: names spelled through the DNS zone. */
export function zoneName(json: TerraformJson, text: unknown): string {
  return String(text).replace(/\$\{(?:data\.)?digitalocean_domain\.[^.]+\.name\}/g, (ref) => String(deref(json, ref).block.name));
}

/** A tag as DigitalOcean will see it: a literal, or the name of a `digitalocean_tag` resource. */
export function tagName(json: TerraformJson, tag: unknown): string {
  if (typeof tag !== "string") throw new Error(`not a tag: ${JSON.stringify(tag)}`);
  if (!tag.startsWith("${")) return tag;
  const ref = deref(json, tag);
  if (ref.type !== "digitalocean_tag" || ref.attribute !== "name") throw new Error(`not a tag reference: ${tag}`);
  return String(ref.block.name);
}

export function tagNames(json: TerraformJson, tags: unknown): string[] {
  return (tags as unknown[]).map((t) => tagName(json, t));
}

/** `${digitalocean_vpc.x.id}` → the referenced resource block. */
export function deref(json: TerraformJson, expression: unknown): { type: string; block: Block; attribute: string } {
  const m = /^\$\{(data\.)?([a-z_]+)\.([^.]+)\.([a-z0-9_]+)\}$/.exec(String(expression));
  if (!m) throw new Error(`not a plain reference: ${String(expression)}`);
  const [, isData, type, name, attribute] = m;
  const block = (isData ? json.data : json.resource)?.[type!]?.[name!];
  if (!block) throw new Error(`dangling reference ${String(expression)}`);
  return { type: type!, block, attribute: attribute! };
}

/** Every stack under both profiles, as the matrix defines them. */
export const ALL: ReadonlyArray<readonly [StackName, ProdProfile]> = [
  ["dev", "launch"],
  ["staging", "launch"],
  ["prod", "launch"],
  ["prod", "growth"],
  ["dr", "launch"],
  ["dr", "growth"],
];
