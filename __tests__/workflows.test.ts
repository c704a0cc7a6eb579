/**
 * The GitHub workflows, offline: each one validated against the workflow schema
 * (@action-validator/core), then what docs/pull-requests.md promises asserted on the parsed YAML with small
 * helpers (exported, and shown failing on bad workflows at the end): the stack matrix (from
 * config/types.ts), least-privilege permissions, one never-cancelled concurrency group per stack on
 * every job that runs terraform, actions pinned to commit SHAs, Terraform pinned to the version the
 * plan fixtures were made with, the Spaces checksum variables, prod and dr behind environments, dr
 * after prod, the fork path. The commenter's script is run against a fake GitHub API.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { parse } from "yaml";
import { STACK_NAMES } from "../config/types";
import { marker, renderOfflineComment, renderPlanComment } from "../review/plan-comment";

type Json = Record<string, any>;
const dir = path.join(__dirname, "..", ".github", "workflows");
const FILES = fs.readdirSync(dir).filter((f) => f.endsWith(".yml") || f.endsWith(".yaml")).sort();
/** cdktf.out is a link (lib/synth.ts); the artifact is made from the directory it points to. */
const RESOLVE_OUT = 'echo "dir=$(realpath cdktf.out)" >> "$GITHUB_OUTPUT"';
const source = (file: string) => fs.readFileSync(path.join(dir, file), "utf8");
const load = (file: string) => parse(source(file)) as Json;
const jobs = (wf: Json) => Object.entries((wf.jobs ?? {}) as Json) as [string, Json][];
const steps = (job: Json) => (job.steps ?? []) as Json[];
const runs = (job: Json) => steps(job).map((s) => String(s.run ?? "")).join("\n");
/** The Terraform the plan fixtures were made with: CI must plan with the same. */
const FIXTURE_TERRAFORM = (JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "terraform-plans", "prod-no-change.plan.json"), "utf8")) as Json).terraform_version as string;

const runsTerraform = (step: Json) => /(^|\n|\s|&&|;)terraform\s/.test(String(step.run ?? ""));
const runsTerraformInit = (job: Json) => steps(job).some((s) => /(^|\n|\s)terraform\s[^\n]*\binit\b/.test(String(s.run ?? "")));

/** Every `uses:` of steps and of jobs calling a reusable workflow. */
export function uses(wf: Json): string[] {
  return jobs(wf).flatMap(([, job]) => [...(job.uses ? [String(job.uses)] : []), ...steps(job).filter((s) => s.uses).map((s) => String(s.uses))]);
}

/** Actions not pinned to a full commit SHA (local reusable workflows, `./…`, are this repository's own). */
export function unpinned(wf: Json): string[] {
  return uses(wf).filter((u) => !u.startsWith("./") && !/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/.test(u));
}

/** `uses:` lines of the file without the `# vX.Y.Z` comment naming the pinned version. */
export function unversioned(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => /^\s*(-\s+)?uses:\s+(?!\.\/)\S+@/.test(l))
    .filter((l) => !/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/.test(l.trim()));
}

/**
 * Jobs running `terraform … init` outside a per-stack `tfstate-<stack>` group that never cancels a
 * running job. `readOnly`: jobs that write neither state nor lock (read-only key, -lock=false;
 * asserted separately) and may stay out of the group.
 */
export function unserialized(wf: Json, readOnly: readonly string[] = []): string[] {
  return jobs(wf)
    .filter(([name, job]) => runsTerraformInit(job) && !readOnly.includes(name))
    .filter(([, job]) => {
      const c = job.concurrency as Json | undefined;
      return !(c && /^tfstate-(\$\{\{ (matrix|inputs)\.stack \}\}|[a-z]+)$/.test(String(c.group)) && c["cancel-in-progress"] === false);
    })
    .map(([name]) => name);
}

