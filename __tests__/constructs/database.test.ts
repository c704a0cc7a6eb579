import { STACK_NAMES } from "../../config/types";
import { dataSources, deref, only, resources, synthJson, tagName, tagNames } from "../helpers";

const OWNERS = STACK_NAMES.filter((s) => s !== "dr");

describe.each(OWNERS)("database of %s", (stack) => {
  const json = synthJson(stack);
  const cluster = resources(json, "digitalocean_database_cluster").find((c) => c.engine === "mysql")!;

  it("is a MySQL cluster with a maintenance window, the app database and the three seed users", () => {
    expect(cluster).toMatchObject({ name: `bizsocials-${stack}-mysql`, version: "8" });
    expect(tagNames(json, cluster.tags)).toEqual(["bizsocials", `bizsocials-${stack}`]);
    expect(cluster.maintenance_window).toEqual([{ day: expect.stringMatching(/day$/), hour: expect.stringMatching(/^\d\d:\d\d:00$/) }]);
    expect(resources(json, "digitalocean_database_db").map((d) => d.name)).toEqual(["bizsocials"]);
    expect(resources(json, "digitalocean_database_user").map((u) => u.name).sort()).toEqual(["bizsocials_app", "bizsocials_migrate", "bizsocials_readonly"]);
    for (const u of resources(json, "digitalocean_database_user")) expect(deref(json, u.cluster_id).block.name).toBe(cluster.name);
  });

  it("has exactly one database firewall, trusting the app and worker tags", () => {
    const firewalls = resources(json, "digitalocean_database_firewall").filter((f) => deref(json, f.cluster_id).block.engine === "mysql");
    expect(firewalls).toHaveLength(1);
    const rules = firewalls[0]!.rule as { type: string; value: string }[];
    const hasWorkers = resources(json, "digitalocean_droplet").some((d) => tagNames(json, d.tags).includes(`bizsocials-${stack}-worker`));
    expect(rules.map((r) => ({ type: r.type, value: tagName(json, r.value) }))).toEqual([
      { type: "tag", value: `bizsocials-${stack}-app` },
      ...(hasWorkers ? [{ type: "tag", value: `bizsocials-${stack}-worker` }] : []),
    ]);
  });

  it(stack === "prod" ? "is protected from destroy" : "is not protected from destroy", () => {
    expect(Boolean((cluster.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy)).toBe(stack === "prod");
  });
});

describe("database of dr", () => {
  const json = synthJson("dr");

  it("is a read-only replica of prod's cluster, found by name — no remote state, no users or databases of its own", () => {
    const replica = only(json, "digitalocean_database_replica");
    expect(replica).toMatchObject({ name: "bizsocials-dr-mysql-replica", region: "fra1", lifecycle: { prevent_destroy: true } });
    expect(dataSources(json, "digitalocean_database_cluster")).toEqual([{ name: "bizsocials-prod-mysql" }]);
    expect(resources(json, "digitalocean_database_user")).toHaveLength(0);
    expect(resources(json, "digitalocean_database_db")).toHaveLength(0);
    expect(JSON.stringify(json)).not.toMatch(/remote_state/);
  });

  it("puts its one database firewall on the replica, trusting dr's app Droplets", () => {
    const firewalls = resources(json, "digitalocean_database_firewall").filter((f) => deref(json, f.cluster_id).type === "digitalocean_database_replica");
    expect(firewalls).toHaveLength(1);
    expect(deref(json, firewalls[0]!.cluster_id).attribute).toBe("uuid");
    const rules = firewalls[0]!.rule as { type: string; value: string }[];
    expect(rules.map((r) => [r.type, tagName(json, r.value)])).toEqual([["tag", "bizsocials-dr-app"]]);
  });
});
