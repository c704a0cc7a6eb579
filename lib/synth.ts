/**
 * Writes the synthesized stacks into a fresh sibling directory and swaps it into place only when
 * synthesis succeeded, so a failed run (bad config, failed validation) leaves the previous
 * `cdktf.out` exactly as it was.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export function synthAtomically(outdir: string, synth: (stagingDir: string) => void): void {
  const target = path.resolve(outdir);
  const staging = `${target}.staging-${process.pid}`;
  const previous = `${target}.previous-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    synth(staging);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  const hadPrevious = fs.existsSync(target);
  if (hadPrevious) fs.renameSync(target, previous);
  fs.renameSync(staging, target);
  if (hadPrevious) fs.rmSync(previous, { recursive: true, force: true });
}
