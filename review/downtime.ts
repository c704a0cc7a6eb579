/**
 * What a change that replaces Droplets does to the site, shared by the offline review (synthesized
 * JSON) and the PR comment (a real plan). A replacement Droplet boots cloud-init but runs no
 * release until `npm run deploy` puts one on it (docs/deploying-the-app.md), so:
 * - behind a load balancer, each replaced Droplet leaves the pool until deployed (the health check
 *   fails); replacing more than one of a group at once is REFUSED (`npm run review` exits 1): with
 *   all of them the load balancer has no healthy backend, and the documented roll
 *   (`terraform apply -replace=<address>` one Droplet at a time, each followed by a deploy) never
 *   needs two. A plan that replaces one is allowed and named: degraded until deployed (downtime if
 *   it is the group's only Droplet);
 * - a Droplet that serves the hostname itself (no load balancer: freshtrack) is downtime until
 *   deployed; the hostname points at a reserved IP that moves to the replacement (constructs/edge.ts);
 * - worker Droplets run no jobs until deployed: all of them replaced means jobs stop.
 * `create_before_destroy` does not help: it only orders the create before the destroy.
 *
 * Groups: a load-balanced group is the Droplets carrying the load balancer's `droplet_tag`; any
 * other Droplet is grouped by its role tag (the last of its tags, `<app>-<stack>-<role>`,
 * constructs/tags.ts), `worker` or the web role.
 */
export type Json = Record<string, any>;

export interface DropletFacts {
  readonly address: string;
  /** The Droplet's name (`--only` of npm run deploy). */
  readonly name: string;
  /** Tag names, resolved. */
  readonly tags: readonly string[];
  readonly replaced: boolean;
}