/** Permissions granting more than read, except the commenter's `pull-requests: write`. */
export function writes(wf: Json, allowed: readonly string[] = []): string[] {
  const levels = (p: unknown): [string, string][] => (typeof p === "string" ? [["*", p]] : Object.entries((p ?? {}) as Json).map(([k, v]) => [k, String(v)]));
  return [["(workflow)", wf.permissions] as const, ...jobs(wf).map(([name, job]) => [name, job.permissions] as const)].flatMap(([name, p]) =>
    levels(p)
      .filter(([scope, level]) => level !== "read" && level !== "none" && !allowed.includes(`${name}: ${scope}: ${level}`))
      .map(([scope, level]) => `${name}: ${scope}: ${level}`),
  );
}

/** Jobs with no `permissions:` of their own (they would get the workflow's). */
export function withoutPermissions(wf: Json): string[] {
  return jobs(wf)
    .filter(([, job]) => job.permissions === undefined)
    .map(([name]) => name);
}

/** Steps running terraform whose environment (job or step) lacks Spaces' checksum settings, or whose job does not pin Terraform exactly. */
export function terraformProblems(wf: Json): string[] {
  return jobs(wf).flatMap(([name, job]) => {
    const tf = steps(job).filter(runsTerraform);
    if (tf.length === 0) return [];
    const problems: string[] = [];
    const setup = steps(job).find((s) => String(s.uses ?? "").startsWith("hashicorp/setup-terraform@"));
    const version = String(setup?.with?.terraform_version ?? "");
    if (!/^\d+\.\d+\.\d+$/.test(version)) problems.push(`${name}: terraform_version ${JSON.stringify(setup?.with?.terraform_version ?? null)} is not an exact version`);
    for (const s of tf) {
      const env = { ...(job.env ?? {}), ...(s.env ?? {}) } as Json;
      if (env.AWS_REQUEST_CHECKSUM_CALCULATION !== "when_required" || env.AWS_RESPONSE_CHECKSUM_VALIDATION !== "when_required") {
        problems.push(`${name}: \`${String(s.run).split("\n")[0]}\` runs without the checksum variables`);
      }
    }
    return problems;
  });
}

/** The names of every `secrets.X` a job reads. */
export function secretsOf(job: Json): string[] {
  return [...new Set([...JSON.stringify(job).matchAll(/secrets\.([A-Za-z0-9_]+)/g)].map((m) => m[1]!))].sort();
}

/** The read-write credentials: the apply environments' (and dev's and staging's plans'). */
const READ_WRITE_SECRETS = ["STATE_ACCESS_KEY_ID", "STATE_SECRET_ACCESS_KEY", "DIGITALOCEAN_TOKEN", "SPACES_ACCESS_KEY_ID", "SPACES_SECRET_ACCESS_KEY"];
/** What prod's and dr's pull-request plans may read: read-only keys and token, and the alert webhook the plan compares. */
const READ_ONLY_SECRETS = ["STATE_READ_ACCESS_KEY_ID", "STATE_READ_SECRET_ACCESS_KEY", "DIGITALOCEAN_READ_TOKEN", "SPACES_READ_ACCESS_KEY_ID", "SPACES_READ_SECRET_ACCESS_KEY", "ALERT_SLACK_WEBHOOK_URL", "APP_KEY"]; // (the last two are inputs of the stack, not credentials)
/** Stacks whose state holds production data. */
const PRODUCTION_STACKS = ["prod", "dr"];

/** `${{ matrix.stack }}` / `${{ inputs.stack }}` with the stack filled in. */
const resolve = (expr: unknown, stack: string) => String(expr).replace(/\$\{\{ (matrix|inputs)\.stack \}\}/g, stack);

