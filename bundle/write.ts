/**
 * Assembling and writing hand-off bundles. `bundleFiles` is pure (same inputs, same bytes);
 * `writeBundle` replaces one stack's bundle directory atomically, so a failed run leaves the
 * previous bundle as it was.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { CostEstimate } from "../cost/estimate";
import type { SuppressedViolation } from "../policy/violations";
import { bundleReadme, type Json } from "./readme";
import type { SizingRow } from "./sizing";
import { tfvarsExample, type VariableDeclaration } from "./tfvars";

export interface BundleInput {
  readonly preset: string;
  readonly stack: string;
  readonly profile: string;
  /** The exact bytes of cdktf.out/stacks/<stack>/cdk.tf.json. */
  readonly text: string;
  /** undefined: the preset has no sizing doc; `column` undefined: the doc has no column for this stack. */
  readonly sizing: { readonly column: readonly SizingRow[] | undefined } | undefined;
  readonly cost: CostEstimate;
  readonly budgetUsd: number;
  readonly suppressed: readonly SuppressedViolation[];
}

/** `sha256sum` format, sorted by file name. */
export function sha256sums(files: ReadonlyMap<string, string>): string {
  return [...files.keys()]
    .sort()
    .map((name) => `${createHash("sha256").update(files.get(name)!).digest("hex")}  ${name}\n`)
    .join("");
}

/** File name → content of one stack's bundle. */
export function bundleFiles(input: BundleInput): Map<string, string> {
  const json = JSON.parse(input.text) as Json;
  const files = new Map<string, string>();
  files.set("cdk.tf.json", input.text);
  files.set("terraform.tfvars.example", tfvarsExample(`${input.preset}/${input.stack}`, (json.variable ?? {}) as Record<string, VariableDeclaration>));
  files.set("README.md", bundleReadme({ ...input, json, files: ["cdk.tf.json", "terraform.tfvars.example"] }));
  files.set("SHA256SUMS", sha256sums(files));
  return files;
}

/** Writes `files` as directory `dir`, replacing what was there only once every file is written. */
export function writeBundle(dir: string, files: ReadonlyMap<string, string>): void {
  const staging = `${dir}.staging-${process.pid}`;
  const previous = `${dir}.previous-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  try {
    for (const [name, content] of files) fs.writeFileSync(path.join(staging, name), content);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  const had = fs.existsSync(dir);
  if (had) fs.renameSync(dir, previous);
  fs.renameSync(staging, dir);
  if (had) fs.rmSync(previous, { recursive: true, force: true });
}
