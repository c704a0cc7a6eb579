/**
 * The PR comment renderer on real `terraform show -json` output (fixtures made by Terraform 1.11.4
 * with the real providers; see __tests__/fixtures/terraform-plans/README.md). Expected summaries
 * come from Terraform's own text rendering of the same plan, not from the renderer.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { GITHUB_COMMENT_LIMIT, marker, renderOfflineComment, renderPlanComment, summarizePlan, summaryLine, type Json } from "../../review/plan-comment";

const root = path.join(__dirname, "..", "..");
const dir = path.join(root, "__tests__", "fixtures", "terraform-plans");
const SCENARIOS = ["no-change", "growth-profile", "edit-user-data", "add-droplet", "remove-bucket", "new-ssh-key"] as const;
const plan = (s: string) => JSON.parse(fs.readFileSync(path.join(dir, `prod-${s}.plan.json`), "utf8")) as Json;
const text = (s: string) => fs.readFileSync(path.join(dir, `prod-${s}.plan.txt`), "utf8");
const comment = (s: string) => renderPlanComment({ label: "bizsocials/prod", plan: plan(s), planText: text(s) });

/** Every value the plan marks sensitive, anywhere in before/after of resources and outputs. */
function sensitiveValues(p: Json): string[] {
  const out: string[] = [];
  const walk = (value: unknown, mask: unknown) => {
    if (mask === true) {
      if (typeof value === "string" && value.length >= 6) out.push(value);
      return;
    }
    if (value && typeof value === "object" && mask && typeof mask === "object") {
      for (const k of Object.keys(value as Json)) walk((value as Json)[k], (mask as Json)[k]);
    }
  };
  for (const rc of p.resource_changes as Json[]) {
    walk(rc.change.before, rc.change.before_sensitive);
    walk(rc.change.after, rc.change.after_sensitive);
  }
  for (const oc of Object.values(p.output_changes ?? {}) as Json[]) {
    walk(oc.before, oc.before_sensitive);
    walk(oc.after, oc.after_sensitive);
  }
  return out;
}