describe.each(FILES)("%s", (file) => {
  const wf = load(file);

  it("is a valid workflow by GitHub's schema", () => {
    expect(validateWorkflow(source(file)).errors).toEqual([]);
  });

  it("grants nothing at the top, and every job only what it needs", () => {
    expect(wf.permissions).toEqual({});
    expect(withoutPermissions(wf)).toEqual([]);
    expect(writes(wf, ["comment: pull-requests: write"].filter(() => file === "pull-request-comment.yml"))).toEqual([]);
  });

  it("pins every action to a full commit SHA, with its version in a comment", () => {
    expect(unpinned(wf)).toEqual([]);
    expect(unversioned(source(file))).toEqual([]);
  });

  it("serializes every job that runs terraform init per stack, never cancelling one in progress (except the read-only production plans)", () => {
    expect(unserialized(wf, file === "pull-request.yml" ? ["plan-production"] : [])).toEqual([]);
  });

  it("pins Terraform exactly and gives every terraform command Spaces' checksum settings", () => {
    expect(terraformProblems(wf)).toEqual([]);
    for (const [, job] of jobs(wf)) {
      for (const s of steps(job).filter((x) => String(x.uses ?? "").startsWith("hashicorp/setup-terraform@"))) {
        expect(s.with.terraform_version).toBe(FIXTURE_TERRAFORM);
        expect(s.with.terraform_wrapper).toBe(false); // the wrapper adds lines to `show -json` output
      }
    }
  });

  it("uses the same pinned SHA for an action everywhere", () => {
    const all = FILES.flatMap((f) => uses(load(f))).filter((u) => !u.startsWith("./"));
    for (const u of uses(wf).filter((x) => !x.startsWith("./"))) {
      const action = u.split("@")[0];
      expect(new Set(all.filter((x) => x.split("@")[0] === action))).toEqual(new Set([u]));
    }
  });
});

it("the checked-in workflows are the four docs/pull-requests.md describes", () => {
  expect(FILES).toEqual(["main.yml", "pull-request-comment.yml", "pull-request.yml", "terraform-apply.yml"]);
});

