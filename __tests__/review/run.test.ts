/**
 * `npm run review` against git: a tiny repository whose main.ts writes a cdk.tf.json from a data
 * file (fast, and independent of the real stacks), plus the CLI on this repository. Every error
 * path must leave no worktree behind.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cacheDir, review, ReviewError } from "../../review/run";

const root = path.join(__dirname, "..", "..");

/** A main.ts that synthesizes `stacks.json` ({stack: resources}) like the real one lays out cdktf.out. */
const MAIN = `import * as fs from "node:fs";
import * as path from "node:path";
const out = process.env.CDKTF_OUTDIR ?? "cdktf.out";
const stacks = JSON.parse(fs.readFileSync(path.join(__dirname, "stacks.json"), "utf8"));
if (stacks.fail) { process.stderr.write("config: boom = 1; allowed: nothing\\n"); process.exit(1); }
for (const [name, resource] of Object.entries(stacks)) {
  fs.mkdirSync(path.join(out, "stacks", name), { recursive: true });
  fs.writeFileSync(path.join(out, "stacks", name, "cdk.tf.json"), JSON.stringify({ terraform: {}, resource }));
}
process.stdout.write("tiny/prod: policy passed (1 rules applied, 0 suppressed)\\n");
`;

const droplet = (size: string) => ({ digitalocean_droplet: { app: { name: "tiny-app", size, region: "nyc3", image: "ubuntu-24-04-x64" } } });

let repo: string;
const sh = (args: string[]) => {
  const r = spawnSync("git", args, { cwd: repo, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
};
const commit = (stacks: unknown, message: string) => {
  fs.writeFileSync(path.join(repo, "stacks.json"), JSON.stringify(stacks));
  sh(["add", "-A"]);
  sh(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", message]);
};
const worktrees = () => sh(["worktree", "list"]).split("\n").length;

beforeAll(() => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), "platform-review-repo-"));
  sh(["init", "-q"]);
  fs.mkdirSync(path.join(repo, "lib"));
  fs.copyFileSync(path.join(root, "lib", "register.js"), path.join(repo, "lib", "register.js"));
  fs.writeFileSync(path.join(repo, "main.ts"), MAIN);
  fs.writeFileSync(path.join(repo, ".gitignore"), "node_modules\n");
  fs.symlinkSync(path.join(root, "node_modules"), path.join(repo, "node_modules"), "dir");
  commit({ prod: droplet("s-1vcpu-1gb") }, "base");
  commit({ prod: droplet("s-2vcpu-2gb") }, "resize");
  commit({ fail: true }, "broken");
  commit({ prod: droplet("s-2vcpu-2gb") }, "fixed");
});

afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

const run = (ref: string) => review({ projectDir: repo, ref, env: { PATH: process.env.PATH, PLATFORM_REVIEW_CACHE: "off" } });

it("--base HEAD on a clean tree: no change in any stack", async () => {
  const result = await run("HEAD");
  expect(result.stacks.map((s) => [s.stack, s.status])).toEqual([["prod", "unchanged"]]);
  expect(result.policy).toEqual({ status: "passed", lines: ["tiny/prod: policy passed (1 rules applied, 0 suppressed)"] });
  expect(worktrees()).toBe(1);
});

it("an older base: the change, attribute by attribute", async () => {
  const result = await run("HEAD~3");
  expect(result.base.commit).toBe(sh(["rev-parse", "HEAD~3"]));
  const [change] = result.stacks[0]!.changes;
  expect(change).toMatchObject({ address: "digitalocean_droplet.app", action: "update" });
  expect(change!.attributes.map((a) => [a.path, a.before, a.after])).toEqual([["size", '"s-1vcpu-1gb"', '"s-2vcpu-2gb"']]);
  expect(worktrees()).toBe(1);
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

it("uncommitted edits are the head", async () => {
  fs.writeFileSync(path.join(repo, "stacks.json"), JSON.stringify({ prod: droplet("s-4vcpu-8gb") }));
  try {
    const result = await run("HEAD");
    expect(result.stacks[0]!.changes[0]!.attributes[0]!.after).toBe('"s-4vcpu-8gb"');
  } finally {
    sh(["checkout", "--", "stacks.json"]);
  }
});

it("a ref that does not exist: names it, no worktree left", async () => {
  await expect(run("no-such-branch")).rejects.toThrow(new ReviewError('review --base "no-such-branch": not a commit in this repository; allowed: a branch, tag or commit that git rev-parse resolves (e.g. HEAD~1, origin/main).'));
  expect(worktrees()).toBe(1);
});

it("a base that does not synthesize: names the ref and shows its error, no worktree left", async () => {
  const error = await run("HEAD~1").then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error).toBeInstanceOf(ReviewError);
  expect(error!.message).toMatch(/^review --base HEAD~1: synthesizing the base \([0-9a-f]{12}\) failed \(exit 1\):\n {2}config: boom = 1; allowed: nothing$/);
  expect(worktrees()).toBe(1);
  expect(fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith("platform-review-") && !d.startsWith("platform-review-repo-"))).toEqual([]);
});

it("git missing: says so", async () => {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), "platform-nogit-"));
  try {
    await expect(review({ projectDir: repo, ref: "HEAD", env: { PATH: bin } })).rejects.toThrow(
      new ReviewError("review --base HEAD: git is not installed or not on PATH; the base is read from git history, so install git (apt-get install git)."),
    );
  } finally {
    fs.rmSync(bin, { recursive: true });
  }
});

describe("the CLI", () => {
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, ["-r", "./lib/register.js", "scripts/review.ts", ...args], { cwd: root, encoding: "utf8", env: { PATH: process.env.PATH, ...env } });

  it.each([
    [[], 'review: --base = null', "allowed: a git ref to compare with"],
    [["--base"], "Option '--base <value>' argument missing", "usage: npm run review -- --base <git-ref> [--json]"],
    [["--base", "HEAD", "--colour"], "Unknown option '--colour'", "usage: npm run review"],
    [["--base", "no-such-ref-anywhere"], 'review --base "no-such-ref-anywhere": not a commit in this repository', "e.g. HEAD~1"],
  ])("%j: exit 1 with a clear message", (args, message, hint) => {
    const result = cli(args as string[]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(hint);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("git missing: exit 1 with the message", () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "platform-nogit-"));
    try {
      const result = spawnSync(process.execPath, ["-r", "./lib/register.js", "scripts/review.ts", "--base", "HEAD"], { cwd: root, encoding: "utf8", env: { PATH: bin } });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("git is not installed or not on PATH");
    } finally {
      fs.rmSync(bin, { recursive: true });
    }
  });

  it("a bad selection is reported once, before any synth", () => {
    const result = cli(["--base", "HEAD"], { PLATFORM_PROD_PROFILE: "huge" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('prod: profile = "huge"');
  });

  it("--json on this repository: every stack, with cost and policy; git without a worktree left", () => {
    const before = spawnSync("git", ["worktree", "list"], { cwd: root, encoding: "utf8" }).stdout;
    const result = cli(["--base", "HEAD", "--json"]);
    expect(result.stderr).toBe(""); // not a terminal: no progress
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.preset).toBe("bizsocials");
    expect(json.stacks.map((s: { stack: string }) => s.stack)).toEqual(["dev", "staging", "prod", "dr"]);
    expect(json.policy.status).toBe("passed");
    for (const s of json.stacks) expect(s.cost.headUsd).toBeGreaterThan(0);
    expect(spawnSync("git", ["worktree", "list"], { cwd: root, encoding: "utf8" }).stdout).toBe(before);
  });
});