describe.each(SCENARIOS)("the %s plan", (scenario) => {
  it("starts with the sticky marker, and its summary line is Terraform's", () => {
    const md = comment(scenario);
    expect(md.startsWith(`${marker("bizsocials/prod")}\n`)).toBe(true);
    const terraformLine = /^Plan: .*$/m.exec(text(scenario))?.[0];
    if (terraformLine) expect(md).toContain(`**${terraformLine}**`);
    else expect(summaryLine(summarizePlan(plan(scenario)))).toMatch(/^No changes/);
  });

  it("lists every resource action of the plan, and nothing else", () => {
    const expected = (plan(scenario).resource_changes as Json[]).filter((rc) => !["no-op", "read"].includes((rc.change.actions as string[]).join())).map((rc) => rc.address as string);
    expect(summarizePlan(plan(scenario)).actions.map((a) => a.address).sort()).toEqual(expected.sort());
    for (const address of expected) expect(comment(scenario)).toContain(`| \`${address}\` |`);
  });

  it("prints no sensitive value", () => {
    const secrets = sensitiveValues(plan(scenario));
    const md = comment(scenario);
    for (const secret of secrets) expect(md).not.toContain(secret);
  });

  it("collapses the full plan text and stays under GitHub's limit", () => {
    const md = comment(scenario);
    expect(md).toContain("<details><summary>Full plan</summary>");
    expect(md).toContain(text(scenario).trimEnd().split("\n").slice(-1)[0]!);
    expect(md.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
  });
});

it("has a sensitive value to hide in at least one fixture (so the check above can fail)", () => {
  expect(sensitiveValues(plan("no-change"))).toContain("fake-password-558");
});

describe("stateful warning", () => {
  const firstLine = (md: string) => md.split("\n")[1]!;

  it("is the first line when a bucket's block is removed, naming it and prevent_destroy", () => {
    const line = firstLine(comment("remove-bucket"));
    expect(line).toMatch(/^🛑 \*\*DATA LOSS/);
    expect(line).toContain("DESTROYS `digitalocean_spaces_bucket.storage_bucket` (bucket)");
    expect(line).toContain("`prevent_destroy` does not protect a resource whose block was removed");
  });

  it.each(["no-change", "growth-profile", "edit-user-data", "add-droplet", "new-ssh-key"])("is absent from %s (no stateful resource destroyed or replaced)", (scenario) => {
    expect(comment(scenario)).not.toContain("DATA LOSS");
    expect(firstLine(comment(scenario))).toMatch(/^### /);
  });

  it("names a replaced database too", () => {
    const p = plan("growth-profile");
    const db = (p.resource_changes as Json[]).find((rc) => rc.address === "digitalocean_database_cluster.database_cluster")!;
    db.change.actions = ["delete", "create"];
    db.action_reason = "replace_because_cannot_update";
    db.change.replace_paths = [["engine"]];
    const md = renderPlanComment({ label: "bizsocials/prod", plan: p });
    expect(md.split("\n")[1]).toContain("REPLACES `digitalocean_database_cluster.database_cluster` (database)");
    expect(md).toContain("replaced because `engine` cannot be updated in place");
  });
});

it("explains replacements with Terraform's replace paths", () => {
  expect(comment("edit-user-data")).toContain("| ♻️ replace | `digitalocean_droplet.app-tier_app-1` | destroy before create; replaced because `user_data` cannot be updated in place |");
  const ssh = comment("new-ssh-key");
  for (const d of ["app-1", "app-2", "worker-1"]) expect(ssh).toContain(`\`digitalocean_droplet.app-tier_${d}\` | destroy before create; replaced because \`ssh_keys\` cannot be updated in place`);
});

it("names the attributes an in-place update changes (growth profile: sizes)", () => {
  const cluster = summarizePlan(plan("growth-profile")).actions.find((a) => a.address === "digitalocean_database_cluster.database_cluster")!;
  expect(cluster.action).toBe("update");
  expect(cluster.changed).toContain("size");
});

it("truncates a huge plan text to fit a comment", () => {
  const md = renderPlanComment({ label: "x/prod", plan: plan("new-ssh-key"), planText: "x".repeat(200_000) });
  expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
  expect(md).toContain("truncated to fit GitHub's comment limit");
});

it("the fork variant says no plan ran and keeps the marker", () => {
  const md = renderOfflineComment("bizsocials/prod", "## Change review: …\n- prod: no change\n");
  expect(md.startsWith(`${marker("bizsocials/prod")}\n`)).toBe(true);
  expect(md).toContain("**No `terraform plan` ran**: this pull request comes from a fork");
  expect(md).toContain("- prod: no change");
});

describe("the CLI", () => {
  const cli = (args: string[]) => spawnSync(process.execPath, ["-r", "./lib/register.js", "scripts/plan-comment.ts", ...args], { cwd: root, encoding: "utf8", env: { PATH: process.env.PATH } });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "platform-plan-comment-"));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("renders a fixture", () => {
    const result = cli(["--stack", "bizsocials/prod", "--plan-json", path.join(dir, "prod-add-droplet.plan.json"), "--plan-text", path.join(dir, "prod-add-droplet.plan.txt")]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(comment("add-droplet"));
  });

  it.each([
    ["no --stack", ["--plan-json", "x"], "--stack = null"],
    ["neither input", ["--stack", "a/b"], "exactly one of --plan-json and --offline-review"],
    ["a missing file", ["--stack", "a/b", "--plan-json", "/nonexistent/plan.json"], '--plan-json = "/nonexistent/plan.json": ENOENT'],
    ["not JSON", ["--stack", "a/b", "--plan-json", "NOTJSON"], "allowed: the JSON `terraform show -json <planfile>` prints"],
    ["a plan of another format", ["--stack", "a/b", "--plan-json", "FORMAT2"], 'format_version = "2.0"; allowed: 1.x'],
    ["an unknown flag", ["--stack", "a/b", "--colour"], "Unknown option '--colour'"],
  ])("%s: exit 1 with a clear message", (_name, args, message) => {
    fs.writeFileSync(path.join(tmp, "NOTJSON"), "Plan: 1 to add");
    fs.writeFileSync(path.join(tmp, "FORMAT2"), JSON.stringify({ format_version: "2.0", resource_changes: [] }));
    const resolved = (args as string[]).map((a) => (a === "NOTJSON" || a === "FORMAT2" ? path.join(tmp, a) : a));
    const result = cli(resolved);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("usage: npm run plan-comment");
    expect(result.stdout).toBe("");
  });
});