describe("pull-request.yml", () => {
  const wf = load("pull-request.yml");
  const { test, plan } = wf.jobs as Json;
  const production = wf.jobs["plan-production"] as Json;
  const fork = wf.jobs["offline-review"] as Json;

  it("runs on pull requests: test, synth, and the synth output as an artifact", () => {
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    expect(steps(test).map((s) => s.run).filter(Boolean)).toEqual(["npm ci", "npm test", "npm run test:terraform", "npm run synth", RESOLVE_OUT]);
    const node = steps(test).find((s) => String(s.uses).startsWith("actions/setup-node@"))!;
    expect(node.with).toEqual({ "node-version": 20, cache: "npm" });
    const upload = steps(test).find((s) => String(s.uses).startsWith("actions/upload-artifact@"))!;
    expect(upload.with).toMatchObject({ name: "cdktf-out", path: "${{ steps.out.outputs.dir }}/" });
  });

  it("plans every stack of a branch of this repository, from that artifact (prod and dr in their own job)", () => {
    expect([...plan.strategy.matrix.stack, ...production.strategy.matrix.stack].sort()).toEqual([...STACK_NAMES].sort());
    expect(production.strategy.matrix.stack).toEqual(PRODUCTION_STACKS);
    for (const job of [plan, production]) {
      expect(job.needs).toBe("test");
      expect(job.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
      expect(job.strategy["fail-fast"]).toBe(false);
      expect(steps(job).find((s) => String(s.uses).startsWith("actions/download-artifact@"))!.with).toEqual({ name: "cdktf-out", path: "cdktf.out" });
      expect(job.env.STACK_DIR).toBe("cdktf.out/stacks/${{ matrix.stack }}");
      const script = runs(job);
      expect(script).toMatch(/terraform -chdir="\$STACK_DIR" init -input=false/);
      expect(script).toContain('terraform -chdir="$STACK_DIR" plan -input=false -lock=false -out=tfplan');
      expect(script).toContain('terraform -chdir="$STACK_DIR" show -json tfplan > plan.json');
      expect(script).toContain('terraform -chdir="$STACK_DIR" show -no-color tfplan > plan.txt');
      expect(script).toMatch(/npm run plan-comment --silent -- --stack "\$STACK" --plan-json plan\.json --plan-text plan\.txt/);
      expect(script).toMatch(/npm run plan-comment --silent -- --stack "\$STACK" --failed/);
      expect(steps(job).find((s) => String(s.uses).startsWith("actions/upload-artifact@"))!).toMatchObject({ if: "always()", with: { name: "comment-${{ matrix.stack }}", path: "comment/" } });
    }
  });

  it("fails a plan job whose plan takes a load-balanced group down, after its comment (with the verdict) is uploaded", () => {
    for (const job of [plan, production]) {
      const all = steps(job);
      const render = all.findIndex((s) => /--plan-json plan\.json[\s\S]*--refused-file refused\.txt/.test(String(s.run ?? "")));
      const upload = all.findIndex((s) => String(s.uses).startsWith("actions/upload-artifact@"));
      const refuse = all.findIndex((s) => /\[ -s refused\.txt \][\s\S]*exit 1/.test(String(s.run ?? "")));
      expect(render).toBeGreaterThanOrEqual(0);
      expect(upload).toBeGreaterThan(render);
      expect(refuse).toBeGreaterThan(upload);
      expect(all[refuse]!.if).toBeUndefined(); // runs whenever the job got that far
    }
  });

  it("plans prod and dr only after an approval (environment production-plan), never in an unprotected plan-<stack> environment or an apply one", () => {
    expect(production.environment).toBe("production-plan");
    for (const stack of PRODUCTION_STACKS) expect(plan.strategy.matrix.stack).not.toContain(stack);
    for (const [name, job] of jobs(wf)) {
      const stacks = (job.strategy?.matrix?.stack as string[] | undefined) ?? [];
      if (name !== "plan-production" && job.environment !== undefined) expect({ name, production: stacks.filter((s) => PRODUCTION_STACKS.includes(s)) }).toEqual({ name, production: [] });
    }
    expect(STACK_NAMES).not.toContain(production.environment);
    // The policy check (npm run synth) ran before: the plan uses the test job's synth output.
    expect(steps(test).map((s) => s.run).filter(Boolean)).toContain("npm run synth");
  });

  it("gives prod's and dr's plans read-only credentials only, and -lock=false on every terraform command (a read-only key cannot write a lock)", () => {
    expect(secretsOf(production)).toEqual([...READ_ONLY_SECRETS].sort());
    for (const name of READ_WRITE_SECRETS) expect(JSON.stringify(production)).not.toContain(`secrets.${name} `);
    const tf = steps(production).filter(runsTerraform);
    const byCommand = (sub: string) => tf.flatMap((s) => String(s.run).split("\n")).filter((l) => new RegExp(`terraform\\s+(-chdir=\\S+\\s+)?${sub}\\s`).test(l));
    expect(byCommand("init")).toEqual(['terraform -chdir="$STACK_DIR" init -input=false -lock=false']);
    expect(byCommand("plan")).toEqual(['terraform -chdir="$STACK_DIR" plan -input=false -lock=false -out=tfplan']);
    for (const s of tf) {
      expect(s.env).toMatchObject({ AWS_ACCESS_KEY_ID: "${{ secrets.STATE_READ_ACCESS_KEY_ID }}", AWS_SECRET_ACCESS_KEY: "${{ secrets.STATE_READ_SECRET_ACCESS_KEY }}" });
    }
    expect(steps(production).find((s) => String(s.run).includes("plan -input=false"))!.env).toMatchObject({
      DIGITALOCEAN_TOKEN: "${{ secrets.DIGITALOCEAN_READ_TOKEN }}",
      SPACES_ACCESS_KEY_ID: "${{ secrets.SPACES_READ_ACCESS_KEY_ID }}",
      SPACES_SECRET_ACCESS_KEY: "${{ secrets.SPACES_READ_SECRET_ACCESS_KEY }}",
    });
    expect(production.concurrency).toBeUndefined(); // writes nothing; waiting for approval, it must not hold up or cancel main's apply
    // No other job of a pull request reads a production credential.
    for (const [name, job] of jobs(wf).filter(([n]) => n !== "plan-production")) expect({ name, secrets: secretsOf(job).filter((x) => x.includes("READ")) }).toEqual({ name, secrets: [] });
  });

  it("plans dev and staging in the unprotected plan-<stack> environment, which holds that stack's credentials", () => {
    expect(plan.environment).toBe("plan-${{ matrix.stack }}");
    for (const stack of STACK_NAMES) expect(resolve(plan.environment, stack)).not.toBe(stack); // never the protected apply environment
    const planStep = steps(plan).find((s) => String(s.run).includes("plan -input=false"))!;
    expect(Object.keys(planStep.env).sort()).toEqual(
      [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "DIGITALOCEAN_TOKEN",
        "SPACES_ACCESS_KEY_ID",
        "SPACES_SECRET_ACCESS_KEY",
        "TF_VAR_admin_cidrs",
        "TF_VAR_ssh_key_fingerprints",
        "TF_VAR_alert_emails",
        "TF_VAR_alert_slack_webhook_url",
        "TF_VAR_release",
        "TF_VAR_app_key",
      ].sort(),
    );
    expect(planStep.env).toMatchObject({
      AWS_ACCESS_KEY_ID: "${{ secrets.STATE_ACCESS_KEY_ID }}",
      DIGITALOCEAN_TOKEN: "${{ secrets.DIGITALOCEAN_TOKEN }}",
      TF_VAR_admin_cidrs: "${{ vars.ADMIN_CIDRS }}",
      TF_VAR_alert_slack_webhook_url: "${{ secrets.ALERT_SLACK_WEBHOOK_URL }}",
    });
  });

  it("gives secrets to terraform steps only, never to npm (which runs the pull request's code and dependencies)", () => {
    for (const [name, job] of jobs(wf)) {
      expect({ name, env: JSON.stringify(job.env ?? {}) }).not.toEqual({ name, env: expect.stringContaining("secrets.") });
      for (const s of steps(job).filter((x) => String(x.run ?? "").includes("npm "))) expect(JSON.stringify(s.env ?? {})).not.toContain("secrets.");
    }
  });

  it("gives a fork the offline review instead: per stack, against the base branch, with full history and no secrets", () => {
    expect(fork.needs).toBe("test");
    expect(fork.if).toBe("github.event.pull_request.head.repo.full_name != github.repository");
    expect(fork.strategy.matrix.stack).toEqual([...STACK_NAMES]);
    expect(steps(fork).find((s) => String(s.uses).startsWith("actions/checkout@"))!.with["fetch-depth"]).toBe(0);
    const script = runs(fork);
    expect(script).toContain('PLATFORM_STACKS="$STACK" npm run review --silent -- --base "origin/$GITHUB_BASE_REF" > review.md');
    expect(fork.env.STACK).toBe("${{ matrix.stack }}");
    expect(script).toMatch(/npm run plan-comment --silent -- --stack "\$STACK" --offline-review review\.md/);
    expect(JSON.stringify(fork)).not.toContain("secrets.");
    expect(fork.environment).toBeUndefined();
    expect(runsTerraformInit(fork)).toBe(false);
    expect(fork.concurrency).toBeUndefined(); // touches no state: never queues behind, or displaces, an apply
  });

  it("never writes to the pull request (it runs the pull request's code): a read-only token in every job", () => {
    for (const [, job] of jobs(wf)) expect(job.permissions).toEqual({ contents: "read" });
    for (const [, job] of jobs(wf)) {
      for (const s of steps(job).filter((x) => String(x.uses ?? "").startsWith("actions/checkout@"))) expect(s.with["persist-credentials"]).toBe(false);
    }
  });
});

describe("pull-request-comment.yml", () => {
  const wf = load("pull-request-comment.yml");
  const job = wf.jobs.comment as Json;
  const scriptStep = steps(job).find((s) => String(s.uses).startsWith("actions/github-script@"))!;

  it("runs after the pull-request workflow, may write pull requests, and never checks out or runs code", () => {
    expect(wf.on).toEqual({ workflow_run: { workflows: [load("pull-request.yml").name], types: ["completed"] } });
    expect(job.if).toBe("github.event.workflow_run.event == 'pull_request'");
    expect(job.permissions).toEqual({ actions: "read", "pull-requests": "write" });
    expect(uses(wf).some((u) => u.startsWith("actions/checkout@"))).toBe(false);
    expect(steps(job).some((s) => s.run)).toBe(false);
    expect(steps(job).find((s) => String(s.uses).startsWith("actions/download-artifact@"))!.with).toMatchObject({ pattern: "comment-*", "run-id": "${{ github.event.workflow_run.id }}" });
  });

  it("knows the stacks config/types.ts defines", () => {
    expect(scriptStep.env.STACKS.split(" ")).toEqual([...STACK_NAMES]);
  });

  /** Runs the commenter's script against a fake GitHub API and artifacts in a temporary folder. */
  async function runCommenter(artifacts: Record<string, { body: string; pr: string }>, api: { headSha: string; headRepo: string; comments: Json[] }) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "platform-commenter-"));
    try {
      for (const [stack, a] of Object.entries(artifacts)) {
        fs.mkdirSync(path.join(tmp, "comments", `comment-${stack}`), { recursive: true });
        fs.writeFileSync(path.join(tmp, "comments", `comment-${stack}`, "comment.md"), a.body);
        fs.writeFileSync(path.join(tmp, "comments", `comment-${stack}`, "pr-number"), a.pr);
      }
      const calls: Json[] = [];
      let nextId = 100;
      const github = {
        rest: {
          pulls: { get: async (q: Json) => ({ data: { number: q.pull_number, head: { sha: api.headSha, repo: { full_name: api.headRepo } } } }) },
          issues: {
            listComments: "listComments",
            updateComment: async (q: Json) => {
              calls.push({ update: q.comment_id, body: q.body });
              api.comments.find((c) => c.id === q.comment_id)!.body = q.body;
            },
            createComment: async (q: Json) => {
              calls.push({ create: q.issue_number, body: q.body });
              api.comments.push({ id: nextId++, user: { login: "github-actions[bot]" }, body: q.body });
            },
          },
        },
        paginate: async (fn: unknown) => (fn === "listComments" ? api.comments.map((c) => ({ ...c })) : []),
      };
      const fakePath = { ...path, join: (...parts: string[]) => (path.isAbsolute(parts[0]!) ? path.join(...parts) : path.join(tmp, ...parts)) };
      const fakeRequire = (m: string) => (m === "path" ? fakePath : m === "fs" ? fs : undefined);
      const env = { ...(scriptStep.env as Json), HEAD_SHA: "a".repeat(40) };
      const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
      const script = new AsyncFunction("require", "github", "context", "core", "process", scriptStep.with.script as string);
      await script(fakeRequire, github, { repo: { owner: "acme", repo: "platform" } }, { info: () => undefined }, { env });
      return calls;
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }

  const planBody = (stack: string) => renderPlanComment({ label: `bizsocials/${stack}`, plan: { format_version: "1.2", resource_changes: [] } });
  const own = { headSha: "a".repeat(40), headRepo: "acme/platform" };

  it("creates one comment per stack, then updates it in place (found by the marker), leaving other comments alone", async () => {
    const comments: Json[] = [
      { id: 1, user: { login: "someone" }, body: `${marker("bizsocials/prod")}\nquoted by a person` },
      { id: 2, user: { login: "github-actions[bot]" }, body: `${marker("bizsocials/dev")}\nold dev plan` },
    ];
    const first = await runCommenter({ dev: { body: planBody("dev"), pr: "7\n" }, prod: { body: planBody("prod"), pr: "7\n" } }, { ...own, comments });
    expect(first).toEqual([
      { update: 2, body: planBody("dev") },
      { create: 7, body: planBody("prod") },
    ]);
    const second = await runCommenter({ prod: { body: `${planBody("prod")}\nsecond push` , pr: "7" } }, { ...own, comments });
    expect(second).toEqual([{ update: 100, body: `${planBody("prod")}\nsecond push` }]);
    expect(comments.find((c) => c.id === 1)!.body).toBe(`${marker("bizsocials/prod")}\nquoted by a person`);
  });

  it("refuses a PR number whose head is not the run's commit, and a body without its stack's marker", async () => {
    await expect(runCommenter({ prod: { body: planBody("prod"), pr: "7" } }, { ...own, headSha: "b".repeat(40), comments: [] })).rejects.toThrow("is not at the run's head commit");
    await expect(runCommenter({ prod: { body: planBody("dev"), pr: "7" } }, { ...own, comments: [] })).rejects.toThrow("does not start with this stack's marker");
    await expect(runCommenter({ prod: { body: planBody("prod"), pr: "7; rm -rf /" } }, { ...own, comments: [] })).rejects.toThrow("not a pull request number");
    await expect(runCommenter({ prod: { body: `${planBody("prod")}${"x".repeat(70_000)}`, pr: "7" } }, { ...own, comments: [] })).rejects.toThrow("longer than a GitHub comment");
  });

  it("puts a banner fork code cannot remove under the marker of a fork's comment", async () => {
    const body = renderOfflineComment({ label: "bizsocials/prod", review: "## review\n" });
    const [call] = await runCommenter({ prod: { body, pr: "9" } }, { ...own, headRepo: "mallory/platform", comments: [] });
    const posted = String(call!.body).split("\n");
    expect(posted[0]).toBe(marker("bizsocials/prod"));
    expect(posted[2]).toBe("> From a fork: everything below was produced by the pull request's own code. No `terraform plan` ran.");
    expect(String(call!.body)).toContain(body.slice(marker("bizsocials/prod").length + 1));
  });
});

