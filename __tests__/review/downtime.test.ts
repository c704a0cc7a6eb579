/**
 * Droplet replacements as downtime (review/downtime.ts): a replacement runs no release until
 * `npm run deploy`. The real prod plans of Terraform 1.11.4 (a new SSH key replaced every Droplet;
 * an edited user_data one), the offline review of the synthesized stacks (bizsocials prod behind a
 * load balancer, freshtrack prod without one), and `npm run review`'s exit status on a tiny
 * repository.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PRESETS } from "../../config/presets";
import { STACK_NAMES } from "../../config/types";
import { resolvePlatform } from "../../config/validate";
import { synthPlatform } from "../../lib/synth-platform";
import { compareStack, type Json } from "../../review/compare";
import { planDowntime } from "../../review/downtime";
import { renderPlanComment } from "../../review/plan-comment";
import { refusesDowntime, renderMarkdown } from "../../review/render";
import type { Review } from "../../review/run";
import { synthJson } from "../helpers";

const root = path.join(__dirname, "..", "..");
const plan = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "terraform-plans", `${name}.plan.json`), "utf8")) as Json;
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const reviewOf = (stacks: Review["stacks"]): Review => ({ base: { ref: "main", commit: "0".repeat(40) }, head: "working tree", stacks, policy: { status: "passed", lines: [], stacks: [] } });

describe("a real plan (terraform show -json)", () => {
  it("a new SSH key replaced both app Droplets behind the load balancer and the worker: refused, with the roll to do instead", () => {
    const groups = planDowntime("prod", plan("prod-new-ssh-key"));
    expect(groups.map((g) => [g.group, g.kind, g.total, g.replaced, g.refused])).toEqual([
      ["bizsocials-prod-app", "load-balanced", 2, ["digitalocean_droplet.app-tier_app-1", "digitalocean_droplet.app-tier_app-2"], true],
      ["bizsocials-prod-worker", "worker", 1, ["digitalocean_droplet.app-tier_worker-1"], false],
    ]);
    expect(groups[0]!.text).toContain("replaces 2 of 2 Droplets of load-balanced group `bizsocials-prod-app` at once");
    expect(groups[0]!.text).toContain("**no healthy backend**");
    expect(groups[0]!.text).toContain("`terraform apply -replace=digitalocean_droplet.app-tier_app-1`, then `npm run deploy -- prod --only bizsocials-prod-app-1`");
    expect(groups[1]!.text).toMatch(/^⚠️ \*\*Jobs stop:\*\*/);
  });

  it("an edited user_data replaced one of two app Droplets: degraded until deployed, not refused (what -replace of one Droplet gives)", () => {
    const groups = planDowntime("prod", plan("prod-edit-user-data"));
    expect(groups.map((g) => [g.group, g.replaced, g.refused])).toEqual([["bizsocials-prod-app", ["digitalocean_droplet.app-tier_app-1"], false]]);
    expect(groups[0]!.text).toMatch(/^⚠️ \*\*Degraded:\*\* .*1 of 2 Droplets/);
  });

  it("a resize replaces nothing: no verdict", () => {
    expect(planDowntime("prod", plan("prod-growth-profile"))).toEqual([]);
  });

  it("the PR comment names the downtime before the plan, and says not to apply a refused one", () => {
    const refused = renderPlanComment({ label: "bizsocials/prod", plan: plan("prod-new-ssh-key") });
    const top = refused.split("### Terraform plan")[0]!;
    expect(top).toContain("🛑 **Do not apply this plan");
    expect(top).toContain("DOWNTIME — refused");
    const one = renderPlanComment({ label: "bizsocials/prod", plan: plan("prod-edit-user-data") }).split("### Terraform plan")[0]!;
    expect(one).toContain("**Degraded:**");
    expect(one).not.toContain("Do not apply");
    expect(renderPlanComment({ label: "bizsocials/prod", plan: plan("prod-no-change") })).not.toMatch(/DOWNTIME|Degraded/);
  });
});

