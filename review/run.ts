/**
 * `npm run review`'s moving parts: the base synthesized in a temporary git worktree and the
 * working tree synthesized beside it (two child processes at once), then compared per stack.
 * Neither run touches the user's cdktf.out. The worktree and temp dirs are removed on every path,
 * including errors and signals (see `Scratch`).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BOOTSTRAP_STACK, STACK_NAMES } from "../config/types";
import { compareStack, type Json, type StackComparison } from "./compare";

export class ReviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReviewError";
  }
}

export interface PolicyStatus {
  readonly status: "passed" | "failed";
  /** `<app>/<stack>: policy passed (…)` lines of the working tree's synth, or its failure message line by line. */
  readonly lines: readonly string[];
  /** When passed: each stack's rules applied and suppressions, read from those lines. */
  readonly stacks: readonly { readonly stack: string; readonly rulesApplied: number; readonly suppressed: number }[];
}

const PASSED = /^(?:[^\s/]+\/)?(\S+): policy passed \((\d+) rules? applied, (\d+) suppressed\)$/;

/** The policy status from the working tree's synth: main.ts prints one `policy passed` line per stack, or a PolicyError. */
export function policyStatus(run: { status: number | null; stdout: string; stderr: string }): PolicyStatus {
  if (run.status !== 0) return { status: "failed", lines: run.stderr.trim().split("\n"), stacks: [] };
  const lines = run.stdout.split("\n").filter((l) => PASSED.test(l));
  const stacks = lines.map((l) => {
    const [, stack, rules, suppressed] = PASSED.exec(l)!;
    return { stack: stack!, rulesApplied: Number(rules), suppressed: Number(suppressed) };
  });
  return { status: "passed", lines, stacks };
}

export interface Review {
  readonly base: { readonly ref: string; readonly commit: string };
  readonly head: "working tree";
  readonly stacks: readonly StackComparison[];
  readonly policy: PolicyStatus;
}

export interface ReviewOptions {
  /** The project directory (holds main.ts), inside a git repository. */
  readonly projectDir: string;
  readonly ref: string;
  /** PLATFORM_* and the rest, passed to both synths. */
  readonly env: NodeJS.ProcessEnv;
  /** Progress lines (only wired to stderr when it is a terminal). */
  readonly progress?: (line: string) => void;
}

