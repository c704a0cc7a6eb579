/**
 * The policy on a whole App Platform stack, built with the provider's classes and checked by the
 * aspect with every rule: a well-formed one passes every rule (pricing aside, which is the
 * estimate's), and each App Platform trap is reported by the rule meant for it. Also: DO-COST-2's
 * guard against a billed type the estimate treats as free, and the region-reach rows.
 */
import { App as CdktfApp, TerraformStack } from "cdktf";
import { App, type AppSpecService } from "@cdktf/provider-digitalocean/lib/app";
import { ContainerRegistry } from "@cdktf/provider-digitalocean/lib/container-registry";
import { DataDigitaloceanContainerRegistry } from "@cdktf/provider-digitalocean/lib/data-digitalocean-container-registry";
import { DatabaseCluster } from "@cdktf/provider-digitalocean/lib/database-cluster";
import { DatabaseFirewall } from "@cdktf/provider-digitalocean/lib/database-firewall";
import { DataDigitaloceanDomain } from "@cdktf/provider-digitalocean/lib/data-digitalocean-domain";
import { MonitorAlert } from "@cdktf/provider-digitalocean/lib/monitor-alert";
import { Vpc } from "@cdktf/provider-digitalocean/lib/vpc";
import { PlatformPolicy } from "../../policy/aspect";
import { planAgainst, planCalls, refusingRegion } from "../../policy/region-reach";
import { RULES } from "../../policy/rules";
import { ALWAYS_BILLED, silentlyFree } from "../../policy/rules/cost-2-priced";
import { TAG_1 } from "../../policy/rules/tag-1-app-env";
import type { Block } from "../../policy/stack-view";
import { DEDICATED, SHARED, service, worker } from "./app-fixtures";

const FACTS = { stack: "prod", appTag: "acme", envTag: "acme-prod", production: true, budgetUsd: 1000, domain: "acme.io" };

interface Traps {
  readonly noHealthCheck?: boolean;
  readonly literalSecret?: boolean;
  readonly unknownSize?: boolean;
  readonly sharedAutoscaling?: boolean;
  readonly foreignDomain?: boolean;
  readonly outsideVpc?: boolean;
  readonly firewallIgnoresApp?: boolean;
  readonly unprotectedRegistry?: boolean;
}

/** prod of an App Platform preset: VPC, PostgreSQL with its firewall and alert, the registry, the app. */
function stack(traps: Traps = {}): TerraformStack {
  const s = new TerraformStack(new CdktfApp(), "prod");
  const vpc = new Vpc(s, "network_vpc", { name: "acme-prod-vpc", region: "nyc3", ipRange: "10.20.0.0/20" });
  const zone = new DataDigitaloceanDomain(s, "dns_zone", { name: "acme.io" });
  const db = new DatabaseCluster(s, "db", {
    name: "acme-prod-pg", engine: "pg", version: "16", size: "db-s-1vcpu-2gb", nodeCount: 2, region: "nyc3",
    privateNetworkUuid: vpc.id, tags: ["acme", "acme-prod"], lifecycle: { preventDestroy: true },
  });
  new MonitorAlert(s, "db_cpu", { type: "v1/dbaas/alerts/cpu_alerts", compare: "GreaterThan", value: 80, window: "5m", description: "db cpu", entities: [db.id], alerts: { email: ["ops@acme.io"] } });
  new ContainerRegistry(s, "registry", { name: "acme", subscriptionTierSlug: "basic", region: "nyc3", ...(traps.unprotectedRegistry ? {} : { lifecycle: { preventDestroy: true } }) });
  const api: AppSpecService = service({
    instanceSizeSlug: traps.unknownSize ? "basic-xxxl" : DEDICATED,
    instanceCount: undefined,
    autoscaling: { minInstanceCount: 2, maxInstanceCount: 5, metrics: { cpu: { percent: 70 } } },
    env: [
      { key: "DATABASE_URL", type: "SECRET", value: "$${db.DATABASE_URL}" },
      { key: "SESSION_SECRET", type: "SECRET", value: traps.literalSecret ? "correct-horse-battery" : "$${_self.SESSION}" },
    ],
    ...(traps.noHealthCheck ? { healthCheck: undefined } : {}),
  });
  const app = new App(s, "app", {
    spec: {
      name: "acme-prod",
      region: "nyc",
      ...(traps.outsideVpc ? {} : { vpc: [{ id: vpc.id }] }),
      domain: [{ name: traps.foreignDomain ? "api.acme.com" : `api.${zone.name}`, zone: zone.name, type: "PRIMARY" }],
      database: [{ name: "db", clusterName: db.name, engine: "PG", production: true }],
      service: [api],
      worker: [traps.sharedAutoscaling ? worker({ instanceSizeSlug: SHARED, instanceCount: undefined, autoscaling: { minInstanceCount: 1, maxInstanceCount: 3, metrics: { cpu: { percent: 80 } } } }) : worker()],
    },
  });
  new DatabaseFirewall(s, "db_fw", { clusterId: db.id, rule: [traps.firewallIgnoresApp ? { type: "ip_addr", value: "10.20.0.0/20" } : { type: "app", value: app.id }] });
  return s;
}

