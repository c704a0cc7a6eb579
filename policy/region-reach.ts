/**
 * What a `terraform plan` of a synthesized stack asks of DigitalOcean, and where: a model, per
 * Terraform type, of the endpoints its read calls, with the provider file (v2.71.0) that makes them.
 * There is no provider binary here to plan against, so this is how a plan's reach is tested (issue
 * 15: "dr must not depend on the region it replaces"): `planAgainst` walks a stack's JSON and asks a
 * stand-in API, `refusingRegion`, for each call; a type without a row is an error, so a new resource
 * or data source cannot slip past the model.
 *
 * Endpoints. DigitalOcean's control API is one global endpoint (api.digitalocean.com: the provider's
 * godo client, digitalocean/config/config.go); Spaces is one S3 endpoint per region
 * (`<region>.digitaloceanspaces.com`: config.go SpacesClient(region)). Terraform's S3 backend and
 * `terraform_remote_state` call the Spaces endpoint their `endpoints.s3` names.
 *
 * What "addressed to a region" means here (the model's decision, stated, not proven):
 * - a request to that region's Spaces endpoint, or to every region's (a listing that visits each);
 * - a control-API request that carries the region as a parameter (a create, or a list by region).
 * A control-API read of an object by its id or name does NOT count, even where the object lives in
 * that region: its path names the object, not a region, and the API is global. That covers dr's
 * standby reads of prod's cluster (found by name in the account's list, then its users and CA by
 * id, and the replica under it): the replica cannot exist without them. Whether DigitalOcean's API
 * answers such reads while a region is down is not known from here; the model does not claim it.
 *
 * A plan reads every data source and, unless run with `-refresh=false`, refreshes every managed
 * resource in its state. Planning creates nothing, so no create call is modelled. With
 * `-refresh=false` only data sources and the backend are read (the model assumes no CustomizeDiff
 * of these types calls the API).
 */

/** One call of a plan: the control API (optionally naming a region), a Spaces endpoint, every Spaces endpoint, or nothing. */
export type Endpoint =
  | { readonly kind: "api"; readonly region?: string }
  | { readonly kind: "spaces"; readonly region: string | undefined }
  | { readonly kind: "spaces-every-region" };

type Block = Record<string, unknown>;

interface Row {
  /** Provider (or Terraform) file at v2.71.0 whose read makes the calls. */
  readonly source: string;
  /** The calls a read (data source) or refresh (managed resource) makes. */
  readonly reads: (block: Block) => readonly Endpoint[];
}

const API: Row["reads"] = () => [{ kind: "api" }];
const NOTHING: Row["reads"] = () => [];
const literalRegion = (value: unknown): string | undefined => (typeof value === "string" && /^[a-z]{3}\d$/.test(value) ? value : undefined);
const spacesRegion = (block: Block): readonly Endpoint[] => [{ kind: "spaces", region: literalRegion(block.region) }];
const DO = (file: string) => `digitalocean/terraform-provider-digitalocean v2.71.0 digitalocean/${file}`;

