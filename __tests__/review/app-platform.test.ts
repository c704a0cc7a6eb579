/**
 * The review and the PR comment know App Platform: the ForceNew table (provider source), the
 * verdict for an app updated in place (a redeploy) and for a replaced app (downtime: new id and
 * default ingress), on plan JSON in `terraform show -json`'s format and on the offline comparison.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compareStack } from "../../review/compare";
import { planDowntime } from "../../review/downtime";
import { FORCE_NEW, forcesReplacement } from "../../review/force-new";
import { renderPlanComment, summarizePlan, summaryLine } from "../../review/plan-comment";
import { downtimeWarning } from "../../review/render";
import { isStateful } from "../../review/stateful";

type J = Record<string, any>;
const root = path.join(__dirname, "..", "..");
const dir = path.join(__dirname, "..", "fixtures", "app-platform");
const planFile = (s: string) => path.join(dir, `prod-${s}.plan.json`);
const plan = (s: string) => JSON.parse(fs.readFileSync(planFile(s), "utf8")) as J;
const stack = (): J => JSON.parse(fs.readFileSync(path.join(dir, "stack.json"), "utf8"));

test("ForceNew: nothing in an app's spec replaces it; a registry's name and region do, its tier does not", () => {
  for (const p of ["spec", "spec.region", "spec.name", "spec.service.image.tag", "spec.domain.name"]) expect(forcesReplacement("digitalocean_app", p)).toBe(false);
  expect(FORCE_NEW.digitalocean_app!.source).toMatch(/digitalocean\/app\/resource_app\.go/);
  expect(forcesReplacement("digitalocean_container_registry", "name")).toBe(true);
  expect(forcesReplacement("digitalocean_container_registry", "region")).toBe(true);
  expect(forcesReplacement("digitalocean_container_registry", "subscription_tier_slug")).toBe(false);
  expect(FORCE_NEW.digitalocean_container_registry!.source).toMatch(/resource_container_registry\.go/);
  expect(isStateful("digitalocean_container_registry")).toBe(true);
});

test("a plan updating the app in place is a redeploy, not downtime, and never refused", () => {
  const groups = planDowntime("prod", plan("app-update"));
  expect(groups).toHaveLength(1);
  expect(groups[0]).toMatchObject({ kind: "app-redeploy", refused: false, replaced: [] });
  expect(groups[0]!.text).toMatch(/Redeploy/);
  expect(groups[0]!.text).not.toMatch(/DOWNTIME/);
  const md = renderPlanComment({ label: "themesystem/prod", plan: plan("app-update") });
  expect(md).toContain("🔁 **Redeploy:** updates `digitalocean_app.app` in place");
  expect(summaryLine(summarizePlan(plan("app-update")))).toMatch(/1 to change/);
});

test("a plan replacing the app says DOWNTIME: new app id, new default ingress, domains move", () => {
  const groups = planDowntime("prod", plan("app-replace"));
  expect(groups).toEqual([expect.objectContaining({ kind: "app-replaced", replaced: ["digitalocean_app.app"], refused: false })]);
  const md = renderPlanComment({ label: "themesystem/prod", plan: plan("app-replace") });
  expect(md).toMatch(/DOWNTIME:\*\* replaces `digitalocean_app\.app`/);
  expect(md).toMatch(/new app id and a new default ingress/);
  expect(md).toMatch(/custom domains move/);
});

test("npm run plan-comment on the App Platform plans: exit 0, verdict in the comment, nothing refused", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "app-plan-"));
  const refused = path.join(tmp, "refused.txt");
  for (const [s, verdict] of [["app-update", "Redeploy"], ["app-replace", "DOWNTIME"]] as const) {
    const r = spawnSync(process.execPath, ["-r", "./lib/register.js", "scripts/plan-comment.ts", "--stack", "prod", "--plan-json", planFile(s), "--refused-file", refused], {
      cwd: root,
      encoding: "utf8",
      env: { PATH: process.env.PATH },
    });
    expect({ s, status: r.status, stderr: r.stderr }).toEqual({ s, status: 0, stderr: "" });
    expect(r.stdout).toContain(verdict);
    expect(fs.existsSync(refused)).toBe(false);
  }
});

test("offline review: a new release tag is a redeploy note; an app under a new address is downtime", () => {
  const base = stack();
  const head = stack();
  head.resource.digitalocean_app.app.spec[0].service[0].image[0].tag = "v2";
  const updated = compareStack("prod", base, head);
  expect(updated.changes.find((c) => c.address === "digitalocean_app.app")?.action).toBe("update");
  expect(updated.downtime).toEqual([expect.objectContaining({ kind: "app-redeploy" })]);
  const note = downtimeWarning([updated]);
  expect(note[0]).toBe("> [!NOTE]");
  expect(note.join("\n")).toMatch(/Redeploy/);
  expect(note.join("\n")).not.toMatch(/Droplets/);

  const moved = stack();
  moved.resource.digitalocean_app.web = moved.resource.digitalocean_app.app;
  moved.resource.digitalocean_app.web.spec[0].name = "themesystem-prod-2";
  delete moved.resource.digitalocean_app.app;
  const replaced = compareStack("prod", base, moved);
  expect(replaced.downtime.map((g) => [g.group, g.kind])).toContainEqual(["digitalocean_app.app", "app-replaced"]);
  const warning = downtimeWarning([replaced]).join("\n");
  expect(warning).toMatch(/\[!WARNING\]/);
  expect(warning).toMatch(/DOWNTIME:\*\* destroys `digitalocean_app\.app`/);
});