const violated = (s: TerraformStack) => new PlatformPolicy(FACTS, RULES).check(s).violations;

test("a well-formed App Platform stack passes every rule but pricing (the estimate's)", () => {
  expect(violated(stack()).filter((v) => !v.rule.startsWith("DO-COST-"))).toEqual([]);
});

test.each([
  [{ noHealthCheck: true }, "DO-APP-1", "spec.service[0].health_check"],
  [{ literalSecret: true }, "DO-APP-2", "spec.service[0].env[1].value"],
  [{ unknownSize: true }, "DO-APP-3", "spec.service[0].instance_size_slug"],
  [{ sharedAutoscaling: true }, "DO-APP-4", "spec.worker[0].instance_size_slug"],
  [{ foreignDomain: true }, "DO-APP-5", "spec.domain[0].name"],
  [{ outsideVpc: true }, "DO-NET-1", "spec.vpc.id"],
  [{ firewallIgnoresApp: true }, "DO-DB-1", "digitalocean_database_firewall"],
  [{ unprotectedRegistry: true }, "DO-DATA-1", "lifecycle.prevent_destroy"],
] as const)("%j is reported by %s at %s", (traps, rule, attribute) => {
  const found = violated(stack(traps)).filter((v) => !v.rule.startsWith("DO-COST-"));
  expect(found.map((v) => [v.rule, v.attribute])).toContainEqual([rule, attribute]);
  expect(new Set(found.map((v) => v.rule))).toEqual(new Set(rule === "DO-APP-3" ? ["DO-APP-3", "DO-APP-4"] : [rule]));
});

describe("DO-COST-2 knows App Platform is billed", () => {
  const json = stack().toTerraform() as Block;
  const app = "digitalocean_app.app";
  const registry = "digitalocean_container_registry.registry";

  test("an estimate that neither prices nor reports the app and the registry is short: both are findings", () => {
    expect(silentlyFree(json, { lines: [], totalUsd: 0, maxTotalUsd: 0, unpriced: [] }).map((f) => f.attribute)).toEqual([app, registry]);
  });

  test("a line under the address, or an unpriced entry, accounts for it", () => {
    const line = (address: string) => ({ address, item: "x", unitUsd: 0, count: 1, monthlyUsd: 0 });
    expect(silentlyFree(json, { lines: [line(`${app} api`), line(registry)], totalUsd: 0, maxTotalUsd: 0, unpriced: [] })).toEqual([]);
    expect(silentlyFree(json, { lines: [], totalUsd: 0, maxTotalUsd: 0, unpriced: [{ address: app, reason: "r" }, { address: registry, reason: "r" }] })).toEqual([]);
    // Another app's line does not count for this one.
    expect(silentlyFree(json, { lines: [line(`${app}2`), line(registry)], totalUsd: 0, maxTotalUsd: 0, unpriced: [] }).map((f) => f.attribute)).toEqual([app]);
  });

  test("the always-billed types are App Platform's", () => {
    expect(ALWAYS_BILLED).toEqual(["digitalocean_app", "digitalocean_container_registry"]);
  });
});

test("DO-TAG-1 asks no tags of an app or a registry (they have none at provider v2.71.0)", () => {
  expect(TAG_1.appliesTo).not.toContain("digitalocean_app");
  expect(TAG_1.appliesTo).not.toContain("digitalocean_container_registry");
});

test("region reach: the app, the registry and its data source are read on the global API, by id or name", () => {
  const s = stack();
  new DataDigitaloceanContainerRegistry(s, "shared_registry", { name: "acme" });
  const json = s.toTerraform() as Record<string, unknown>;
  const calls = planCalls(json, { refresh: true }).filter((c) => /container_registry|digitalocean_app\./.test(c.address));
  expect(calls.map((c) => [c.address, c.endpoint]).sort()).toEqual([
    ["data.digitalocean_container_registry.shared_registry", { kind: "api" }],
    ["digitalocean_app.app", { kind: "api" }],
    ["digitalocean_container_registry.registry", { kind: "api" }],
  ]);
  expect(planAgainst(json, refusingRegion("nyc3"), { refresh: true }).refused).toEqual([]);
});
