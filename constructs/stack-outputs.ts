import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { DataTier } from "./data-tier";

/**
 * The outputs every stack has, whatever runs the app: its URL and where its data lives. Compute
 * adds its own (Droplets: the addresses and settings `npm run deploy` reads; App Platform: the app).
 */
export function stackOutputs(scope: Construct, appHostname: string, data: DataTier): void {
  const output = (id: string, value: string, description: string, sensitive = false) =>
    new TerraformOutput(scope, id, { value, description, sensitive }).overrideLogicalId(id);
  output("app_url", `https://${appHostname}`, "Public URL of the app");
  const { database, cache, storage } = data;
  output("database_private_host", database.privateHost, "Private (VPC) host of the database cluster or replica");
  if (database.appUser) output("database_app_password", database.appUser.password, "Password of the application database user", true);
  // The runtimes' settings have one database host (runtimes/types.ts DatabaseSettings): the read
  // node is for the app to use once it routes reads, so it is an output only, not in app_settings.
  if (database.readReplica) output("database_replica_private_host", database.readReplica.replica.privateHost, "Private (VPC) host of the main database's read-only node (not in app_settings: the runtimes take one database host)");
  if (database.pool) output("database_pool_private_host", database.pool.privateHost, "Private (VPC) host of the app's connection pool (connect here)");
  for (const { purpose, database: extra } of data.extraDatabases) {
    output(`database_${purpose}_private_host`, extra.privateHost, `Private (VPC) host of the ${purpose} database cluster`);
    if (extra.appUser) output(`database_${purpose}_app_password`, extra.appUser.password, `Password of the application user of the ${purpose} database`, true);
  }
  if (cache) {
    output("cache_private_host", cache.cluster.privateHost, "Private (VPC) host of the Valkey cache");
    output("cache_password", cache.cluster.password, "Password of the Valkey default user", true);
  }
  if (storage) output("bucket_name", storage.bucket.name, "Spaces bucket name");
  if (storage?.cdn) output("cdn_endpoint", `https://${storage.cdnHostname}`, "CDN URL for the bucket");
}