describe("the offline review of the synthesized stacks", () => {
  const prod = synthJson("prod") as Json;
  const withImage = (json: Json, image: string, only?: string) => {
    const head = copy(json);
    for (const [id, d] of Object.entries(head.resource.digitalocean_droplet as Json)) if (!only || id === only) (d as Json).image = image;
    return head;
  };

  it("a new image for every Droplet of bizsocials prod: refused, and the markdown says so first", () => {
    const s = compareStack("prod", prod, withImage(prod, "ubuntu-26-04-x64"));
    expect(s.downtime.filter((g) => g.refused).map((g) => [g.group, g.replaced.length, g.total])).toEqual([["bizsocials-prod-app", 2, 2]]);
    expect(refusesDowntime([s])).toBe(true);
    const md = renderMarkdown(reviewOf([s]), "bizsocials");
    expect(md).toContain("> [!CAUTION]");
    expect(md).toContain("**This change is refused** (`npm run review` exits 1)");
    expect(md.indexOf("DOWNTIME — refused")).toBeLessThan(md.indexOf("### prod"));
  });

  it("one Droplet's new image (what a roll does): a warning, not refused", () => {
    const s = compareStack("prod", prod, withImage(prod, "ubuntu-26-04-x64", "app-tier_app-1"));
    expect(s.downtime.map((g) => [g.group, g.refused])).toEqual([["bizsocials-prod-app", false]]);
    expect(refusesDowntime([s])).toBe(false);
    expect(renderMarkdown(reviewOf([s]), "bizsocials")).toContain("> [!WARNING]");
  });

  it("freshtrack prod (one Droplet, no load balancer): its replacement is downtime until deployed", () => {
    const preset = PRESETS.freshtrack;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-downtime-"));
    try {
      synthPlatform(dir, preset.platform, resolvePlatform(preset.platform, preset.environments("launch")), STACK_NAMES.filter((s) => s === "prod"));
      const json = JSON.parse(fs.readFileSync(path.join(dir, "stacks", "prod", "cdk.tf.json"), "utf8")) as Json;
      const s = compareStack("prod", json, withImage(json, "ubuntu-26-04-x64"));
      expect(s.downtime.map((g) => [g.kind, g.refused])).toEqual([["web", false]]);
      expect(s.downtime[0]!.text).toMatch(/^⚠️ \*\*DOWNTIME:\*\* .*serves the hostname without a load balancer/);
      // The hostname stays on a reserved IP (kept: prevent_destroy) that follows the replacement, not on the Droplet's own address.
      const record = Object.values(json.resource.digitalocean_record as Json).find((r) => (r as Json).type === "A") as Json;
      expect(record.value).toMatch(/^\$\{digitalocean_reserved_ip\.[\w-]+\.ip_address\}$/);
      const [address] = Object.values(json.resource.digitalocean_reserved_ip as Json) as Json[];
      expect(address!.droplet_id).toBe("${digitalocean_droplet.app-tier_app-1.id}");
      expect(address!.lifecycle).toEqual({ prevent_destroy: true });
      expect(s.changes.map((c) => c.address)).toEqual(["digitalocean_droplet.app-tier_app-1"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("npm run review's exit status", () => {
  // A tiny repository whose main.ts writes a stack from stacks.json, with this project's review
  // command copied in (its other modules linked), so the command reviews the tiny stack.
  const MAIN = `import * as fs from "node:fs";
import * as path from "node:path";
const out = process.env.CDKTF_OUTDIR ?? "cdktf.out";
const stack = JSON.parse(fs.readFileSync(path.join(__dirname, "stacks.json"), "utf8"));
fs.mkdirSync(path.join(out, "stacks", "prod"), { recursive: true });
fs.writeFileSync(path.join(out, "stacks", "prod", "cdk.tf.json"), JSON.stringify({ terraform: {}, resource: stack }));
process.stdout.write("tiny/prod: policy passed (1 rules applied, 0 suppressed)\\n");
`;
  const droplet = (n: number, image: string) => ({ name: `tiny-prod-app-${n}`, size: "s-1vcpu-1gb", region: "nyc3", image, tags: ["${digitalocean_tag.app.name}"], lifecycle: { create_before_destroy: true } });
  const stack = (images: [string, string]) => ({
    digitalocean_tag: { app: { name: "tiny-prod-app" } },
    digitalocean_loadbalancer: { lb: { name: "tiny-prod-lb", region: "nyc3", size_unit: 1, droplet_tag: "${digitalocean_tag.app.name}" } },
    digitalocean_droplet: { "app-1": droplet(1, images[0]), "app-2": droplet(2, images[1]) },
  });
  let repo: string;
  const git = (args: string[]) => {
    const r = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: repo, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  };
  beforeAll(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), "platform-downtime-repo-"));
    git(["init", "-q"]);
    fs.writeFileSync(path.join(repo, ".gitignore"), "node_modules\n");
    fs.writeFileSync(path.join(repo, "main.ts"), MAIN);
    for (const dir of ["lib", "config", "review", "cost", "catalog", "policy", "runtimes", "constructs", "stacks", "node_modules"]) fs.symlinkSync(path.join(root, dir), path.join(repo, dir), "dir");
    fs.mkdirSync(path.join(repo, "scripts"));
    fs.copyFileSync(path.join(root, "scripts", "review.ts"), path.join(repo, "scripts", "review.ts"));
    fs.writeFileSync(path.join(repo, "stacks.json"), JSON.stringify(stack(["ubuntu-24-04-x64", "ubuntu-24-04-x64"])));
    git(["add", "-A"]);
    git(["commit", "-q", "-m", "base"]);
  });
  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));
  const review = (images: [string, string]) => {
    fs.writeFileSync(path.join(repo, "stacks.json"), JSON.stringify(stack(images)));
    return spawnSync(process.execPath, ["-r", "./lib/register.js", "scripts/review.ts", "--base", "HEAD"], { cwd: repo, encoding: "utf8", env: { PATH: process.env.PATH, PLATFORM_REVIEW_CACHE: "off" } });
  };

  it("exit 1 when both Droplets of the load-balanced group are replaced at once; the review is printed", () => {
    const result = review(["ubuntu-26-04-x64", "ubuntu-26-04-x64"]);
    expect(result.stdout).toContain("DOWNTIME — refused:** replaces 2 of 2 Droplets of load-balanced group `tiny-prod-app` at once");
    expect(result.status).toBe(1);
  });

  it("exit 0 when one is (the roll): the warning is printed", () => {
    const result = review(["ubuntu-26-04-x64", "ubuntu-24-04-x64"]);
    expect(result.stdout).toContain("**Degraded:** replaces `digitalocean_droplet.app-1`, 1 of 2 Droplets");
    expect(result.status).toBe(0);
  });
});