describe("main.yml and terraform-apply.yml", () => {
  const main = load("main.yml");
  const apply = load("terraform-apply.yml");
  const applyJob = apply.jobs.apply as Json;
  /** Stack(s) each apply job of main.yml applies. */
  const stacksOf = (job: Json): string[] => (job.strategy?.matrix?.stack as string[] | undefined) ?? [String(job.with.stack)];
  const applyJobs = jobs(main).filter(([, job]) => job.uses === "./.github/workflows/terraform-apply.yml");
  const jobOf = (stack: string) => applyJobs.find(([, job]) => stacksOf(job).includes(stack))!;

  it("runs on pushes to main (and by hand), applying only main, one run at a time", () => {
    expect(main.on.push).toEqual({ branches: ["main"] });
    expect(main.on).toHaveProperty("workflow_dispatch");
    expect(main.jobs.test.if).toBe("github.ref == 'refs/heads/main'");
    expect(main.concurrency).toEqual({ group: "main-apply", "cancel-in-progress": false });
    expect(steps(main.jobs.test).map((s) => s.run).filter(Boolean)).toEqual(["npm ci", "npm test", "npm run test:terraform", "npm run synth", RESOLVE_OUT]);
  });

  it("applies every stack exactly once: dev and staging, then prod, then dr only after prod succeeded", () => {
    expect(applyJobs.flatMap(([, job]) => stacksOf(job)).sort()).toEqual([...STACK_NAMES].sort());
    expect(jobOf("dev")[0]).toBe(jobOf("staging")[0]);
    expect(jobOf("dev")[1].needs).toBe("test");
    expect(jobOf("prod")[1].needs).toBe(jobOf("staging")[0]);
    expect(jobOf("dr")[1].needs).toBe(jobOf("prod")[0]);
    for (const [, job] of applyJobs) expect(job.secrets).toBe("inherit");
  });

  it("applies each stack in the GitHub environment of its name (prod and dr: the protected ones)", () => {
    for (const stack of STACK_NAMES) expect(resolve(applyJob.environment, stack)).toBe(stack);
    expect(apply.on.workflow_call.inputs.stack).toMatchObject({ type: "string", required: true });
  });

  it("applies exactly the plan it made, from the calling run's synth output", () => {
    expect(steps(applyJob).find((s) => String(s.uses).startsWith("actions/download-artifact@"))!.with).toEqual({ name: "cdktf-out", path: "cdktf.out" });
    expect(applyJob.env.STACK_DIR).toBe("cdktf.out/stacks/${{ inputs.stack }}");
    expect(steps(applyJob).map((s) => s.run).filter(Boolean)).toEqual([
      'terraform -chdir="$STACK_DIR" init -input=false',
      'terraform -chdir="$STACK_DIR" plan -input=false -out=tfplan',
      'terraform -chdir="$STACK_DIR" apply -input=false tfplan',
    ]);
    expect(uses(apply).some((u) => u.startsWith("actions/checkout@"))).toBe(false); // nothing but terraform runs next to the secrets
  });

  it("plans (pull requests) and applies (main) of a stack share one concurrency group", () => {
    const planGroup = load("pull-request.yml").jobs.plan.concurrency.group;
    for (const stack of STACK_NAMES) expect(resolve(applyJob.concurrency.group, stack)).toBe(resolve(planGroup, stack));
    expect(new Set(STACK_NAMES.map((s) => resolve(planGroup, s))).size).toBe(STACK_NAMES.length);
  });
});