function git(cwd: string, args: string[], env: NodeJS.ProcessEnv): { ok: boolean; stdout: string; stderr: string; missing: boolean } {
  const r = spawnSync("git", args, { cwd, encoding: "utf8", env });
  const missing = (r.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
  return { ok: r.status === 0, stdout: (r.stdout ?? "").trim(), stderr: (r.stderr ?? "").trim(), missing };
}

interface SynthResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node -r ./lib/register.js main.ts` in `cwd`, writing to `outdir`; resolves when it exits. Tracked by `scratch` until then. */
function synth(scratch: Scratch, cwd: string, outdir: string, env: NodeJS.ProcessEnv): Promise<SynthResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["-r", "./lib/register.js", "main.ts"], {
      cwd,
      env: { ...env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    scratch.children.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (e) => {
      scratch.children.delete(child);
      resolve({ status: null, stdout, stderr: `${stderr}${e.message}` });
    });
    child.on("close", (status) => {
      scratch.children.delete(child);
      resolve({ status, stdout, stderr });
    });
  });
}

/**
 * Where the base's synth output is kept for next time, or undefined when caching is off
 * (PLATFORM_REVIEW_CACHE=off). A commit never changes, so the output depends only on it, the
 * dependencies (the working tree's lock file: the base runs with its node_modules), Node's version
 * and the PLATFORM_* selection; all four are in the key. Under node_modules/.cache, like the
 * transpile cache: `npm ci` starts both afresh.
 */
export function cacheDir(projectDir: string, commit: string, env: NodeJS.ProcessEnv): string | undefined {
  if (env.PLATFORM_REVIEW_CACHE === "off") return undefined;
  const lockFile = path.join(projectDir, "package-lock.json");
  const lock = fs.existsSync(lockFile) ? createHash("sha256").update(fs.readFileSync(lockFile)).digest("hex") : "";
  const selection = Object.entries(env)
    .filter(([k]) => k.startsWith("PLATFORM_") && k !== "PLATFORM_REVIEW_CACHE")
    .sort(([a], [b]) => a.localeCompare(b));
  const key = createHash("sha256").update(JSON.stringify({ commit, lock, node: process.version, selection })).digest("hex").slice(0, 32);
  return path.join(projectDir, "node_modules", ".cache", "platform-review", key);
}

/** Copies a finished base output into the cache; the `complete` marker is written last, so a half copy is never used. */
function store(outdir: string, cached: string): void {
  const tmp = `${cached}.${process.pid}.tmp`;
  try {
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.cpSync(path.join(outdir, "stacks"), path.join(tmp, "stacks"), { recursive: true });
    fs.writeFileSync(path.join(tmp, "complete"), "");
    fs.rmSync(cached, { recursive: true, force: true });
    fs.renameSync(tmp, cached);
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true }); // a cache that cannot be written is only slower
  }
}

/** The stacks a synth output holds, by name, with their JSON. */
export function readOutput(outdir: string): Map<string, Json> {
  const stacksDir = path.join(outdir, "stacks");
  const out = new Map<string, Json>();
  if (!fs.existsSync(stacksDir)) return out;
  for (const stack of fs.readdirSync(stacksDir).sort()) {
    const file = path.join(stacksDir, stack, "cdk.tf.json");
    if (fs.existsSync(file)) out.set(stack, JSON.parse(fs.readFileSync(file, "utf8")) as Json);
  }
  return out;
}

const ORDER: readonly string[] = [...STACK_NAMES, BOOTSTRAP_STACK];
const order = (stack: string) => (ORDER.includes(stack) ? ORDER.indexOf(stack) : ORDER.length);

/** Compares every stack either output holds: dev, staging, prod, dr, bootstrap, then any other by name. */
export function compareOutputs(base: Map<string, Json>, head: Map<string, Json>): StackComparison[] {
  const names = [...new Set([...head.keys(), ...base.keys()])];
  return names.sort((a, b) => order(a) - order(b) || a.localeCompare(b)).map((stack) => compareStack(stack, base.get(stack), head.get(stack)));
}

/**
 * What must be cleaned up, whatever happens: the synth processes still running, the worktree
 * (through git, so git forgets it) and the temp dir. `dispose` is idempotent and is also run on
 * SIGINT/SIGTERM, after which the signal is raised again (the process ends as it would have).
 */
class Scratch {
  readonly dir: string;
  readonly children = new Set<ChildProcess>();
  worktree: string | undefined;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.dispose();
    process.kill(process.pid, signal);
  };

  constructor(
    private readonly repo: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-review-"));
    process.once("SIGINT", this.onSignal);
    process.once("SIGTERM", this.onSignal);
  }

  dispose(): void {
    process.removeListener("SIGINT", this.onSignal);
    process.removeListener("SIGTERM", this.onSignal);
    for (const child of this.children) child.kill("SIGKILL");
    this.children.clear();
    if (this.worktree) {
      git(this.repo, ["worktree", "remove", "--force", this.worktree], this.env);
      this.worktree = undefined;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
    git(this.repo, ["worktree", "prune"], this.env);
  }
}

export async function review(options: ReviewOptions): Promise<Review> {
  const { projectDir, ref, env } = options;
  const progress = options.progress ?? (() => undefined);
  const top = git(projectDir, ["rev-parse", "--show-toplevel"], env);
  if (top.missing) throw new ReviewError(`review --base ${ref}: git is not installed or not on PATH; the base is read from git history, so install git (apt-get install git).`);
  if (!top.ok) throw new ReviewError(`review --base ${ref}: ${projectDir} is not inside a git repository (${top.stderr || "git rev-parse failed"}).`);
  const resolved = git(projectDir, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], env);
  if (!resolved.ok || resolved.stdout === "") {
    throw new ReviewError(`review --base ${JSON.stringify(ref)}: not a commit in this repository; allowed: a branch, tag or commit that git rev-parse resolves (e.g. HEAD~1, origin/main).`);
  }
  const commit = resolved.stdout;
  const short = commit.slice(0, 12);
  const repo = fs.realpathSync(top.stdout);
  const inRepo = path.relative(repo, fs.realpathSync(projectDir));

  const scratch = new Scratch(repo, env);
  try {
    // The working tree's synth starts first: it needs nothing from git, and runs while the base is checked out.
    const headOut = path.join(scratch.dir, "head.out");
    const headRun = synth(scratch, projectDir, headOut, env);
    const cached = cacheDir(projectDir, commit, env);
    let baseOut: string;
    if (cached && fs.existsSync(path.join(cached, "complete"))) {
      progress(`review: ${ref} (${short}) was synthesized before with these inputs; synthesizing the working tree…`);
      baseOut = cached;
    } else {
      const worktree = path.join(scratch.dir, "base");
      progress(`review: checking out ${ref} (${short}) in a temporary worktree…`);
      const added = git(repo, ["worktree", "add", "--detach", "--quiet", worktree, commit], env);
      if (!added.ok) throw new ReviewError(`review --base ${ref}: git worktree add of ${short} failed: ${added.stderr}`);
      scratch.worktree = worktree;
      const baseProject = path.join(worktree, inRepo);
      if (!fs.existsSync(path.join(baseProject, "main.ts"))) {
        throw new ReviewError(`review --base ${ref}: the base (${short}) has no ${path.join(inRepo, "main.ts")} to synthesize; allowed: a commit of this project that has it.`);
      }
      // The base runs with the working tree's dependencies (its own lock file may differ; a
      // dependency change between the two shows up as a synth difference, or a failing base).
      if (!fs.existsSync(path.join(baseProject, "node_modules"))) fs.symlinkSync(path.join(projectDir, "node_modules"), path.join(baseProject, "node_modules"), "dir");

      progress(`review: synthesizing ${ref} (${short}) and the working tree…`);
      baseOut = path.join(scratch.dir, "base.out");
      const baseRun = await synth(scratch, baseProject, baseOut, env);
      if (baseRun.status !== 0) {
        throw new ReviewError(`review --base ${ref}: synthesizing the base (${short}) failed (exit ${baseRun.status}):\n${indent(baseRun.stderr || baseRun.stdout)}`);
      }
      if (cached) store(baseOut, cached);
    }
    const head = await headRun;
    const policyFailed = head.status !== 0 && /Policy check failed/.test(head.stderr);
    if (head.status !== 0 && !policyFailed) {
      throw new ReviewError(`review --base ${ref}: synthesizing the working tree failed (exit ${head.status}):\n${indent(head.stderr || head.stdout)}`);
    }
    progress("review: comparing…");
    // A policy failure writes nothing (main.ts checks every stack before writing): nothing to compare.
    const stacks = policyFailed ? [] : compareOutputs(readOutput(baseOut), readOutput(headOut));
    return { base: { ref, commit }, head: "working tree", stacks, policy: policyStatus(head) };
  } finally {
    scratch.dispose();
  }
}

const indent = (text: string) =>
  text
    .trim()
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
