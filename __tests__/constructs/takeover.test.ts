/**
 * dr taking over prod's hostname, step by step of the runbook (docs/disaster-recovery.md), on the
 * synthesized JSON of both modes: what each stack reads, writes and refuses, and that no step makes
 * prod depend on dr while dr depends on prod.
 */
import { PROD_PROFILES } from "../../config/types";
import { dataSources, deref, only, resources, synthJson, type TerraformJson } from "../helpers";

/** Every `${…}` reference of a stack, and the literal names its data sources look up. */
const references = (json: TerraformJson) => JSON.stringify(json).match(/\$\{[^}]+\}/g) ?? [];
const lookups = (json: TerraformJson) => Object.values(json.data ?? {}).flatMap((byName) => Object.values(byName).map((d) => String(d.name ?? "")));
const hostRecord = (json: TerraformJson) => resources(json, "digitalocean_record").find((r) => r.type === "A")!;
const roles = (json: TerraformJson) => json.output!.app_servers!.value as Record<string, { roles: string[] }>;

describe.each(PROD_PROFILES)("takeover (%s profile)", (profile) => {
  const standby = { prod: synthJson("prod", profile), dr: synthJson("dr", profile) };
  const failover = { prod: synthJson("prod", profile, "failover"), dr: synthJson("dr", profile, "failover") };
  const drLb = only(standby.dr, "digitalocean_loadbalancer");
  const replicaAddress = `digitalocean_database_replica.${Object.keys(standby.dr.resource!.digitalocean_database_replica!)[0]}`;
  const replicaName = String(only(standby.dr, "digitalocean_database_replica").name);
  const marker = (json: TerraformJson) => dataSources(json, "digitalocean_records")[0];

  describe("standby", () => {
    it("prod reads nothing of dr: dr depends on prod (its replica), never the other way", () => {
      expect(lookups(standby.prod).filter((n) => n.startsWith("bizsocials-dr"))).toEqual([]);
      expect(lookups(standby.dr)).toContain("bizsocials-prod-mysql");
    });

    it("dr's certificate already covers prod's hostname, so failover needs no new certificate", () => {
      const https = (drLb.forwarding_rule as Record<string, unknown>[]).find((r) => r.entry_protocol === "https")!;
      const cert = deref(standby.dr, https.certificate_name).block;
      const names = (cert.domains as string[]).map((d) => d.replace(/^(\w+)\..*$/, "$1"));
      expect(names).toEqual([hostRecord(standby.dr).name, hostRecord(standby.prod).name]);
    });

    it("both sides refuse to apply once dr has taken over (the TXT marker exists)", () => {
      for (const [json, guarded] of [
        [standby.prod, hostRecord(standby.prod)],
        [standby.dr, only(standby.dr, "digitalocean_database_replica")],
      ] as const) {
        expect(marker(json)).toMatchObject({ filter: [{ key: "type", values: ["TXT"] }, { key: "name", values: ["_bizsocials-takeover"] }] });
        const conditions = ((guarded.lifecycle as { precondition: { condition: string; error_message: string }[] }).precondition ?? []);
        const guard = conditions.find((c) => c.condition.includes("digitalocean_records"))!;
        expect(guard.condition).toBe("${(length(data.digitalocean_records.takeover_marker.records) < 1)}");
        expect(guard.error_message).toContain("keep PLATFORM_DR_MODE=failover");
      }
    });

    it("dr runs the web tier only, on its own hostname", () => {
      expect(Object.values(roles(standby.dr)).map((s) => s.roles)).toEqual([["web"]]);
      expect(standby.dr.output!.app_url!.value).toBe("https://dr.bizsocials.io");
    });
  });

  describe("failover (PLATFORM_DR_MODE=failover)", () => {
    it("step 1, promote: dr forgets the replica without destroying it and reads the promoted cluster by the replica's name", () => {
      expect(failover.dr.resource!.digitalocean_database_replica).toBeUndefined();
      expect((failover.dr as { removed?: unknown }).removed).toEqual([{ from: replicaAddress, lifecycle: { destroy: false } }]);
      expect(dataSources(failover.dr, "digitalocean_database_cluster")).toEqual([{ name: replicaName }]);
      // The database's firewall (the cache has its own) now guards the promoted cluster.
      const firewall = Object.entries(failover.dr.resource!.digitalocean_database_firewall!).find(([id]) => id.startsWith("database_"))![1];
      expect(firewall.cluster_id).toBe("${data.digitalocean_database_cluster.database_promoted.id}");
      expect(failover.dr.terraform.required_version).toBe(">= 1.7.0"); // `removed` blocks
    });

    it("dr no longer reads prod at all; it runs the jobs and serves prod's hostname", () => {
      expect(lookups(failover.dr).filter((n) => n.startsWith("bizsocials-prod"))).toEqual([]);
      expect(Object.values(roles(failover.dr)).map((s) => s.roles)).toEqual([["web", "worker", "scheduler"]]);
      expect(failover.dr.output!.app_url!.value).toBe("https://app.bizsocials.io");
    });

    it("dr records the takeover in the zone (the marker both standby plans refuse)", () => {
      const txt = resources(failover.dr, "digitalocean_record").find((r) => r.type === "TXT")!;
      expect(txt).toMatchObject({ name: "_bizsocials-takeover" });
      expect(String(txt.value)).toContain("dr took over app.bizsocials.io from prod");
    });

    it("step 2, switch: prod points its hostname at dr's load balancer, found by name, so its own applies keep the switch", () => {
      const record = hostRecord(failover.prod);
      expect(record.name).toBe(hostRecord(standby.prod).name);
      const target = deref(failover.prod, record.value);
      expect(target).toMatchObject({ type: "digitalocean_loadbalancer", attribute: "ip" });
      expect(target.block.name).toBe(drLb.name);
      expect(references(failover.prod).some((r) => r.startsWith("${data.digitalocean_loadbalancer."))).toBe(true);
      expect(record.lifecycle).toBeUndefined(); // the standby guard is gone
    });

    it("gives prod no job roles after failover (fencing its running Droplets is the runbook's deploy to prod)", () => {
      for (const server of Object.values(roles(failover.prod))) expect(server.roles.filter((r) => r !== "web")).toEqual([]);
    });

    it("changes no Droplet's user_data: roles come with the deploy command", () => {
      for (const stack of ["prod", "dr"] as const) {
        const userData = (json: TerraformJson) => resources(json, "digitalocean_droplet").map((d) => d.user_data);
        expect(userData(failover[stack])).toEqual(userData(standby[stack]));
      }
    });
  });
});
