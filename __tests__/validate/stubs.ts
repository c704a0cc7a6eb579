/**
 * Runs scripts/validate.ts as a child process with stub tools (stub-tool.js) as the only things
 * on PATH, and reads what the stubs recorded.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const ROOT = path.join(__dirname, "..", "..");
export const ALL_TOOLS = ["terraform", "cloud-init", "nginx", "php-fpm8.3", "supervisord", "supervisorctl", "systemd-analyze", "shellcheck"];

export interface Call {
  readonly tool: string;
  readonly argv: string[];
  readonly cwd: string;
  readonly backend?: Record<string, unknown>;
  readonly varFile?: string;
  readonly document?: string;
  readonly env?: Record<string, string | undefined>;
}

export interface Stubs {
  readonly bin: string;
  /** Installed units for drop-ins (PLATFORM_SYSTEMD_UNIT_DIRS). */
  readonly units: string;
  readonly log: string;
  calls(tool?: string): Call[];
  cleanup(): void;
}

export function makeStubs(tools: readonly string[] = ALL_TOOLS): Stubs {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "validate-stubs-"));
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  const source = `#!${process.execPath}\n${fs.readFileSync(path.join(__dirname, "stub-tool.js"), "utf8")}`;
  for (const tool of tools) fs.writeFileSync(path.join(bin, tool), source, { mode: 0o755 });
  // The units the synthesized drop-ins extend, as a machine with the packages has them (tests run before the install).
  const units = path.join(dir, "units");
  fs.mkdirSync(units);
  for (const unit of ["supervisor.service", "nginx.service", "php8.3-fpm.service"]) {
    fs.writeFileSync(path.join(units, unit), `[Unit]\nDescription=stub ${unit}\n\n[Service]\nExecStart=/bin/true\n`);
  }
  const log = path.join(dir, "calls.jsonl");
  fs.writeFileSync(log, "");
  return {
    bin,
    units,
    log,
    calls: (tool) =>
      fs
        .readFileSync(log, "utf8")
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as Call)
        .filter((c) => tool === undefined || c.tool === tool),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** `npm run validate -- …args` with only the stubs on PATH (and no unpacked cloud-init). */
export function runValidate(stubs: Stubs, args: readonly string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ["-r", "./lib/register.js", "scripts/validate.ts", ...args], {
    cwd: ROOT,
    env: { PATH: stubs.bin, STUB_LOG: stubs.log, PLATFORM_CLOUD_INIT_ROOT: path.join(stubs.bin, "no-cloud-init"), PLATFORM_SYSTEMD_UNIT_DIRS: stubs.units, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { ...result, lines: result.stdout.split("\n").filter((l) => l !== "" && !l.startsWith(" ")) };
}

/** The JSON global-setup.ts synthesized for this run, as `npm run synth` writes it (`<dir>/stacks/<stack>/cdk.tf.json`). */
export function synthDir(profile: "launch" | "growth" = "launch"): string {
  const dir = process.env.PLATFORM_TEST_SYNTH_DIR;
  if (!dir) throw new Error("PLATFORM_TEST_SYNTH_DIR is not set: run the tests through jest");
  return path.join(dir, profile);
}

/** A synth-output-shaped folder holding the given stack JSON (for fixtures). */
export function fixtureDir(stacks: Record<string, unknown>): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "validate-fixture-"));
  for (const [stack, json] of Object.entries(stacks)) {
    fs.mkdirSync(path.join(dir, "stacks", stack), { recursive: true });
    fs.writeFileSync(path.join(dir, "stacks", stack, "cdk.tf.json"), JSON.stringify(json));
  }
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
