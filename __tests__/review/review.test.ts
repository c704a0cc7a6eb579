/**
 * `npm run review` against git: a tiny repository whose main.ts writes a cdk.tf.json from a data
 * file (fast, and independent of the real stacks), then the CLI on a clone of this repository.
 * Every path, error or not, must leave no worktree and no temp dir behind: each review here runs
 * with a TMPDIR of its own, which must be empty afterwards.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { renderMarkdown } from "../../review/render";
import { cacheDir, policyStatus, review, ReviewError, type Review } from "../../review/run";

const root = path.join(__dirname, "..", "..");

/**
 * A main.ts that synthesizes `stacks.json` ({stack: resources}) like the real one lays out cdktf.out;
 * `fail`, `policy` and `sleep` act like a broken config, a policy violation and a slow synth.
 */
const MAIN = `import * as fs from "node:fs";
import * as path from "node:path";
const out = process.env.CDKTF_OUTDIR ?? "cdktf.out";
const stacks = JSON.parse(fs.readFileSync(path.join(__dirname, "stacks.json"), "utf8"));
if (stacks.fail) { process.stderr.write("config: boom = 1; allowed: nothing\\n"); process.exit(1); }
if (stacks.policy) { process.stderr.write("Policy check failed (1 problem; nothing was written):\\n  - [DO-FW-1] prod: prod/fw (digitalocean_firewall.fw) inbound = 22: open. Fix: close it\\n"); process.exit(1); }
if (stacks.sleep) { fs.writeFileSync(path.join(__dirname, "synth.pid"), String(process.pid)); setTimeout(() => undefined, 30000); }
else {
  for (const [name, resource] of Object.entries(stacks)) {
    fs.mkdirSync(path.join(out, "stacks", name), { recursive: true });
    fs.writeFileSync(path.join(out, "stacks", name, "cdk.tf.json"), JSON.stringify({ terraform: {}, resource }));
  }
  process.stdout.write("tiny/prod: policy passed (1 rules applied, 0 suppressed)\\n");
}
`;

const droplet = (size: string) => ({ digitalocean_droplet: { app: { name: "tiny-app", size, region: "nyc3", image: "ubuntu-24-04-x64" } } });

let repo: string;
const sh = (args: string[], cwd = repo) => {
  const r = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
};
const commit = (stacks: unknown, message: string) => {
  fs.writeFileSync(path.join(repo, "stacks.json"), JSON.stringify(stacks));
  sh(["add", "-A"]);
  sh(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", message]);
};
const worktrees = (cwd = repo) => sh(["worktree", "list"], cwd).split("\n").length;
/** Uncommitted edits for one test. */
const editing = async (stacks: unknown, body: () => Promise<void>) => {
  fs.writeFileSync(path.join(repo, "stacks.json"), JSON.stringify(stacks));
  try {
    await body();
  } finally {
    sh(["checkout", "--", "stacks.json"]);
  }
};

beforeAll(() => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), "platform-review-repo-"));
  sh(["init", "-q"]);
  fs.writeFileSync(path.join(repo, ".gitignore"), "node_modules\nsynth.pid\n");
  sh(["add", "-A"]);
  sh(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "before the project"]);
  fs.mkdirSync(path.join(repo, "lib"));
  fs.copyFileSync(path.join(root, "lib", "register.js"), path.join(repo, "lib", "register.js"));
  fs.writeFileSync(path.join(repo, "main.ts"), MAIN);
  fs.symlinkSync(path.join(root, "node_modules"), path.join(repo, "node_modules"), "dir");
  commit({ prod: droplet("s-1vcpu-1gb") }, "base"); // HEAD~3
  commit({ prod: droplet("s-2vcpu-2gb") }, "resize"); // HEAD~2
  commit({ fail: true }, "broken"); // HEAD~1
  commit({ prod: droplet("s-2vcpu-2gb") }, "fixed"); // HEAD
});

afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

/**
 * review() on the tiny repository, with a TMPDIR of its own; afterwards, whatever happened: that
 * TMPDIR is empty and git lists no worktree but the repository's own.
 */
