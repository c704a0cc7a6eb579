/**
 * Synthesizes stacks exactly as main.ts does (same config, same validation, same stack class) and
 * gives tests typed access to the JSON. Each (stack, profile) pair is synthesized once per test file.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import { environments, PLATFORM } from "../config/environments";
import type { PlatformConfig, ProdProfile, StackName } from "../config/types";
import { resolvePlatform } from "../config/validate";
import { PlatformStack } from "../stacks/platform-stack";

export type Block = Record<string, unknown> & { "//"?: unknown };
export interface TerraformJson {
  terraform: Record<string, any>;
  resource?: Record<string, Record<string, Block>>;
  data?: Record<string, Record<string, Block>>;
  variable?: Record<string, Block>;
  output?: Record<string, Block>;
  provider?: Record<string, Block[]>;
}

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-test-"));
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
let runs = 0;

/**
 * Synthesizes one stack through a real App (configured as in main.ts) and returns the exact bytes
 * written to cdk.tf.json — what `terraform` and reviewers see, metadata included. Not cached.
 */
export function synthFresh(stack: StackName, profile: ProdProfile = "launch", platform: PlatformConfig = PLATFORM): string {
  const envs = resolvePlatform(platform, environments(profile));
  const dir = path.join(outdir, String(runs++));
  const app = new App({ outdir: dir });
  new PlatformStack(app, stack, { platform, env: envs[stack] });
  app.synth();
  return fs.readFileSync(path.join(dir, "stacks", stack, "cdk.tf.json"), "utf8");
}

const cache = new Map<string, string>();

/** Synthesized JSON text of a stack, once per (stack, profile) per test file. */
export function synthText(stack: StackName, profile: ProdProfile = "launch"): string {
  const key = `${stack}/${profile}`;
  let text = cache.get(key);
  if (text === undefined) {
    text = synthFresh(stack, profile);
    cache.set(key, text);
  }
  return text;
}

export function synthJson(stack: StackName, profile: ProdProfile = "launch"): TerraformJson {
  return JSON.parse(synthText(stack, profile)) as TerraformJson;
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
  return resources(json, "digitalocean_droplet").filter((d) => (d.tags as string[]).includes(`bizsocials-${stack}-${role}`));
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
