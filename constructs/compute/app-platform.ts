import { Construct } from "constructs";
import { Fn, TerraformOutput } from "cdktf";
import { SpacesKey } from "@cdktf/provider-digitalocean/lib/spaces-key";
import type { AppDataService, AppStackValue } from "../../config/app-platform";
import type { AppPlatformConfig, ResolvedAppPlatformEnvironment } from "../../config/types";
import { AppPlatformApp, type AppPlatformAppProps } from "../app-platform";
import type { Database } from "../database";
import type { AddressTransparent } from "../readable-ids";
import type { ComputeInputs, ComputeResult } from "./types";

export interface AppPlatformComputeProps extends ComputeInputs {
  readonly platform: AppPlatformConfig;
  readonly env: ResolvedAppPlatformEnvironment;
}

/**
 * The app on App Platform: one `digitalocean_app` in the stack's VPC, its clusters attached (or,
 * for dr's replica, which App Platform cannot attach, given by reference), a Spaces key for its
 * bucket, and the registry its images come from. The data tier's firewalls admit the app.
 * Address-transparent: its resources are addressed as if at the stack's top level.
 */
export class AppPlatformCompute extends Construct implements AddressTransparent, ComputeResult {
  readonly addressTransparent = true;
  readonly kind = "app-platform";
  readonly projectResources: string[];
  readonly monitoring: ComputeResult["monitoring"];

  constructor(scope: Construct, id: string, props: AppPlatformComputeProps) {
    super(scope, id);
    const { platform, env, naming, data } = props;
    const storage = data.storage;
    // The app's own key to its bucket (readwrite on that bucket only): a secret in state, like the database passwords.
    const key = storage
      ? new SpacesKey(this, "spaces-key", { name: naming.name("app"), grant: [{ bucket: storage.bucket.name, permission: "readwrite" }] })
      : undefined;
    const stackValues: Partial<Record<AppStackValue, string>> = {
      app_url: `https://${env.appHostname}`,
      ...(storage
        ? {
            bucket_name: storage.bucket.name,
            bucket_region: env.region,
            bucket_endpoint: storage.settings.endpoint,
            // The bucket's public files: through the CDN where there is one, else from the bucket itself.
            cdn_endpoint: storage.settings.cdn_url ?? `https://${storage.bucket.bucketDomainName}`,
          }
        : {}),
      ...(key ? { spaces_access_key_id: key.accessKey, spaces_secret_key: key.secretKey } : {}),
    };
    const attach = (service: AppDataService, database: Database, engine: "mysql" | "pg"): AppPlatformAppProps["dataServices"][number] =>
      database.cluster
        ? { service, attach: { clusterName: database.cluster.name, engine, dbName: database.dbName ?? platform.app, dbUser: database.appUser ? database.appUser.name : `${platform.app}_app` } }
        : {
            service,
            values: {
              // The same URL App Platform binds for an attached cluster, over the private host.
              DATABASE_URL: `${engine === "pg" ? "postgresql" : "mysql"}://${database.settings.user}:${Fn.urlencode(database.settings.password)}@${database.settings.host}:${database.settings.port}/${database.settings.name}${engine === "pg" ? "?sslmode=require" : "?ssl-mode=REQUIRED"}`,
              HOSTNAME: database.settings.host,
              PORT: String(database.settings.port),
              USERNAME: database.settings.user,
              PASSWORD: database.settings.password,
              DATABASE: database.settings.name,
              ...(database.settings.ca_certificate ? { CA_CERT: database.settings.ca_certificate } : {}),
            },
          };
    const engine = platform.database.engine;
    const app = new AppPlatformApp(this, "app", {
      naming,
      region: env.region,
      vpcId: props.network.vpc.id,
      compute: platform.compute,
      sizing: env.appPlatform,
      hostnames: env.publicHostnames.map((h) => ({ fqdn: h.fqdn, serves: h.serves, ...(h.redirectTo ? { redirectTo: h.redirectTo } : {}) })),
      appComponent: appComponentOf(platform),
      zone: platform.domain,
      dataServices: [
        attach("database", data.database, engine),
        ...data.extraDatabases.map((d) => attach(`database-${d.purpose}`, d.database, engine)),
        ...(data.cache ? [{ service: "cache" as const, attach: { clusterName: data.cache.cluster.name, engine: "valkey" as const } }] : []),
      ],
      stackValues,
      registry: platform.compute.registry ? { owned: platform.dnsZoneOwner === env.stack } : null,
      alerts: env.alerting ? { emails: props.inputs.alertEmails, slackWebhookUrl: props.inputs.slackWebhookUrl, slackChannel: props.inputs.slackChannel } : null,
      production: props.protect,
    });
    // The app by id, and the stack's VPC range: an app inside a VPC reaches the clusters from its
    // VPC address, which a rule by app id does not match ("`--rule app:<app-id>` only works when NOT
    // using VPC … the database firewall only sees the IP address": DigitalOcean's
    // digitalocean-labs/do-app-platform-skills, skills/managed-db-services/SKILL.md). Nothing else
    // lives in an App Platform stack's VPC but the app and the clusters.
    data.trusted.add({ type: "app", value: app.id }, { type: "ip_addr", value: props.network.vpc.ipRange });
    this.projectResources = [app.urn];
    this.monitoring = { dropletTag: undefined, loadBalancer: undefined, healthPath: healthPathOf(platform), withBackupHeartbeat: false };
    const output = (oid: string, value: string, description: string) => new TerraformOutput(this, oid, { value, description }).overrideLogicalId(oid);
    output("app_id", app.id, "Id of the App Platform app (doctl apps create-deployment <app_id>)");
    output("app_live_url", app.liveUrl, "The app's live URL");
    output("app_default_ingress", app.defaultIngress, "The app's default ondigitalocean.app address");
  }
}

/** The service the "app" hostnames reach: the one with a health check routed under "/api", else the first service. */
function appComponentOf(platform: AppPlatformConfig): string {
  const services = platform.compute.components.filter((c) => c.kind === "service");
  const api = services.find((s) => s.kind === "service" && s.routes.some((r) => r === "/api"));
  return (api ?? services[0])!.name;
}

/**
 * The uptime check's path on the app's hostname: the app service's health path. That name reaches
 * it either through a route of the service that the path starts with (BizSocials: `/up`), or
 * because the name goes to the service alone (ThemeSystem's api.<domain>: constructs/app-platform-spec.ts).
 */
function healthPathOf(platform: AppPlatformConfig): string {
  const name = appComponentOf(platform);
  const service = platform.compute.components.find((c) => c.name === name);
  if (!service || service.kind !== "service") throw new Error(`${platform.app}: no service ${name}`);
  return service.healthCheck.path;
}
