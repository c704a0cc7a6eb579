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
    // Remote state is read for prod's bucket name only (the backup copy), never for the database.
    const remote = JSON.stringify(json).match(/\$\{data\.terraform_remote_state\.[^}]+\}/g) ?? [];
    expect([...new Set(remote)]).toEqual(["${data.terraform_remote_state.backup-jobs_source.outputs.bucket_name}"]);
    expect(JSON.stringify([replica, json.data?.digitalocean_database_user, json.output?.app_settings])).not.toMatch(/remote_state/);
  });

  it("reads the app user's password from the API (data source on prod's cluster), never from prod's state", () => {
    expect(dataSources(json, "digitalocean_database_user")).toEqual([{ cluster_id: "${data.digitalocean_database_cluster.database_source.id}", name: "bizsocials_app" }]);
    const settings = json.output!.app_settings!.value as { database: Record<string, string> };
    expect(settings.database).toMatchObject({
      host: "${digitalocean_database_replica.database_replica.private_host}",
      user: "${data.digitalocean_database_user.database_app-user.name}",
      password: "${data.digitalocean_database_user.database_app-user.password}",
    });
  });

  it("gives the app its source cluster's CA, read from the API", () => {
    expect(dataSources(json, "digitalocean_database_ca")).toEqual([{ cluster_id: "${data.digitalocean_database_cluster.database_source.id}" }]);
    expect((json.output!.app_settings!.value as { database: { ca_certificate: string } }).database.ca_certificate).toBe("${data.digitalocean_database_ca.database_ca.certificate}");
  });

  it("ignores tag edits, which would otherwise replace the replica and fail the plan on prevent_destroy", () => {
    // provider v2.71.0 database/resource_database_replica.go: `tags` is ForceNew; `size` resizes in place.
    expect((only(json, "digitalocean_database_replica").lifecycle as { ignore_changes: string[] }).ignore_changes).toEqual(["tags"]);
  });

  it.each(["launch", "growth"] as const)("(%s) refuses an apply that would leave the replica smaller than prod's primary", (profile) => {
    const replica = only(synthJson("dr", profile), "digitalocean_database_replica");
    const [guard] = (replica.lifecycle as { precondition: { condition: string; error_message: string }[] }).precondition;
    // lookup(<plan → GiB>, <prod's primary size, read from the API>, 1024) <= <this replica's GiB>
    const m = /^\$\{\(lookup\((\{.*\}), data\.digitalocean_database_cluster\.database_source\.size, 1024\) <= (\d+)\)\}$/.exec(guard!.condition);
    expect(m).not.toBeNull();
    const sizes = Object.fromEntries([...m![1]!.matchAll(/"([^"]+)" = (\d+)/g)].map((x) => [x[1], Number(x[2])]));
    expect(Number(m![2])).toBe(sizes[String(replica.size)]);
    expect(guard!.error_message).toContain("apply this stack (dr) before the source (prod)");
  });

  it("puts its one database firewall on the replica, trusting dr's app Droplets", () => {
    const firewalls = resources(json, "digitalocean_database_firewall").filter((f) => deref(json, f.cluster_id).type === "digitalocean_database_replica");
    expect(firewalls).toHaveLength(1);
    expect(deref(json, firewalls[0]!.cluster_id).attribute).toBe("uuid");
    const rules = firewalls[0]!.rule as { type: string; value: string }[];
    expect(rules.map((r) => [r.type, tagName(json, r.value)])).toEqual([["tag", "bizsocials-dr-app"]]);
  });
});
