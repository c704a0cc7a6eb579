/**
 * The GitHub workflows, offline: each validated against the workflow schema
 * (@action-validator/core), then the properties the README promises asserted on the parsed YAML:
 * the stack matrix, least-privilege permissions, one never-cancelled concurrency group per stack
 * on every job that touches state, actions pinned to commit SHAs, Terraform pinned, the checksum
 * variables, prod and dr behind environments, dr after prod, and the fork path.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { parse } from "yaml";
import { STACK_NAMES } from "../config/types";

type Json = Record<string, any>;
const dir = path.join(__dirname, "..", ".github", "workflows");
const FILES = fs.readdirSync(dir).filter((f) => f.endsWith(".yml")).sort();
const load = (file: string) => parse(fs.readFileSync(path.join(dir, file), "utf8")) as Json;
const jobs = (wf: Json) => Object.entries(wf.jobs as Json) as [string, Json][];

/** Every `uses:` of steps and jobs. */
function uses(wf: Json): string[] {
  return jobs(wf).flatMap(([, job]) => [...(job.uses ? [job.uses as string] : []), ...((job.steps ?? []) as Json[]).filter((s) => s.uses).map((s) => s.uses as string)]);
}

/** Problems with action pinning: anything not `owner/repo@<40 hex>` or a local reusable workflow. */
export function unpinned(wf: Json): string[] {
  return uses(wf).filter((u) => !u.startsWith("./") && !/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/.test(u));
}

/** Jobs that run terraform init without the per-stack, never-cancelled concurrency group. */
export function unserialized(wf: Json): string[] {
  return jobs(wf)
    .filter(([, job]) => ((job.steps ?? []) as Json[]).some((s) => /terraform\b.*\binit\b/.test(String(s.run ?? ""))))
    .filter(([, job]) => !(job.concurrency && /^tfstate-\$\{\{ (matrix\.stack|inputs\.stack) \}\}$/.test(job.concurrency.group) && job.concurrency["cancel-in-progress"] === false))
    .map(([name]) => name);
}

/** Permissions that are not read-only, other than the commenter's pull-requests: write. */
export function writes(wf: Json): string[] {
  return jobs(wf).flatMap(([name, job]) =>
    Object.entries((job.permissions ?? {}) as Json)
      .filter(([scope, level]) => level !== "read" && level !== "none" && !(scope === "pull-requests" && wf.name === "pull-request-comment"))
      .map(([scope, level]) => `${name}: ${scope}: ${level}`),
  );
}

