/**
 * dr taking over prod's hostname, step by step of the runbook (docs/disaster-recovery.md), on the
 * synthesized JSON of both modes: what each stack reads, writes and refuses, and that no step makes
 * prod depend on dr while dr depends on prod.
 */
import { PLATFORM } from "../../config/environments";
import { PROD_PROFILES } from "../../config/types";
import { promotedClusterOf } from "../synth-fresh";
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
    it("step 1, promote: dr forgets the replica without destroying it and reads the promoted cluster the operator names, checked", () => {
      expect(failover.dr.resource!.digitalocean_database_replica).toBeUndefined();
      expect((failover.dr as { removed?: unknown }).removed).toEqual([{ from: replicaAddress, lifecycle: { destroy: false } }]);
      // The name is PLATFORM_DR_PROMOTED_CLUSTER (the tests give the replica's own name, as the drill would find it).
      const [promoted] = dataSources(failover.dr, "digitalocean_database_cluster");
      expect(promoted!.name).toBe(promotedClusterOf(PLATFORM));
      expect(replicaName).toBe(promotedClusterOf(PLATFORM));
      // Not found (the provider then yields an object of nulls), another region (prod's own cluster) or
      // another engine: a plan error naming the variable, before the user and CA are read by its id.
      const [check] = (promoted!.lifecycle as { postcondition: { condition: string; error_message: string }[] }).postcondition;
      expect(check!.condition).toBe(`\${self.id != null && self.region == "${String(drLb.region)}" && self.engine == "mysql"}`);
      expect(check!.error_message).toContain(`PLATFORM_DR_PROMOTED_CLUSTER=${promotedClusterOf(PLATFORM)}: no mysql cluster of that name in ${String(drLb.region)}`);
      for (const type of ["digitalocean_database_user", "digitalocean_database_ca"]) {
        expect(dataSources(failover.dr, type).map((d) => d.cluster_id)).toEqual(["${data.digitalocean_database_cluster.database_promoted.id}"]);
      }
      // The database's firewall (the cache has its own) now guards the promoted cluster.
      const firewall = Object.entries(failover.dr.resource!.digitalocean_database_firewall!).find(([id]) => id.startsWith("database_"))![1];
      expect(firewall.cluster_id).toBe("${data.digitalocean_database_cluster.database_promoted.id}");
      expect(failover.dr.terraform.required_version).toBe(">= 1.7.0"); // `removed` blocks
    });

    it("dr no longer reads prod at all; it runs the jobs and serves prod's hostname", () => {
      expect(lookups(failover.dr).filter((n) => n.startsWith("bizsocials-prod"))).toEqual([]);
      // No copy of prod's bucket (it is in prod's region): no remote state, no bucket lookup, no reader key.
      expect(Object.keys(failover.dr.data ?? {})).not.toEqual(expect.arrayContaining(["terraform_remote_state"]));
      expect(Object.keys(failover.dr.data ?? {})).not.toEqual(expect.arrayContaining(["digitalocean_spaces_buckets"]));
      expect(resources(failover.dr, "digitalocean_spaces_key").map((k) => k.name)).toEqual(["bizsocials-dr-backup-writer"]);
      const backups = failover.dr.output!.backup_settings!.value as { source: unknown; database: unknown };
      expect(backups.source).toBeNull();
      expect(backups.database).not.toBeNull(); // the dump of the promoted cluster stays
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

    it("changes no Droplet's user_data but the copy timer's (roles come with the deploy command), and replaces no Droplet", () => {
      const userData = (json: TerraformJson) => resources(json, "digitalocean_droplet").map((d) => String(d.user_data));
      expect(userData(failover.prod)).toEqual(userData(standby.prod));
      // dr's jobs Droplet loses the copy (nothing to copy from a failed region) and keeps the dump.
      const [before] = userData(standby.dr);
      const [after] = userData(failover.dr);
      expect(before).toContain("bizsocials-backup-copy.timer");
      expect(after).not.toContain("bizsocials-backup-copy.timer");
      expect(after).toContain("bizsocials-backup-dump.timer");
      // user_data is ignored after creation: the running Droplet is not replaced (its copy timer fails
      // until the runbook's roll; the heartbeat pages meanwhile).
      for (const d of resources(failover.dr, "digitalocean_droplet")) expect((d.lifecycle as { ignore_changes: string[] }).ignore_changes).toContain("user_data");
    });
  });
});