describe("the assertion helpers can fail", () => {
  const badText = `
name: bad
on: push
permissions: write-all
jobs:
  plan:
    runs-on: ubuntu-24.04
    permissions: { contents: write }
    env:
      AWS_REQUEST_CHECKSUM_CALCULATION: when_required
    steps:
      - uses: actions/checkout@v4
      - uses: hashicorp/setup-terraform@b9cd54a3c349d3f38e8881555d616ced269862dd
        with: { terraform_version: "~1.11" }
      - run: terraform -chdir=x init -input=false
  other:
    runs-on: ubuntu-24.04
    steps:
      - run: echo
`;
  const bad = parse(badText) as Json;

  it("flags an unpinned action and a pin without its version comment", () => {
    expect(unpinned(bad)).toEqual(["actions/checkout@v4"]);
    expect(unversioned(badText).map((l) => l.trim())).toEqual(["- uses: actions/checkout@v4", "- uses: hashicorp/setup-terraform@b9cd54a3c349d3f38e8881555d616ced269862dd"]);
  });

  it("flags write permissions and a job without its own permissions", () => {
    expect(writes(bad)).toEqual(["(workflow): *: write-all", "plan: contents: write"]);
    expect(withoutPermissions(bad)).toEqual(["other"]);
  });

  it("flags a terraform job without the concurrency group, with a shared group, or one that cancels", () => {
    expect(unserialized(bad)).toEqual(["plan"]);
    bad.jobs.plan.concurrency = { group: "tfstate-${{ matrix.stack }}", "cancel-in-progress": true };
    expect(unserialized(bad)).toEqual(["plan"]);
    bad.jobs.plan.concurrency = { group: "terraform", "cancel-in-progress": false };
    expect(unserialized(bad)).toEqual(["plan"]);
    bad.jobs.plan.concurrency = { group: "tfstate-${{ matrix.stack }}", "cancel-in-progress": false };
    expect(unserialized(bad)).toEqual([]);
  });

  it("exempts only the named read-only jobs from serialization, and lists the secrets a job reads", () => {
    delete bad.jobs.plan.concurrency;
    expect(unserialized(bad, ["other"])).toEqual(["plan"]);
    expect(unserialized(bad, ["plan"])).toEqual([]);
    expect(secretsOf({ env: { A: "${{ secrets.B_1 }}" }, steps: [{ env: { C: "${{ secrets.A }}", D: "${{ secrets.B_1 }}" } }] })).toEqual(["A", "B_1"]);
  });

  it("flags a loose Terraform version and a terraform command without both checksum settings", () => {
    expect(terraformProblems(bad)).toEqual(['plan: terraform_version "~1.11" is not an exact version', "plan: `terraform -chdir=x init -input=false` runs without the checksum variables"]);
  });

  it("the schema validator rejects a malformed workflow", () => {
    expect(validateWorkflow("on: push\njobs:\n  a:\n    runs-onn: ubuntu-24.04\n    steps: []\n").errors.length).toBeGreaterThan(0);
  });
});

describe("selection variables reach every workflow that synthesizes", () => {
  // The variables README's selection table documents, read from README itself, so a new one cannot
  // be documented without the workflows passing it on (a repository variable is not an environment
  // variable until a workflow maps it). PLATFORM_STACKS is chosen per job.
  const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Choosing what to synthesize"));
  const documented = [...new Set([...section.slice(0, section.indexOf("\n## ", 5)).matchAll(/^\| `(PLATFORM_[A-Z_]+)` \|/gm)].map((m) => m[1]!))];

  it("README documents the selection variables the config reads", () => {
    expect(documented).toEqual(expect.arrayContaining(["PLATFORM_PRESET", "PLATFORM_STACKS", "PLATFORM_DR_MODE", "PLATFORM_DR_PROMOTED_CLUSTER", "PLATFORM_STATE_REGION"]));
  });

  it.each(["main.yml", "pull-request.yml"])("%s maps each of them from the repository's variables", (file) => {
    const env = (load(file).env ?? {}) as Record<string, string>;
    const missing = documented.filter((v) => v !== "PLATFORM_STACKS" && !String(env[v] ?? "").includes(`vars.${v}`));
    expect(missing).toEqual([]);
  });
});
