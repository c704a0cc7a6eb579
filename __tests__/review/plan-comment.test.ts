/**
 * The PR comment renderer on real plans: `terraform show -json` and `terraform show -no-color` of
 * the same six prod plans, made by Terraform 1.11.4 with the real providers
 * (__tests__/fixtures/terraform-plans/README.md). Expectations come from Terraform's own text
 * rendering of each plan (its `Plan:` line, its `# <address> will be …` headers, `-/+` versus
 * `+/-`, the attributes it marks changed), not from the renderer.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PRESETS } from "../../config/presets";
import { STACK_NAMES } from "../../config/types";
import {
  GITHUB_COMMENT_LIMIT,
  marker,
  planProblems,
  renderFailedComment,
  renderOfflineComment,
  renderPlanComment,
  summarizePlan,
  summaryLine,
  type Json,
} from "../../review/plan-comment";
import { STATEFUL_TYPES } from "../../review/stateful";

const root = path.join(__dirname, "..", "..");
const dir = path.join(root, "__tests__", "fixtures", "terraform-plans");
const SCENARIOS = ["no-change", "growth-profile", "edit-user-data", "add-droplet", "remove-bucket", "new-ssh-key"] as const;
type Scenario = (typeof SCENARIOS)[number];
const LABEL = "bizsocials/prod";
const plan = (s: Scenario) => JSON.parse(fs.readFileSync(path.join(dir, `prod-${s}.plan.json`), "utf8")) as Json;
const text = (s: Scenario) => fs.readFileSync(path.join(dir, `prod-${s}.plan.txt`), "utf8");
const comment = (s: Scenario) => renderPlanComment({ label: LABEL, plan: plan(s), planText: text(s) });
const lines = (md: string) => md.split("\n");

/** Terraform's text, per resource it lists: `# <address> will be created` etc., with the symbol line. */
function terraformListing(txt: string): { address: string; header: string; symbol: string; body: string }[] {
  const out: { address: string; header: string; symbol: string; body: string }[] = [];
  for (const block of txt.split(/\n(?=  # [^(])/)) {
    const m = /^  # (\S+) (.+)\n(?:  # \(.*\)\n)*\s*(\S+) resource "/.exec(block);
    if (m) out.push({ address: m[1]!, header: m[2]!, symbol: m[3]!, body: block });
  }
  return out;
}

/** The comment's table, parsed back: address → { action, type, why }. */
function table(md: string): Map<string, { action: string; type: string; why: string }> {
  const rows = new Map<string, { action: string; type: string; why: string }>();
  for (const line of lines(md)) {
    const m = /^\| (.+?) \| `(.+?)` \| `(.+?)` \| (.*) \|$/.exec(line);
    if (m) rows.set(m[2]!.replace(/\\\|/g, "|"), { action: m[1]!, type: m[3]!, why: m[4]! });
  }
  return rows;
}

/** Every string the plan marks sensitive, in resources' and outputs' before and after values. */
function sensitiveValues(p: Json): string[] {
  const out: string[] = [];
  const walk = (value: unknown, mask: unknown) => {
    if (mask === true) {
      if (typeof value === "string" && value.length >= 4) out.push(value);
      else if (value && typeof value === "object") walk(value, Object.fromEntries(Object.keys(value).map((k) => [k, true])));
      return;
    }
    if (value && typeof value === "object" && mask && typeof mask === "object") for (const k of Object.keys(value as Json)) walk((value as Json)[k], (mask as Json)[k]);
  };
  for (const rc of p.resource_changes as Json[]) {
    walk(rc.change.before, rc.change.before_sensitive);
    walk(rc.change.after, rc.change.after_sensitive);
  }
  for (const oc of Object.values(p.output_changes ?? {}) as Json[]) {
    walk(oc.before, oc.before_sensitive);
    walk(oc.after, oc.after_sensitive);
  }
  return [...new Set(out)];
}

describe.each(SCENARIOS)("the %s plan", (scenario) => {
  const md = comment(scenario);
  const txt = text(scenario);

  it("opens with the sticky marker", () => {
    expect(lines(md)[0]).toBe(marker(LABEL));
    expect(marker(LABEL)).toBe("<!-- platform-plan:bizsocials/prod -->");
  });

  it("has Terraform's own summary line", () => {
    const terraformLine = /^Plan: .*$/m.exec(txt)?.[0];
    const ours = summaryLine(summarizePlan(plan(scenario)));
    if (terraformLine) expect(ours).toBe(terraformLine);
    else if (txt.includes("You can apply this plan to save these new output values")) expect(ours).toMatch(/^No changes to resources: only outputs change/);
    else expect(ours).toBe("No changes. Your infrastructure matches the configuration.");
    expect(md).toContain(`\n**${ours}**\n`);
  });

  it("lists exactly the resources Terraform lists, with its action and replacement order", () => {
    const listed = terraformListing(txt);
    const rows = table(md);
    expect([...rows.keys()].sort()).toEqual(listed.map((l) => l.address).sort());
    for (const l of listed) {
      const row = rows.get(l.address)!;
      const expected = { "+": "create", "~": "update", "-": "**delete**", "-/+": "**replace** (destroy before create)", "+/-": "**replace** (create before destroy)" }[l.symbol];
      expect({ address: l.address, action: row.action }).toEqual({ address: l.address, action: expected });
      expect(`${l.address}`.startsWith(`${row.type}.`)).toBe(true);
    }
  });

  it("names the attributes an update changes: the ones Terraform's text marks", () => {
    const rows = table(md);
    for (const l of terraformListing(txt).filter((x) => x.symbol === "~")) {
      const marked = [...new Set([...l.body.matchAll(/^      [~+-] (\w+)(?: +=| \{)/gm)].map((m) => m[1]!))].sort();
      expect(marked.length).toBeGreaterThan(0);
      const changes = /(?:^|; )(changes .*)$/.exec(rows.get(l.address)!.why)?.[1];
      expect({ address: l.address, changes }).toEqual({ address: l.address, changes: `changes ${marked.map((a) => `\`${a}\``).join(", ")}` });
    }
  });

  it("prints no sensitive value, anywhere (table, outputs or folded text)", () => {
    for (const secret of sensitiveValues(plan(scenario))) expect(md).not.toContain(secret);
  });

  it("folds Terraform's full text, whole, and fits a GitHub comment", () => {
    expect(md).toContain("<details><summary>Full plan");
    expect(md).toContain(txt.trim());
    expect(md).not.toContain("Truncated");
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md.trimEnd().endsWith("</details>")).toBe(true);
  });

  it("is deterministic", () => {
    expect(comment(scenario)).toBe(md);
  });
});

describe("the fixtures can make the checks above fail", () => {
  it("hold sensitive values, also in resources the plans update", () => {
    expect(sensitiveValues(plan("growth-profile"))).toEqual(expect.arrayContaining(["fake-password-270", "fake-password-558"]));
    const updated = (plan("growth-profile").resource_changes as Json[]).find((rc) => rc.address === "digitalocean_database_cluster.database_cluster")!;
    expect(updated.change.actions).toEqual(["update"]);
    expect(updated.change.after.password).toBe("fake-password-270");
  });

  it("hold Terraform listings of every kind the table checks", () => {
    const symbols = new Set(SCENARIOS.flatMap((s) => terraformListing(text(s)).map((l) => l.symbol)));
    expect([...symbols].sort()).toEqual(["+", "-", "-/+", "~"]);
  });
});

describe("the stateful warning", () => {
  const firstLine = (md: string) => lines(md)[1]!;

  it("is the first line when the bucket's block is removed: names it, says delete, and that prevent_destroy does not help", () => {
    const line = firstLine(comment("remove-bucket"));
    expect(line).toMatch(/^🛑 \*\*DATA LOSS/);
    expect(line).toContain("DELETE `digitalocean_spaces_bucket.storage_bucket` (bucket; block removed from the configuration)");
    expect(line).toContain("`lifecycle.prevent_destroy` does not protect a resource whose block was removed from the configuration");
    // Only the bucket: the CDN, certificate, record and CORS of the same change hold no data.
    expect(line.match(/DELETE/g)).toHaveLength(1);
  });

  it.each(["no-change", "growth-profile", "edit-user-data", "add-droplet", "new-ssh-key"] as const)("is absent from %s, which destroys and replaces no stateful type", (scenario) => {
    const gone = (plan(scenario).resource_changes as Json[]).filter((rc) => rc.change.actions.includes("delete")).map((rc) => rc.type as string);
    expect(gone.filter((t) => t in STATEFUL_TYPES)).toEqual([]);
    expect(comment(scenario)).not.toContain("DATA LOSS");
    // Before the title only the downtime verdict of replaced Droplets may stand (review/downtime.ts).
    const before = lines(comment(scenario)).slice(1, lines(comment(scenario)).indexOf(`### Terraform plan: ${LABEL}`));
    expect(before.filter((l) => l !== "" && !/Droplet/.test(l))).toEqual([]);
  });

  it("names a replaced database, and the cache as a cache, with Terraform's order", () => {
    const p = plan("growth-profile");
    for (const [address, order] of [
      ["digitalocean_database_cluster.database_cluster", ["delete", "create"]],
      ["digitalocean_database_cluster.cache_cluster", ["create", "delete"]],
    ] as const) {
      const rc = (p.resource_changes as Json[]).find((r) => r.address === address)!;
      rc.change.actions = [...order];
      rc.action_reason = "replace_because_cannot_update";
      rc.change.replace_paths = [["engine"]];
    }
    const md = renderPlanComment({ label: LABEL, plan: p });
    const line = firstLine(md);
    expect(line).toContain("REPLACE (destroy before create) `digitalocean_database_cluster.database_cluster` (database)");
    expect(line).toContain("REPLACE (create before destroy) `digitalocean_database_cluster.cache_cluster` (cache)");
    expect(line).not.toContain("prevent_destroy"); // their blocks are still there
    expect(table(md).get("digitalocean_database_cluster.cache_cluster")!.why).toBe("**stateful: cache**; replaced because `engine` cannot be updated in place");
    expect(summaryLine(summarizePlan(p))).toBe("Plan: 5 to add, 4 to change, 2 to destroy.");
  });

  it("does not count a forgotten database (removed block with destroy = false) as lost", () => {
    const p = plan("no-change");
    const rc = (p.resource_changes as Json[]).find((r) => r.type === "digitalocean_database_cluster")!;
    rc.change.actions = ["forget"];
    const md = renderPlanComment({ label: LABEL, plan: p });
    expect(md).not.toContain("DATA LOSS");
    expect(table(md).get(rc.address)!.action).toBe("forget (removed from state, not destroyed)");
    expect(summaryLine(summarizePlan(p))).toBe("Plan: 0 to add, 0 to change, 0 to destroy.");
  });
});

describe("replace reasons (Terraform's replace_paths)", () => {
  it("edit-user-data: app-1 is replaced because user_data cannot be updated", () => {
    const replaced = terraformListing(text("edit-user-data")).filter((l) => l.header === "must be replaced");
    expect(replaced.map((l) => l.address)).toEqual(["digitalocean_droplet.app-tier_app-1"]);
    expect(table(comment("edit-user-data")).get("digitalocean_droplet.app-tier_app-1")!.why).toBe("replaced because `user_data` cannot be updated in place");
  });

  it("new-ssh-key: every Droplet Terraform replaces is replaced because of ssh_keys", () => {
    const replaced = terraformListing(text("new-ssh-key")).filter((l) => l.header === "must be replaced");
    expect(replaced.length).toBe(3);
    const rows = table(comment("new-ssh-key"));
    for (const l of replaced) {
      expect(l.body).toMatch(/ssh_keys .*# forces replacement/);
      expect(rows.get(l.address)!.why).toBe("replaced because `ssh_keys` cannot be updated in place");
    }
  });
});

describe("counting as Terraform counts (internal/command/jsonformat/plan.go)", () => {
  const rc = (address: string, actions: string[], extra: Json = {}): Json => {
    const { change, ...rest } = extra;
    const data = address.startsWith("data.");
    return { address, type: address.replace(/^data\./, "").split(".")[0], mode: data ? "data" : "managed", change: { actions, before: {}, after: {}, ...(change ?? {}) }, ...rest };
  };
  const planOf = (changes: Json[], outputs: Json = {}) => ({ format_version: "1.2", terraform_version: "1.11.4", resource_changes: changes, output_changes: outputs });

  it("no change at all: Terraform's no-change sentence", () => {
    expect(summaryLine(summarizePlan(planOf([rc("a_b.c", ["no-op"])])))).toBe("No changes. Your infrastructure matches the configuration.");
  });

  it("a move alone is listed and gets a Plan line of zeros", () => {
    const p = planOf([rc("a_b.new", ["no-op"], { previous_address: "a_b.old" })]);
    expect(summaryLine(summarizePlan(p))).toBe("Plan: 0 to add, 0 to change, 0 to destroy.");
    expect(table(renderPlanComment({ label: LABEL, plan: p })).get("a_b.new")).toEqual({ action: "move", type: "a_b", why: "moved from `a_b.old`" });
  });

  it("imports are counted in front", () => {
    const p = planOf([rc("a_b.c", ["no-op"], { change: { importing: { id: "x" } } }), rc("a_b.d", ["update"], { change: { importing: { id: "y" }, before: { n: 1 }, after: { n: 2 } } })]);
    expect(summaryLine(summarizePlan(p))).toBe("Plan: 2 to import, 0 to add, 1 to change, 0 to destroy.");
  });

  it("a data source read is listed by Terraform (a Plan line) but not in the table; a data source's removal is ignored", () => {
    const p = planOf([rc("data.a_b.c", ["read"]), rc("data.a_b.d", ["delete"])]);
    expect(summaryLine(summarizePlan(p))).toBe("Plan: 0 to add, 0 to change, 0 to destroy.");
    const md = renderPlanComment({ label: LABEL, plan: p });
    expect(table(md).size).toBe(0);
    expect(md).toContain("1 data source will be read during apply");
  });

  it("a deposed object's deletion is a destroy", () => {
    const p = planOf([rc("a_b.c", ["delete"], { deposed: "00000001" })]);
    expect(summaryLine(summarizePlan(p))).toBe("Plan: 0 to add, 0 to change, 1 to destroy.");
    expect(table(renderPlanComment({ label: LABEL, plan: p })).get("a_b.c")!.why).toContain("deposed object `00000001`");
  });

  it("escapes a for_each key holding a pipe, so the table keeps its columns", () => {
    const p = planOf([rc('a_b.c["x|y"]', ["create"])]);
    const row = lines(renderPlanComment({ label: LABEL, plan: p })).find((l) => l.includes("a_b.c"))!;
    expect(row).toBe('| create | `a_b.c["x\\|y"]` | `a_b` |  |');
  });
});

describe("GitHub's comment limit", () => {
  const bigText = Array.from({ length: 40 }, () => text("new-ssh-key")).join("\n");

  it("cuts a long plan text at a line, says so, and stays under the limit", () => {
    expect(bigText.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    const md = renderPlanComment({ label: LABEL, plan: plan("new-ssh-key"), planText: bigText, runUrl: "https://github.com/o/r/actions/runs/1" });
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    const kept = /```text\n([\s\S]*?)\n```/.exec(md)![1]!;
    expect(bigText.startsWith(`${kept}\n`)).toBe(true);
    const total = bigText.trimEnd().split("\n").length;
    expect(md).toContain(`**Truncated:** the first ${kept.split("\n").length} of ${total} lines; the whole plan is in the log of the plan job ([workflow run](https://github.com/o/r/actions/runs/1)).`);
    expect(md.trimEnd().endsWith("</details>")).toBe(true);
    // Everything before the folded text is whole.
    expect(md).toContain("**Plan: 3 to add, 1 to change, 3 to destroy.**");
  });

  it("fits under any limit, keeping the data-loss line first when the table itself is too long", () => {
    const p = plan("remove-bucket");
    for (let i = 0; i < 3000; i++) (p.resource_changes as Json[]).push({ address: `digitalocean_record.extra_${i}`, type: "digitalocean_record", mode: "managed", change: { actions: ["create"], before: null, after: {} } });
    for (const limit of [GITHUB_COMMENT_LIMIT, 20_000, 5_000]) {
      const md = renderPlanComment({ label: LABEL, plan: p, planText: bigText, limit });
      expect(md.length).toBeLessThanOrEqual(limit);
      expect(lines(md)[1]).toMatch(/^🛑 \*\*DATA LOSS/);
      expect(table(md).has("digitalocean_spaces_bucket.storage_bucket")).toBe(true);
      expect(md).toMatch(/\| … \| \d+ more resource changes not shown/);
      expect(md).toContain("**Plan: 3000 to add, 1 to change, 7 to destroy.**");
    }
  });

  it("a plan without text is the summary alone", () => {
    const md = renderPlanComment({ label: LABEL, plan: plan("add-droplet") });
    expect(md).not.toContain("<details>");
    expect(md).toContain("**Plan: 1 to add, 0 to change, 0 to destroy.**");
  });
});

describe("the fork variant", () => {
  const review = "## Change review against origin/main\n\n- prod: 1 to add, 0 to remove · cost +$24.00/mo\n";

  it("keeps the marker, says plainly that no plan ran and why, then the review", () => {
    const md = renderOfflineComment({ label: LABEL, review, commit: "0123456789abcdef0123" });
    expect(lines(md)[0]).toBe(marker(LABEL));
    expect(md).toContain("**No `terraform plan` ran for this pull request.** It comes from a fork, and GitHub gives a fork's workflows no secrets");
    expect(md).toContain("an offline comparison of the Terraform JSON synthesized from this branch");
    expect(md).toContain(review.trim());
    expect(md).toContain("commit `0123456789ab`");
    expect(md).not.toContain("Terraform plan:"); // never titled like a plan
  });

  it("says the review failed when it printed nothing", () => {
    expect(renderOfflineComment({ label: LABEL, review: "" })).toContain("`npm run review` printed nothing: it failed.");
  });

  it("cuts a long review at a line, under the limit", () => {
    const long = Array.from({ length: 5000 }, (_, i) => `- line ${i} of the review`).join("\n");
    const md = renderOfflineComment({ label: LABEL, review: long });
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md).toContain("**Truncated** to fit GitHub's comment limit");
    expect(md).toMatch(/- line \d+ of the review\n\n\*\*Truncated\*\*/);
  });
});

it("the failed variant keeps the marker and says there is no plan", () => {
  const md = renderFailedComment({ label: LABEL, commit: "abcdef0123456", runUrl: "https://github.com/o/r/actions/runs/7" });
  expect(lines(md)[0]).toBe(marker(LABEL));
  expect(md).toContain("### ❌ Terraform plan failed: bizsocials/prod");
  expect(md).toContain("for commit `abcdef012345`");
  expect(md).toContain("([workflow run](https://github.com/o/r/actions/runs/7))");
});

describe("planProblems", () => {
  it("accepts every fixture", () => {
    for (const s of SCENARIOS) expect(planProblems(plan(s))).toEqual([]);
  });

  it.each([
    ["an array", [], "(document)"],
    ["no format_version", { resource_changes: [] }, "format_version"],
    ["format 2", { format_version: "2.0", resource_changes: [] }, "format_version"],
    ["a state, not a plan", { format_version: "1.0", values: { root_module: {} } }, "values"],
    ["resource_changes not a list", { format_version: "1.2", resource_changes: {} }, "resource_changes"],
    ["an action list Terraform never writes", { format_version: "1.2", resource_changes: [{ address: "a_b.c", type: "a_b", change: { actions: ["explode"] } }] }, "resource_changes[0] (a_b.c).change.actions"],
  ])("rejects %s", (_name, doc, field) => {
    expect(planProblems(doc).map((p) => p.field)).toEqual([field]);
  });
});

describe("the CLI (node -r ./lib/register.js scripts/plan-comment.ts)", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "platform-plan-comment-"));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, ["-r", "./lib/register.js", "scripts/plan-comment.ts", ...args], { cwd: root, encoding: "utf8", env: { PATH: process.env.PATH, ...env } });
  const fixture = (s: Scenario, ext: "json" | "txt") => path.join(dir, `prod-${s}.plan.${ext}`);

  it("prints the comment of a plan, labelled with the preset's app", () => {
    const result = cli(["--stack", "prod", "--plan-json", fixture("edit-user-data", "json"), "--plan-text", fixture("edit-user-data", "txt"), "--commit", "0123456789abcdef"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(renderPlanComment({ label: LABEL, plan: plan("edit-user-data"), planText: text("edit-user-data"), commit: "0123456789abcdef" }));
    const other = cli(["--stack", "dr", "--plan-json", fixture("add-droplet", "json")], { PLATFORM_PRESET: "quickcart" });
    expect(lines(other.stdout)[0]).toBe(marker(`${PRESETS.quickcart.platform.app}/dr`));
  });

  it("--refused-file: written with each refused verdict for a plan replacing a load-balanced group at once, removed otherwise; the comment is printed either way", () => {
    const refusedFile = path.join(tmp, "refused.txt");
    const all = cli(["--stack", "prod", "--plan-json", fixture("new-ssh-key", "json"), "--refused-file", refusedFile]);
    expect(all.status).toBe(0);
    expect(all.stdout).toBe(renderPlanComment({ label: LABEL, plan: plan("new-ssh-key") }));
    const written = fs.readFileSync(refusedFile, "utf8");
    expect(written).toMatch(/^bizsocials\/prod: .*DOWNTIME — refused.*replaces 2 of 2 Droplets/m);
    // one Droplet replaced (a roll) is degraded, not refused: the file goes away
    const one = cli(["--stack", "prod", "--plan-json", fixture("edit-user-data", "json"), "--refused-file", refusedFile]);
    expect(one.status).toBe(0);
    expect(fs.existsSync(refusedFile)).toBe(false);
  });

  it("prints the fork variant and the failed variant", () => {
    fs.writeFileSync(path.join(tmp, "review.md"), "## review\n- dev: no change\n");
    const offline = cli(["--stack", "dev", "--offline-review", path.join(tmp, "review.md")]);
    expect(offline.status).toBe(0);
    expect(offline.stdout).toBe(renderOfflineComment({ label: "bizsocials/dev", review: "## review\n- dev: no change\n" }));
    const failed = cli(["--stack", "staging", "--failed"]);
    expect(failed.stdout).toBe(renderFailedComment({ label: "bizsocials/staging" }));
  });

  const write = (name: string, content: string) => {
    fs.writeFileSync(path.join(tmp, name), content);
    return path.join(tmp, name);
  };

  it.each([
    ["no --stack", () => ["--failed"], "--stack = null is not allowed; allowed: one of " + STACK_NAMES.join(", ")],
    ["an unknown stack", () => ["--stack", "qa", "--failed"], '--stack = "qa" is not allowed; allowed: one of dev, staging, prod, dr'],
    ["no input", () => ["--stack", "prod"], "--plan-json / --offline-review / --failed = null is not allowed; allowed: exactly one of them"],
    ["two inputs", () => ["--stack", "prod", "--failed", "--plan-json", "x"], '= "--plan-json --failed" is not allowed; allowed: exactly one of them'],
    ["a missing plan file", () => ["--stack", "prod", "--plan-json", "/nonexistent/plan.json"], '--plan-json = "/nonexistent/plan.json" is not allowed; allowed: a readable file (no such file)'],
    ["a missing review file", () => ["--stack", "prod", "--offline-review", "/nonexistent/review.md"], '--offline-review = "/nonexistent/review.md" is not allowed; allowed: a readable file (no such file)'],
    ["a text plan given as JSON", () => ["--stack", "prod", "--plan-json", fixture("add-droplet", "txt")], "is not allowed; allowed: the JSON `terraform show -json <planfile>` prints"],
    ["a plan of another format", () => ["--stack", "prod", "--plan-json", write("v2.json", JSON.stringify({ format_version: "2.0", resource_changes: [] }))], 'format_version = "2.0" is not allowed; allowed: "1.<minor>"'],
    ["a state instead of a plan", () => ["--stack", "prod", "--plan-json", write("state.json", JSON.stringify({ format_version: "1.0", values: {} }))], 'values = "a state" is not allowed; allowed: a plan'],
    ["--plan-text alone", () => ["--stack", "prod", "--failed", "--plan-text", "x.txt"], '--plan-text = "x.txt" is not allowed; allowed: only with --plan-json'],
    ["--refused-file without a plan", () => ["--stack", "prod", "--failed", "--refused-file", "r.txt"], '--refused-file = "r.txt" is not allowed; allowed: only with --plan-json'],
    ["a bad commit", () => ["--stack", "prod", "--failed", "--commit", "main"], '--commit = "main" is not allowed; allowed: a git commit id'],
    ["a bad run URL", () => ["--stack", "prod", "--failed", "--run-url", "javascript:alert(1)"], '--run-url = "javascript:alert(1)" is not allowed; allowed: an https:// URL'],
    ["an unknown flag", () => ["--stack", "prod", "--colour"], "Unknown option '--colour'"],
  ])("%s: exit 1, one message naming flag, value and what is allowed, nothing on stdout", (_name, args, message) => {
    const result = cli(args());
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("usage: npm run plan-comment");
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(result.stdout).toBe("");
  });

  it("a bad PLATFORM_PRESET is the selection's error", () => {
    const result = cli(["--stack", "prod", "--failed"], { PLATFORM_PRESET: "nope" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PLATFORM_PRESET = "nope" is not allowed; allowed: ' + Object.keys(PRESETS).join(", "));
  });
});
