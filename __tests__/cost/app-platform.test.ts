/** App Platform stacks are priced from the app's components and the registry's tier. */
import * as fs from "node:fs";
import * as path from "node:path";
import { APP_INSTANCE_SIZES, REGISTRY_TIERS } from "../../catalog/app-platform";
import { DATABASE_SIZES } from "../../catalog/databases";
import { estimateStack } from "../../cost/estimate";
import { costReport, formatCostReport } from "../../cost/report";
import { COST_1 } from "../../policy/rules/cost-1-budget";

type J = Record<string, any>;
const fixture = (): J => JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/app-platform/stack.json"), "utf8"));
const specOf = (json: J): J => json.resource.digitalocean_app.app.spec[0];

test("every sized component costs its size × instances; autoscaled ones at min and max; the registry its tier", () => {
  const est = estimateStack(fixture() as never);
  expect(est.unpriced).toEqual([]);
  const s = APP_INSTANCE_SIZES;
  const fixed = s["basic-xs"].monthlyUsd * 2 + s["basic-xxs"].monthlyUsd * 2 + REGISTRY_TIERS.basic.monthlyUsd + DATABASE_SIZES["db-s-1vcpu-2gb"].monthlyUsdPerNode;
  expect(est.totalUsd).toBeCloseTo(fixed + s["apps-d-1vcpu-1gb"].monthlyUsd * 2, 2);
  expect(est.maxTotalUsd).toBeCloseTo(fixed + s["apps-d-1vcpu-1gb"].monthlyUsd * 4, 2);
  const api = est.lines.find((l) => l.item.includes(" api "));
  expect(api).toMatchObject({ count: 2, maxCount: 4, address: "digitalocean_app.app" });
  // Static sites and functions are listed at $0 with the assumption in the item.
  expect(est.lines.find((l) => l.item.includes("static site docs"))).toMatchObject({ monthlyUsd: 0 });
  expect(est.lines.find((l) => l.item.includes("functions theme-processing"))?.item).toMatch(/free allowance/);
});

test("spec rendered as an object prices the same as a one-element list", () => {
  const json = fixture();
  const asList = estimateStack(json as never);
  json.resource.digitalocean_app.app.spec = specOf(json);
  json.resource.digitalocean_app.app.spec.service[1].autoscaling = json.resource.digitalocean_app.app.spec.service[1].autoscaling[0];
  const asObject = estimateStack(json as never);
  expect(asObject.unpriced).toEqual([]);
  expect(asObject.lines.filter((l) => l.address === "digitalocean_app.app").length).toBeGreaterThan(0);
  expect(asObject.totalUsd).toBe(asList.totalUsd);
  expect(asObject.maxTotalUsd).toBe(asList.maxTotalUsd);
});

test("a registry read as a data source costs this stack nothing", () => {
  const json = fixture();
  delete json.resource.digitalocean_container_registry;
  json.data = { digitalocean_container_registry: { registry: { name: "shared" } } };
  const est = estimateStack(json as never);
  expect(est.lines.some((l) => l.item.includes("container registry"))).toBe(false);
  expect(est.unpriced).toEqual([]);
});

test("DO-COST-2: an unknown size, an unknown tier, an expression count and a dev database are unpriced, each named", () => {
  const json = fixture();
  const spec = specOf(json);
  spec.service[0].instance_size_slug = "basic-huge";
  spec.worker[0].instance_count = "${var.workers}";
  spec.database.push({ name: "scratch", engine: "PG", production: false });
  json.resource.digitalocean_container_registry.registry.subscription_tier_slug = "enterprise";
  const reasons = estimateStack(json as never).unpriced.map((u) => `${u.address}: ${u.reason}`);
  expect(reasons).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/digitalocean_app\.app: spec\.service\[0\] \(frontend\): instance_size_slug "basic-huge" is not in the catalog/),
      expect.stringMatching(/spec\.worker\[0\] \(queue\): instance_count "\$\{var\.workers\}" is not a literal/),
      expect.stringMatching(/spec\.database\[1\] \(scratch\): a dev database/),
      expect.stringMatching(/digitalocean_container_registry\.registry: subscription_tier_slug "enterprise"/),
    ]),
  );
  expect(reasons).toHaveLength(4);
});

test("DO-COST-1 judges the autoscaling maximum: a budget between min and max fails", () => {
  const json = fixture();
  const est = estimateStack(json as never);
  const budgetUsd = (est.totalUsd + est.maxTotalUsd) / 2;
  const view = { config: json, facts: { budgetUsd } };
  const result = COST_1.evaluate(view as never, view as never);
  expect(result.status).toBe("NON_COMPLIANT");
  expect(JSON.stringify(result)).toContain("at its maximum");
  const report = costReport("themesystem", "launch", [{ stack: "prod", budgetUsd, estimate: est }]);
  expect(report.stacks[0]!.withinBudget).toBe(false);
  const text = formatCostReport(report);
  expect(text).toContain(`$${est.totalUsd.toFixed(2)}–$${est.maxTotalUsd.toFixed(2)}`);
  expect(text).toMatch(/api apps-d-1vcpu-1gb, autoscaled 2–4 .* 2–4 /);
  expect(text).toContain("OVER BUDGET");
});