export interface DowntimeGroup {
  /** The tag that makes the group. */
  readonly group: string;
  /** Droplet groups, or an App Platform app (`app-redeploy`: updated in place; `app-replaced`: replaced or destroyed). */
  readonly kind: "load-balanced" | "web" | "worker" | "app-redeploy" | "app-replaced";
  /** Droplets of the group that exist after the change (replaced ones included). */
  readonly total: number;
  /** Addresses of the replaced Droplets, sorted. */
  readonly replaced: readonly string[];
  /** More than one Droplet of a load-balanced group replaced at once: `npm run review` exits 1. */
  readonly refused: boolean;
  /** The verdict as one markdown line. */
  readonly text: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const code = (s: string) => `\`${s}\``;

/** The groups that lose service through replaced Droplets; empty when no Droplet is replaced. */
export function downtimeOf(stack: string, droplets: readonly DropletFacts[], lbTags: readonly string[]): DowntimeGroup[] {
  const groups = new Map<string, DropletFacts[]>();
  for (const d of droplets) {
    const key = d.tags.find((t) => lbTags.includes(t)) ?? d.tags[d.tags.length - 1] ?? d.name;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const out: DowntimeGroup[] = [];
  for (const [group, members] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const replaced = members.filter((d) => d.replaced).sort((a, b) => a.address.localeCompare(b.address));
    if (replaced.length === 0) continue;
    const kind = lbTags.includes(group) ? "load-balanced" : group.endsWith("-worker") ? "worker" : "web";
    const n = replaced.length;
    const m = members.length;
    const deploy = (d: DropletFacts) => `\`npm run deploy -- ${stack} --only ${d.name}\``;
    const roll = replaced.map((d) => `\`terraform apply -replace=${d.address}\`, then ${deploy(d)}`).join("; ");
    const refused = kind === "load-balanced" && n > 1;
    let text: string;
    if (refused) {
      text =
        `🛑 **DOWNTIME — refused:** replaces ${n} of ${plural(m, "Droplet")} of load-balanced group ${code(group)} at once. ` +
        `A replacement runs no release until \`npm run deploy\`, so the load balancer has ${n === m ? "**no healthy backend**" : `only ${plural(m - n, "healthy backend")}`} until then. ` +
        `Roll them one at a time instead, each back behind the load balancer before the next: ${roll}.`;
    } else if (kind === "load-balanced") {
      text =
        n === m
          ? `⚠️ **DOWNTIME:** replaces ${code(replaced[0]!.address)}, the only Droplet of load-balanced group ${code(group)}: the load balancer has no healthy backend until ${deploy(replaced[0]!)}.`
          : `⚠️ **Degraded:** replaces ${code(replaced[0]!.address)}, 1 of ${m} Droplets of load-balanced group ${code(group)}: it serves nothing until ${deploy(replaced[0]!)}; the others keep serving.`;
    } else if (kind === "web") {
      text = `⚠️ **DOWNTIME:** replaces ${replaced.map((d) => code(d.address)).join(", ")}, which ${n === 1 ? "serves" : "serve"} the hostname without a load balancer: the site is down until ${replaced.map(deploy).join(", then ")} (the reserved IP moves to the replacement during the apply).`;
    } else {
      text = `⚠️ **${n === m ? "Jobs stop" : "Fewer workers"}:** replaces ${n} of ${plural(m, "worker Droplet")} (${replaced.map((d) => code(d.address)).join(", ")}): ${n === 1 ? "it runs" : "they run"} no jobs until ${replaced.map(deploy).join(", then ")}.`;
    }
    out.push({ group, kind, total: m, replaced: replaced.map((d) => d.address), refused, text });
  }
  return out;
}

/** One `digitalocean_app` the change touches, and how. */
export interface AppChange {
  readonly address: string;
  readonly action: "update" | "replace" | "delete";
}

/**
 * App Platform's verdicts. Evidence:
 * - update: the provider has no ForceNew in the app's schema and its Update sends the whole spec
 *   (Apps.Update) and waits until the new deployment's steps succeed, failing the apply if one
 *   fails (digitalocean/app/resource_app.go, app_spec.go; review/force-new.ts). App Platform rolls
 *   a deployment: new instances start and must pass their health check before the old ones are
 *   drained and stopped (DigitalOcean docs, "How to Restart or Force Rebuild Your App": "a rolling
 *   restart of its service and worker components"; the app spec's `termination.drain_seconds`:
 *   an instance selected for termination is drained on the upstream load balancers first). So a
 *   spec change is a redeploy with no expected downtime while the new deployment is healthy; a
 *   deployment that fails leaves the previous one serving and the apply fails.
 * - replace / destroy: the old app is deleted (Apps.Delete) and a new one created with a new id and
 *   a new default ingress (`*.ondigitalocean.app`); custom domains move to the new app and get new
 *   certificates; nothing serves the hostnames until the new app's first deployment is live.
 */
export function appDowntime(apps: readonly AppChange[]): DowntimeGroup[] {
  return [...apps]
    .sort((a, b) => a.address.localeCompare(b.address))
    .map((a): DowntimeGroup => {
      const replaced = a.action !== "update";
      const text = !replaced
        ? `🔁 **Redeploy:** updates ${code(a.address)} in place: App Platform builds a new deployment and rolls it out (new instances must pass their health check before the old ones are drained), so no downtime is expected; if the deployment fails, the previous one keeps serving and the apply fails.`
        : a.action === "replace"
          ? `⚠️ **DOWNTIME:** replaces ${code(a.address)}: the old app is deleted and a new one created with a **new app id and a new default ingress** (\`*.ondigitalocean.app\`); its custom domains move to the new app (certificates re-issued, DNS follows), and nothing serves until the new app's first deployment is live. CI's \`doctl apps create-deployment\` needs the new \`app_id\` output.`
          : `🛑 **DOWNTIME:** destroys ${code(a.address)}: the site it serves is gone, with its default ingress and domains.`;
      return { group: a.address, kind: replaced ? "app-replaced" : "app-redeploy", total: 1, replaced: replaced ? [a.address] : [], refused: false, text };
    });
}

/** `${digitalocean_tag.x.name}` → the tag resource's name in `json`; a literal as it is. */
function resolveTag(json: Json, tag: unknown): string {
  const text = String(tag);
  const m = /^\$\{digitalocean_tag\.([^.}]+)\.name\}$/.exec(text);
  const name = m ? json.resource?.digitalocean_tag?.[m[1]!]?.name : undefined;
  return typeof name === "string" ? name : text;
}

/** The offline review's view: the head's synthesized JSON and the addresses the comparison replaces. */
export function synthDowntime(stack: string, head: Json | undefined, replacedAddresses: ReadonlySet<string>, apps: readonly AppChange[] = []): DowntimeGroup[] {
  if (!head) return appDowntime(apps);
  const droplets = Object.entries((head.resource?.digitalocean_droplet ?? {}) as Json).map(([id, d]) => ({
    address: `digitalocean_droplet.${id}`,
    name: String(d.name),
    tags: ((d.tags ?? []) as unknown[]).map((t) => resolveTag(head, t)),
    replaced: replacedAddresses.has(`digitalocean_droplet.${id}`),
  }));
  const lbTags = Object.values((head.resource?.digitalocean_loadbalancer ?? {}) as Json)
    .map((lb) => lb.droplet_tag)
    .filter((t): t is string => typeof t === "string")
    .map((t) => resolveTag(head, t));
  return [...downtimeOf(stack, droplets, lbTags), ...appDowntime(apps)];
}

/** A real plan's view (`terraform show -json`): Droplets replaced in it, grouped by the values Terraform shows. */
export function planDowntime(stack: string, plan: Json): DowntimeGroup[] {
  const changes = ((plan.resource_changes ?? []) as Json[]).filter((rc) => rc.mode !== "data" && rc.deposed === undefined);
  const values = (rc: Json) => (rc.change?.after ?? rc.change?.before ?? {}) as Json;
  const actions = (rc: Json) => ((rc.change?.actions ?? []) as string[]).join(",");
  const droplets = changes
    .filter((rc) => rc.type === "digitalocean_droplet" && actions(rc) !== "delete")
    .map((rc) => ({
      address: String(rc.address),
      name: String(values(rc).name ?? rc.address),
      tags: ((values(rc).tags ?? rc.change?.before?.tags ?? []) as unknown[]).map(String),
      replaced: actions(rc) === "delete,create" || actions(rc) === "create,delete",
    }));
  const lbTags = changes
    .filter((rc) => rc.type === "digitalocean_loadbalancer" && actions(rc) !== "delete")
    .map((rc) => values(rc).droplet_tag ?? rc.change?.before?.droplet_tag)
    .filter((t): t is string => typeof t === "string" && t !== "");
  const apps = changes
    .filter((rc) => rc.type === "digitalocean_app")
    .flatMap((rc): AppChange[] => {
      const a = actions(rc);
      const action = a === "update" ? "update" : a === "delete,create" || a === "create,delete" ? "replace" : a === "delete" ? "delete" : undefined;
      return action ? [{ address: String(rc.address), action }] : [];
    });
  return [...downtimeOf(stack, droplets, lbTags), ...appDowntime(apps)];
}