/** Managed resources: what a refresh of one calls (GET by id on the API unless noted). */
export const RESOURCE_READS: Readonly<Record<string, Row>> = {
  // GET /v2/apps/{id} (client.Apps.Get by the app's id): the API is global, the app's region is not a parameter.
  digitalocean_app: { source: DO("app/resource_app.go"), reads: API },
  digitalocean_cdn: { source: DO("cdn/resource_cdn.go"), reads: API },
  // GET /v2/registries/{name} and GET /v2/registry/subscription (Registries.Get, GetSubscription): by name, account-wide.
  digitalocean_container_registry: { source: DO("registry/resource_container_registry.go"), reads: API },
  digitalocean_certificate: { source: DO("certificate/resource_certificate.go"), reads: API },
  digitalocean_database_cluster: { source: DO("database/resource_database_cluster.go"), reads: API },
  digitalocean_database_connection_pool: { source: DO("database/resource_database_connection_pool.go"), reads: API },
  digitalocean_database_db: { source: DO("database/resource_database_db.go"), reads: API },
  digitalocean_database_firewall: { source: DO("database/resource_database_firewall.go"), reads: API },
  // GET /v2/databases/{source cluster id}/replicas/{name}: the path names the source cluster, not a region.
  digitalocean_database_replica: { source: DO("database/resource_database_replica.go"), reads: API },
  digitalocean_database_user: { source: DO("database/resource_database_user.go"), reads: API },
  digitalocean_domain: { source: DO("domain/resource_domain.go"), reads: API },
  digitalocean_droplet: { source: DO("droplet/resource_droplet.go"), reads: API },
  digitalocean_firewall: { source: DO("firewall/resource_firewall.go"), reads: API },
  digitalocean_loadbalancer: { source: DO("loadbalancer/resource_loadbalancer.go"), reads: API },
  // GET /v2/reserved_ips/{ip}: by address on the global API.
  digitalocean_reserved_ip: { source: DO("reservedip/resource_reserved_ip.go"), reads: API },
  digitalocean_monitor_alert: { source: DO("monitoring/resource_monitor_alert.go"), reads: API },
  digitalocean_project: { source: DO("project/resource_project.go"), reads: API },
  digitalocean_record: { source: DO("domain/resource_record.go"), reads: API },
  // SpacesClient(region) then HeadBucket and the bucket's settings: the bucket region's endpoint.
  digitalocean_spaces_bucket: { source: DO("spaces/resource_spaces_bucket.go"), reads: spacesRegion },
  digitalocean_spaces_bucket_cors_configuration: { source: DO("spaces/resource_spaces_bucket_cors_configuration.go"), reads: spacesRegion },
  // Keys are an API object (/v2/spaces/keys), not a Spaces endpoint; a grant names a bucket, not a region.
  digitalocean_spaces_key: { source: DO("spaces/resource_spaces_key.go"), reads: API },
  digitalocean_tag: { source: DO("tag/resource_tag.go"), reads: API },
  digitalocean_uptime_alert: { source: DO("uptime/resource_uptime_alert.go"), reads: API },
  digitalocean_uptime_check: { source: DO("uptime/resource_uptime_check.go"), reads: API },
  digitalocean_vpc: { source: DO("vpc/resource_vpc.go"), reads: API },
  random_id: { source: "hashicorp/terraform-provider-random v3.7.2 internal/provider/resource_id.go (local, no network)", reads: NOTHING },
  terraform_data: { source: "hashicorp/terraform v1.11 internal/builtin/providers/terraform/resource_data.go (local, no network)", reads: NOTHING },
};

/** Data sources: what a read calls (every plan reads them, -refresh=false or not). */
export const DATA_READS: Readonly<Record<string, Row>> = {
  // Lists the account's clusters (GET /v2/databases, paged) and picks the name: no region parameter.
  // The resource's read (resourceDigitalOceanContainerRegistryRead): the registry by name and the account's subscription.
  digitalocean_container_registry: { source: DO("registry/datasource_container_registry.go"), reads: API },
  digitalocean_database_cluster: { source: DO("database/datasource_database_cluster.go"), reads: API },
  digitalocean_database_ca: { source: DO("database/datasource_database_ca.go"), reads: API },
  digitalocean_database_user: { source: DO("database/datasource_database_user.go"), reads: API },
  digitalocean_domain: { source: DO("domain/datasource_domain.go"), reads: API },
  digitalocean_loadbalancer: { source: DO("loadbalancer/datasource_loadbalancer.go"), reads: API },
  digitalocean_records: { source: DO("domain/datasource_records.go"), reads: API },
  // ListBuckets on every region of SpacesRegions, returning the first error: its `region` filter is
  // applied afterwards, locally (getDigitalOceanBuckets).
  digitalocean_spaces_buckets: { source: DO("spaces/spaces_entities.go (getDigitalOceanBuckets)"), reads: () => [{ kind: "spaces-every-region" }] },
  // The S3 backend's GetObject of the state, on the endpoint its config names.
  terraform_remote_state: {
    source: "hashicorp/terraform v1.11 internal/builtin/providers/terraform/data_source_state.go with internal/backend/remote-state/s3",
    reads: (block) => [{ kind: "spaces", region: endpointRegion((block.config as Block | undefined)?.endpoints) }],
  },
};