describe.each(FILES)("%s", (file) => {
  const wf = load(file);

  it("is a valid workflow by the schema", () => {
    expect(validateWorkflow(fs.readFileSync(path.join(dir, file), "utf8")).errors).toEqual([]);
  });

  it("grants nothing at the top, and every job only what it needs", () => {
    expect(wf.permissions).toEqual({});
    for (const [name, job] of jobs(wf)) expect({ name, permissions: job.permissions }).toEqual({ name, permissions: expect.any(Object) });
    expect(writes(wf)).toEqual([]);
  });

  it("pins every action to a full commit SHA, with the version in a comment", () => {
    expect(unpinned(wf)).toEqual([]);
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    for (const line of text.split("\n").filter((l) => /uses: [\w-]+\/[\w-]+@/.test(l))) expect(line).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  it("serializes every job that touches a stack's state, never cancelling one in progress", () => {
    expect(unserialized(wf)).toEqual([]);
  });

  it("pins Terraform and sets the Spaces checksum variables wherever terraform runs", () => {
    for (const [, job] of jobs(wf)) {
      const steps = (job.steps ?? []) as Json[];
      if (!steps.some((s) => /\bterraform\b/.test(String(s.run ?? "")))) continue;
      const setup = steps.find((s) => String(s.uses ?? "").startsWith("hashicorp/setup-terraform@"));
      expect(setup?.with?.terraform_version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(job.env).toMatchObject({ AWS_REQUEST_CHECKSUM_CALCULATION: "when_required", AWS_RESPONSE_CHECKSUM_VALIDATION: "when_required" });
    }
  });
});

describe("pull-request.yml", () => {
  const wf = load("pull-request.yml");

  it("tests and synthesizes, then plans every stack of a branch of this repository", () => {
    const test = wf.jobs.test;
    expect(test.steps.map((s: Json) => s.run).filter(Boolean)).toEqual(["npm ci", "npm test", "npm run synth"]);
    expect(wf.jobs.plan.needs).toBe("test");
    expect(wf.jobs.plan.strategy.matrix.stack).toEqual([...STACK_NAMES]);
    expect(wf.jobs.plan.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
    const runs = wf.jobs.plan.steps.map((s: Json) => String(s.run ?? "")).join("\n");
    expect(runs).toMatch(/plan -input=false -out=tfplan/);
    expect(runs).toMatch(/show -json tfplan > plan\.json/);
    expect(runs).toMatch(/npm run plan-comment .*--plan-json plan\.json --plan-text plan\.txt/);
  });

  it("gives forks the offline review instead, per stack, from the base branch", () => {
    const job = wf.jobs["offline-review"];
    expect(job.if).toBe("github.event.pull_request.head.repo.full_name != github.repository");
    expect(job.strategy.matrix.stack).toEqual([...STACK_NAMES]);
    expect(job.steps[0].with["fetch-depth"]).toBe(0);
    const runs = job.steps.map((s: Json) => String(s.run ?? "")).join("\n");
    expect(runs).toContain('PLATFORM_STACKS="${{ matrix.stack }}" npm run review --silent -- --base "origin/$GITHUB_BASE_REF"');
    expect(runs).toContain("--offline-review review.md");
    expect(job.env).toBeUndefined(); // no credentials anywhere near fork code
  });

  it("never writes to the pull request itself (it runs the PR's code)", () => {
    for (const [, job] of jobs(wf)) expect(job.permissions).toEqual({ contents: "read" });
  });
});

describe("pull-request-comment.yml", () => {
  const wf = load("pull-request-comment.yml");

  it("runs after the pull-request workflow, may write comments, and never checks out code", () => {
    expect(wf.on.workflow_run).toEqual({ workflows: ["pull-request"], types: ["completed"] });
    expect(wf.jobs.comment.permissions).toEqual({ actions: "read", "pull-requests": "write" });
    expect(uses(wf).some((u) => u.startsWith("actions/checkout@"))).toBe(false);
    expect(wf.jobs.comment.steps.some((s: Json) => s.run)).toBe(false);
  });

  it("updates the comment carrying the stack's marker and checks the PR against the run's head", () => {
    const script = wf.jobs.comment.steps.find((s: Json) => String(s.uses).startsWith("actions/github-script@")).with.script as string;
    expect(script).toContain("platform-plan:");
    expect(script).toContain("updateComment");
    expect(script).toContain("pr.head.sha !== process.env.HEAD_SHA");
  });
});

describe("main.yml and terraform-apply.yml", () => {
  const main = load("main.yml");
  const apply = load("terraform-apply.yml");

  it("applies dev and staging, then prod, then dr only after prod succeeded", () => {
    expect(main.on.push.branches).toEqual(["main"]);
    expect(main.jobs["apply-nonprod"].strategy.matrix.stack).toEqual(["dev", "staging"]);
    expect(main.jobs["apply-prod"].with.stack).toBe("prod");
    expect(main.jobs["apply-dr"].with.stack).toBe("dr");
    expect(main.jobs["apply-dr"].needs).toBe("apply-prod");
    const applied = [...main.jobs["apply-nonprod"].strategy.matrix.stack, main.jobs["apply-prod"].with.stack, main.jobs["apply-dr"].with.stack];
    expect(applied.sort()).toEqual([...STACK_NAMES].sort());
    for (const job of ["apply-nonprod", "apply-prod", "apply-dr"]) expect(main.jobs[job].uses).toBe("./.github/workflows/terraform-apply.yml");
  });

  it("applies in the stack's GitHub environment (prod and dr: protected), exactly the plan it made", () => {
    expect(apply.on.workflow_call.inputs.stack).toMatchObject({ type: "string", required: true });
    expect(apply.jobs.apply.environment).toBe("${{ inputs.stack }}");
    const runs = apply.jobs.apply.steps.map((s: Json) => String(s.run ?? "")).filter(Boolean);
    expect(runs).toEqual(['terraform -chdir="$STACK_DIR" init -input=false', 'terraform -chdir="$STACK_DIR" plan -input=false -out=tfplan', 'terraform -chdir="$STACK_DIR" apply -input=false tfplan']);
  });

  it("plans and applies of a stack share one concurrency group", () => {
    expect(apply.jobs.apply.concurrency.group.replace("inputs.stack", "matrix.stack")).toBe(load("pull-request.yml").jobs.plan.concurrency.group);
  });
});

describe("the assertion helpers can fail", () => {
  const bad = parse(`
name: bad
on: push
permissions: {}
jobs:
  plan:
    runs-on: ubuntu-24.04
    permissions: { contents: write }
    steps:
      - uses: actions/checkout@v4
      - run: terraform init
`) as Json;

  it("flags an unpinned action, a write permission and an unserialized terraform job", () => {
    expect(unpinned(bad)).toEqual(["actions/checkout@v4"]);
    expect(writes(bad)).toEqual(["plan: contents: write"]);
    expect(unserialized(bad)).toEqual(["plan"]);
    bad.jobs.plan.concurrency = { group: "tfstate-${{ matrix.stack }}", "cancel-in-progress": true };
    expect(unserialized(bad)).toEqual(["plan"]);
  });

  it("the schema validator rejects a malformed workflow", () => {
    expect(validateWorkflow("on: push\njobs:\n  a:\n    runs-onn: ubuntu-24.04\n    steps: []\n").errors.length).toBeGreaterThan(0);
  });
});
