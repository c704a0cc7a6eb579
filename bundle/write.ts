/**
 * Assembling and writing hand-off bundles. `bundleFiles` is pure (same inputs, same bytes);
 * `writeBundle` replaces one stack's bundle directory atomically, so a failed run leaves the
 * previous bundle as it was.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { bundleReadme, type Json, type ReadmeInput } from "./readme";
import { tfvarsExample, type VariableDeclaration } from "./tfvars";

/** What the README takes, with the stack's JSON as the exact bytes of cdktf.out/stacks/<stack>/cdk.tf.json. */
export interface BundleInput extends Omit<ReadmeInput, "json" | "files"> {
  readonly text: string;
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
  // A real directory, not cdktf.out's link to a version (lib/synth.ts): a bundle is handed on as
  // plain files, and `tar` or `cp -r` would carry a link as a link, pointing at nothing. So the
  // swap is two renames, with a moment between them where the bundle does not exist.
  const target = path.resolve(dir);
  const staging = `${target}.staging-${process.pid}`;
  const previous = `${target}.previous-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  for (const [name, content] of files) fs.writeFileSync(path.join(staging, name), content);
  const hadPrevious = fs.existsSync(target);
  if (hadPrevious) fs.renameSync(target, previous);
  fs.renameSync(staging, target);
  if (hadPrevious) fs.rmSync(previous, { recursive: true, force: true });
}