/** `{ s3: "https://ams3.digitaloceanspaces.com" }` → ams3. */
function endpointRegion(endpoints: unknown): string | undefined {
  const url = typeof endpoints === "object" && endpoints !== null ? (endpoints as Block).s3 : undefined;
  const m = typeof url === "string" ? /^https:\/\/([a-z]{3}\d)\.digitaloceanspaces\.com\/?$/.exec(url) : null;
  return m?.[1];
}

export interface Call {
  /** `terraform.backend`, `data.digitalocean_domain.dns_zone`, `digitalocean_droplet.app`. */
  readonly address: string;
  readonly endpoint: Endpoint;
  /** The row's source. */
  readonly source: string;
}

/** Every call a plan of the stack makes. Throws on a type without a row. */
export function planCalls(json: Block, options: { readonly refresh: boolean }): Call[] {
  const calls: Call[] = [];
  const backend = ((json.terraform as Block | undefined)?.backend as Block | undefined)?.s3 as Block | undefined;
  if (backend) calls.push({ address: "terraform.backend.s3", endpoint: { kind: "spaces", region: endpointRegion(backend.endpoints) }, source: "hashicorp/terraform v1.11 internal/backend/remote-state/s3" });
  const walk = (section: unknown, rows: Readonly<Record<string, Row>>, prefix: string, what: string) => {
    for (const [type, blocks] of Object.entries((section ?? {}) as Record<string, Record<string, Block>>)) {
      const row = rows[type];
      if (!row) throw new Error(`policy/region-reach.ts has no row for the ${what} ${type}: add one, citing the provider file whose read makes its calls`);
      for (const [name, block] of Object.entries(blocks)) {
        for (const endpoint of row.reads(block)) calls.push({ address: `${prefix}${type}.${name}`, endpoint, source: row.source });
      }
    }
  };
  walk(json.data, DATA_READS, "data.", "data source");
  if (options.refresh) walk(json.resource, RESOURCE_READS, "", "resource type");
  else for (const type of Object.keys((json.resource ?? {}) as Block)) if (!RESOURCE_READS[type]) throw new Error(`policy/region-reach.ts has no row for the resource type ${type}: add one, citing the provider file whose read makes its calls`);
  return calls;
}

/** A stand-in API: undefined when it answers a call, else why it refuses. */
export type StandIn = (endpoint: Endpoint) => string | undefined;

/**
 * Refuses every request addressed to `region` (see the header for what counts): its Spaces
 * endpoint, a listing of every Spaces region, an API request naming it, and any Spaces call whose
 * region the JSON does not say (it cannot be shown to be elsewhere).
 */
export function refusingRegion(region: string): StandIn {
  return (e) => {
    if (e.kind === "spaces-every-region") return `lists the buckets of every Spaces region, ${region}.digitaloceanspaces.com among them`;
    if (e.kind === "spaces") return e.region === undefined ? "calls a Spaces endpoint whose region the JSON does not name" : e.region === region ? `calls ${region}.digitaloceanspaces.com` : undefined;
    return e.region === region ? `asks the API for something in ${region}` : undefined;
  };
}

export interface PlanResult {
  readonly ok: boolean;
  readonly refused: readonly (Call & { readonly why: string })[];
}

/** "Plans" the stack against the stand-in: every call made, every refusal collected. */
export function planAgainst(json: Block, standIn: StandIn, options: { readonly refresh: boolean }): PlanResult {
  const refused = planCalls(json, options).flatMap((c) => {
    const why = standIn(c.endpoint);
    return why === undefined ? [] : [{ ...c, why }];
  });
  return { ok: refused.length === 0, refused };
}