async function run(ref: string, env: NodeJS.ProcessEnv = { PATH: process.env.PATH, PLATFORM_REVIEW_CACHE: "off" }): Promise<Review> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "platform-review-tmp-"));
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  try {
    return await review({ projectDir: repo, ref, env });
  } finally {
    process.env.TMPDIR = saved;
    if (saved === undefined) delete process.env.TMPDIR;
    expect(fs.readdirSync(tmp)).toEqual([]);
    fs.rmSync(tmp, { recursive: true, force: true });
    expect(worktrees()).toBe(1);
  }
}
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected the review to fail");
    },
    (e: unknown) => e as Error,
  );

it("--base HEAD on a clean tree: no change in any stack", async () => {
  const result = await run("HEAD");
  expect(result.stacks.map((s) => [s.stack, s.status])).toEqual([["prod", "unchanged"]]);
  expect(result.policy).toEqual({ status: "passed", lines: ["tiny/prod: policy passed (1 rules applied, 0 suppressed)"], stacks: [{ stack: "prod", rulesApplied: 1, suppressed: 0 }] });
  expect(renderMarkdown(result, "tiny")).toContain("- prod: no change · cost $");
});

it("a commit that changes a stack: the change, attribute by attribute, and its cost", async () => {
  const result = await run("HEAD~3");
  expect(result.base.commit).toBe(sh(["rev-parse", "HEAD~3"]));
  const [stack] = result.stacks;
  expect(stack!.changes.map((c) => [c.address, c.action, c.attributes.map((a) => [a.path, a.before, a.after, a.forcesReplacement])])).toEqual([
    ["digitalocean_droplet.app", "update", [["size", '"s-1vcpu-1gb"', '"s-2vcpu-2gb"', false]]],
  ]);
  expect(stack!.cost.deltaUsd).toBeGreaterThan(0);
  expect(renderMarkdown(result, "tiny")).toContain("- prod: 0 to add, 0 to remove, 1 to change (0 forces replacement) · cost +$");
});

it("uncommitted edits are the head", async () => {
  await editing({ prod: droplet("s-4vcpu-8gb") }, async () => {
    const result = await run("HEAD");
    expect(result.stacks[0]!.changes[0]!.attributes[0]!.after).toBe('"s-4vcpu-8gb"');
  });
});

it("keeps a base's output for the next review of the same commit and inputs, and only then skips the worktree", async () => {
  const lines: string[] = [];
  const cachedRun = (env: NodeJS.ProcessEnv) => review({ projectDir: repo, ref: "HEAD~3", env: { PATH: process.env.PATH, ...env }, progress: (l) => lines.push(l) });
  const cache = cacheDir(repo, sh(["rev-parse", "HEAD~3"]), { PATH: process.env.PATH })!;
  fs.rmSync(cache, { recursive: true, force: true });
  try {
    const first = await cachedRun({});
    expect(lines.some((l) => l.includes("temporary worktree"))).toBe(true);
    expect(fs.existsSync(path.join(cache, "complete"))).toBe(true);
    lines.length = 0;
    const second = await cachedRun({});
    expect(lines.some((l) => l.includes("temporary worktree"))).toBe(false);
    expect(lines[0]).toContain("was synthesized before with these inputs");
    expect(second.stacks).toEqual(first.stacks);
    // Another selection is another key.
    expect(cacheDir(repo, sh(["rev-parse", "HEAD~3"]), { PLATFORM_PROD_PROFILE: "growth" })).not.toBe(cache);
    expect(cacheDir(repo, sh(["rev-parse", "HEAD~3"]), { PLATFORM_REVIEW_CACHE: "off" })).toBeUndefined();
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
  expect(worktrees()).toBe(1);
});

it("a ref that does not exist: names it", async () => {
  const error = await failure(run("no-such-branch"));
  expect(error).toEqual(new ReviewError('review --base "no-such-branch": not a commit in this repository; allowed: a branch, tag or commit that git rev-parse resolves (e.g. HEAD~1, origin/main).'));
});

it("a base that does not synthesize: names the ref and shows its error", async () => {
  const error = await failure(run("HEAD~1"));
  expect(error).toBeInstanceOf(ReviewError);
  expect(error.message).toMatch(/^review --base HEAD~1: synthesizing the base \([0-9a-f]{12}\) failed \(exit 1\):\n {2}config: boom = 1; allowed: nothing$/);
});

it("a base from before the project: names the ref and what is missing", async () => {
  const first = sh(["rev-list", "--max-parents=0", "HEAD"]);
  const error = await failure(run(first));
  expect(error.message).toBe(`review --base ${first}: the base (${first.slice(0, 12)}) has no main.ts to synthesize; allowed: a commit of this project that has it.`);
});

it("a working tree that breaks policy: reported as the head's policy status, not as an error", async () => {
  await editing({ policy: true }, async () => {
    const result = await run("HEAD");
    expect(result.policy.status).toBe("failed");
    expect(result.policy.lines[0]).toBe("Policy check failed (1 problem; nothing was written):");
    expect(result.policy.lines[1]).toContain("[DO-FW-1]");
    expect(result.stacks).toEqual([]);
    expect(renderMarkdown(result, "tiny")).toContain("**Policy of the working tree: FAILED**");
  });
});

it("a working tree that does not synthesize otherwise: an error naming it", async () => {
  await editing({ fail: true }, async () => {
    const error = await failure(run("HEAD"));
    expect(error.message).toBe("review --base HEAD: synthesizing the working tree failed (exit 1):\n  config: boom = 1; allowed: nothing");
  });
});

it("git missing: says so", async () => {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), "platform-nogit-"));
  try {
    const error = await failure(run("HEAD", { PATH: bin }));
    expect(error).toEqual(new ReviewError("review --base HEAD: git is not installed or not on PATH; the base is read from git history, so install git (apt-get install git)."));
  } finally {
    fs.rmSync(bin, { recursive: true });
  }
});

