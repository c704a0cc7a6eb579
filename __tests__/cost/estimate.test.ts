/** The estimate prices what the JSON deploys, with the catalog's prices; the report totals it. */
import { DATABASE_SIZES, DATABASE_STORAGE } from "../../catalog/databases";
import { DROPLET_BACKUPS, DROPLET_SIZES } from "../../catalog/droplets";
import { LOAD_BALANCER, SPACES } from "../../catalog/networking";
import { estimateStack } from "../../cost/estimate";
import { costReport, formatCostReport } from "../../cost/report";

const stack = (resource: object) => ({ resource }) as never;

test("a Droplet costs its plan, and weekly backups add the catalog's surcharge", () => {
  const plan = DROPLET_SIZES["s-2vcpu-4gb"].monthlyUsd;
  const weekly = { size: "s-2vcpu-4gb", backups: true, backup_policy: { plan: "weekly", weekday: "SUN", hour: 4 } };
  const est = estimateStack(stack({ digitalocean_droplet: { a: weekly, b: { size: "s-2vcpu-4gb" } } }));
  expect(est.totalUsd).toBeCloseTo(plan * 2 + plan * DROPLET_BACKUPS.weeklySurcharge, 2);
  expect(est.lines.filter((l) => l.item.startsWith("weekly backups"))).toHaveLength(1);
});

test("backups without a backup_policy are priced daily, as the provider schedules them", () => {
  const plan = DROPLET_SIZES["s-2vcpu-4gb"].monthlyUsd;
  const est = estimateStack(stack({ digitalocean_droplet: { a: { size: "s-2vcpu-4gb", backups: true } } }));
  expect(est.totalUsd).toBeCloseTo(plan + plan * DROPLET_BACKUPS.dailySurcharge, 2);
  expect(est.lines.map((l) => l.item).sort()).toEqual(["Droplet s-2vcpu-4gb", `daily backups (+${DROPLET_BACKUPS.dailySurcharge * 100}% of s-2vcpu-4gb)`].sort());
  expect(DROPLET_BACKUPS.dailySurcharge).toBeGreaterThan(DROPLET_BACKUPS.weeklySurcharge);
});

test("database clusters cost per node (standbys included); a replica is one node", () => {
  const node = DATABASE_SIZES["db-s-1vcpu-2gb"].monthlyUsdPerNode;
  const est = estimateStack(
    stack({
      digitalocean_database_cluster: { main: { engine: "pg", size: "db-s-1vcpu-2gb", node_count: 3 } },
      digitalocean_database_replica: { ro: { size: "db-s-1vcpu-2gb" } },
    }),
  );
  expect(est.totalUsd).toBe(node * 4);
  expect(est.lines.map((l) => l.count).sort()).toEqual([1, 3]);
});

test("load balancers cost per node, by size_unit or by legacy size", () => {
  const est = estimateStack(stack({ digitalocean_loadbalancer: { a: { size_unit: 3 }, b: { size: "lb-medium" } } }));
  expect(est.totalUsd).toBe(LOAD_BALANCER.monthlyUsdPerNode * 6);
});

test("a global load balancer has no sourced price: it is listed as unpriced, never priced like a regional one", () => {
  const est = estimateStack(stack({ digitalocean_loadbalancer: { glb: { type: "GLOBAL", target_load_balancer_ids: ["a", "b"] } } }));
  expect(est.totalUsd).toBe(0);
  expect(est.unpriced).toEqual([{ address: "digitalocean_loadbalancer.glb", reason: expect.stringContaining("global load balancer") }]);
});

test("buckets cost one Spaces subscription per stack, whatever their number; free resources cost nothing", () => {
  const est = estimateStack(
    stack({
      digitalocean_spaces_bucket: { a: {}, b: {} },
      digitalocean_vpc: { v: {} },
      digitalocean_firewall: { f: {} },
      digitalocean_cdn: { c: {} },
      random_id: { r: {} },
    }),
  );
  expect(est.totalUsd).toBe(SPACES.monthlyUsd);
  expect(est.unpriced).toEqual([]);
});

test("a resource the catalog cannot price is listed, not silently free", () => {
  const est = estimateStack(stack({ digitalocean_volume: { v: { size: 100 } }, digitalocean_droplet: { d: { size: "s-3vcpu-9gb" } } }));
  expect(est.totalUsd).toBe(0);
  expect(est.unpriced.map((u) => u.address).sort()).toEqual(["digitalocean_droplet.d", "digitalocean_volume.v"]);
});

test("the report counts the per-account Spaces subscription once and flags stacks over budget", () => {
  const withBucket = estimateStack(stack({ digitalocean_spaces_bucket: { a: {} }, digitalocean_droplet: { d: { size: "s-1vcpu-1gb" } } }));
  const report = costReport("acme", "launch", [
    { stack: "dev", budgetUsd: 100, estimate: withBucket },
    { stack: "prod", budgetUsd: 5, estimate: withBucket },
  ]);
  expect(report.sharedSpacesAdjustmentUsd).toBe(-SPACES.monthlyUsd);
  expect(report.totalUsd).toBe(withBucket.totalUsd * 2 - SPACES.monthlyUsd);
  expect(report.stacks.map((s) => s.withinBudget)).toEqual([true, false]);
  const text = formatCostReport(report);
  expect(text).toContain("OVER BUDGET (synth fails: rule DO-COST-1)");
  expect(text).toContain(`-$${SPACES.monthlyUsd.toFixed(2)}`);
});

test("a reserved IP is free while assigned to a Droplet; an unassigned one is billed and has no price here, so it is unpriced", () => {
  const est = estimateStack({
    resource: {
      digitalocean_reserved_ip: {
        held: { region: "nyc3", droplet_id: "${digitalocean_droplet.app.id}" },
        loose: { region: "nyc3" },
      },
    },
  });
  expect(est.lines.map((l) => [l.address, l.unitUsd])).toEqual([["digitalocean_reserved_ip.held", 0]]);
  expect(est.unpriced).toEqual([{ address: "digitalocean_reserved_ip.loose", reason: expect.stringContaining("unassigned reserved IP is billed") }]);
});

test("storage_size_mib beyond the plan's included disk is priced per GiB and per node; within it, nothing; not a literal, unpriced", () => {
  const plan = DATABASE_SIZES["db-s-2vcpu-4gb"];
  const extraGib = 50;
  const mib = String((plan.includedStorageGib! + extraGib) * 1024);
  const est = estimateStack(
    stack({
      digitalocean_database_cluster: {
        big: { engine: "pg", size: "db-s-2vcpu-4gb", node_count: 2, storage_size_mib: mib },
        base: { engine: "pg", size: "db-s-2vcpu-4gb", node_count: 1, storage_size_mib: String(plan.includedStorageGib! * 1024) },
        expr: { engine: "pg", size: "db-s-2vcpu-4gb", node_count: 1, storage_size_mib: "${var.disk}" },
      },
      digitalocean_database_replica: { ro: { size: "db-s-2vcpu-4gb", storage_size_mib: mib } },
    }),
  );
  const storage = est.lines.filter((l) => l.item.startsWith("storage"));
  expect(storage.map((l) => [l.address, l.count])).toEqual([
    ["digitalocean_database_cluster.big", 2],
    ["digitalocean_database_replica.ro", 1],
  ]);
  for (const l of storage) expect(l.unitUsd).toBeCloseTo(extraGib * DATABASE_STORAGE.monthlyUsdPerGib, 2);
  expect(est.unpriced).toEqual([{ address: "digitalocean_database_cluster.expr", reason: expect.stringContaining("storage_size_mib") }]);
});