/** Whether a process has ended (gone, or a zombie nobody reaped: PID 1 of a container may not), within a second. */
async function stopped(pid: number): Promise<boolean> {
  for (let i = 0; i < 40; i++) {
    let state: string;
    try {
      state = /^State:\s+(\S)/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? "";
    } catch {
      return true;
    }
    if (state === "Z" || state === "X") return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

it("SIGTERM while synthesizing: the synth is stopped, the worktree and temp dir removed, and the signal ends the process", async () => {
  await editing({ sleep: true }, async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "platform-review-tmp-"));
    const pidFile = path.join(repo, "synth.pid");
    fs.rmSync(pidFile, { force: true });
    const driver = `require(${JSON.stringify(path.join(root, "review", "run.ts"))}).review({ projectDir: ${JSON.stringify(repo)}, ref: "HEAD", env: { PATH: process.env.PATH, PLATFORM_REVIEW_CACHE: "off" } })`;
    const child = spawn(process.execPath, ["-r", path.join(root, "lib", "register.js"), "-e", driver], { env: { PATH: process.env.PATH, TMPDIR: tmp }, stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    try {
      // Wait until the base is checked out and the (sleeping) working-tree synth has started (up to
      // 20 s: on 2 loaded cores, with the other test files' processes, 5 s was seen to be too short).
      for (let i = 0; i < 800 && !(worktrees() === 2 && fs.existsSync(pidFile)); i++) await new Promise((r) => setTimeout(r, 25));
      expect(worktrees()).toBe(2);
      const synthPid = Number(fs.readFileSync(pidFile, "utf8"));
      child.kill("SIGTERM");
      expect(await exited).toBe("SIGTERM");
      expect(worktrees()).toBe(1);
      expect(fs.readdirSync(tmp)).toEqual([]);
      expect(await stopped(synthPid)).toBe(true);
    } finally {
      child.kill("SIGKILL");
      fs.rmSync(tmp, { recursive: true, force: true });
      fs.rmSync(pidFile, { force: true });
    }
  });
}, 30_000);

it("reads the policy status from main.ts's output", () => {
  expect(policyStatus({ status: 0, stdout: "bizsocials/prod: policy passed (25 rules applied, 3 suppressed)\n  [DO-FW-2] prod: prod/firewall (1 finding) suppressed: …\n", stderr: "" })).toEqual({
    status: "passed",
    lines: ["bizsocials/prod: policy passed (25 rules applied, 3 suppressed)"],
    stacks: [{ stack: "prod", rulesApplied: 25, suppressed: 3 }],
  });
  expect(policyStatus({ status: 1, stdout: "", stderr: "Policy check failed (2 problems; nothing was written):\n  - a\n  - b\n" })).toEqual({
    status: "failed",
    lines: ["Policy check failed (2 problems; nothing was written):", "  - a", "  - b"],
    stacks: [],
  });
});

describe("the CLI", () => {
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}, cwd = root) =>
    spawnSync(process.execPath, ["-r", "./lib/register.js", "scripts/review.ts", ...args], { cwd, encoding: "utf8", env: { PATH: process.env.PATH, ...env } });

  it.each([
    [[], "review: --base = null", "allowed: a git ref to compare with"],
    [["--base"], "Option '--base <value>' argument missing", "usage: npm run review -- --base <git-ref> [--json]"],
    [["--base", "HEAD", "--colour"], "Unknown option '--colour'", "usage: npm run review"],
    [["--base", "no-such-ref-anywhere"], 'review --base "no-such-ref-anywhere": not a commit in this repository', "e.g. HEAD~1"],
  ])("%j: exit 1 with a clear message", (args, message, hint) => {
    const before = sh(["worktree", "list"], root);
    const result = cli(args as string[]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(hint);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(sh(["worktree", "list"], root)).toBe(before);
  });

  it("git missing: exit 1 with the message", () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "platform-nogit-"));
    try {
      const result = spawnSync(process.execPath, ["-r", "./lib/register.js", "scripts/review.ts", "--base", "HEAD"], { cwd: root, encoding: "utf8", env: { PATH: bin } });
      expect(result.status).toBe(1);
      expect(result.stderr).toBe("review --base HEAD: git is not installed or not on PATH; the base is read from git history, so install git (apt-get install git).\n");
    } finally {
      fs.rmSync(bin, { recursive: true });
    }
  });

  it("a bad selection is reported once, before any synth", () => {
    const result = cli(["--base", "HEAD"], { PLATFORM_PROD_PROFILE: "huge" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('prod: profile = "huge"');
  });

  // The real stacks, on a clean tree: a clone of this repository at HEAD (this working tree may be
  // mid-edit), carrying this working tree's review code, which no stack loads (main.ts never
  // imports review/): so --base HEAD must find no change in any stack.
  it("--base HEAD --json on a clone of this repository: the four stacks, no change in any, cost and policy; no worktree left", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-review-clone-"));
    const clone = path.join(dir, "repo");
    try {
      sh(["clone", "--quiet", root, clone], root);
      fs.symlinkSync(path.join(root, "node_modules"), path.join(clone, "node_modules"), "dir");
      fs.cpSync(path.join(root, "review"), path.join(clone, "review"), { recursive: true });
      fs.copyFileSync(path.join(root, "scripts", "review.ts"), path.join(clone, "scripts", "review.ts"));
      const result = cli(["--base", "HEAD", "--json"], { PLATFORM_REVIEW_CACHE: "off" }, clone);
      expect(result.stderr).toBe(""); // not a terminal: no progress
      expect(result.status).toBe(0);
      const json = JSON.parse(result.stdout);
      expect(json.preset).toBe("bizsocials");
      expect(json.base.commit).toBe(sh(["rev-parse", "HEAD"], clone));
      expect(json.stacks.map((s: { stack: string; status: string }) => [s.stack, s.status])).toEqual([
        ["dev", "unchanged"],
        ["staging", "unchanged"],
        ["prod", "unchanged"],
        ["dr", "unchanged"],
      ]);
      for (const s of json.stacks) expect(s.cost.headUsd).toBeGreaterThan(0);
      expect(json.cost.deltaUsd).toBe(0);
      expect(json.policy.status).toBe("passed");
      expect(json.policy.stacks.map((s: { stack: string }) => s.stack)).toEqual(["dev", "staging", "prod", "dr"]);
      for (const s of json.policy.stacks) expect(s.rulesApplied).toBeGreaterThan(10);
      const markdown = renderMarkdown(json as Review, json.preset);
      for (const stack of ["dev", "staging", "prod", "dr"]) expect(markdown).toMatch(new RegExp(`^- ${stack}: no change · cost \\$\\d+\\.\\d\\d/mo$`, "m"));
      expect(markdown).toContain("No change in any stack.");
      expect(worktrees(clone)).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
