/**
 * App Platform stacks for the rule cases, built with the provider's own classes in a cdktf stack
 * and synthesized to JSON, so the cases judge exactly what cdktf writes for a `digitalocean_app`
 * (spec as an object, components as lists), not a hand-written guess of it.
 */
import { App as CdktfApp, TerraformStack } from "cdktf";
import { App, type AppSpec, type AppSpecJob, type AppSpecService, type AppSpecWorker } from "@cdktf/provider-digitalocean/lib/app";
import { APP_INSTANCE_SIZES } from "../../catalog/app-platform";

export const APP = "digitalocean_app.app";

const sizes = Object.entries(APP_INSTANCE_SIZES);
/** A shared-CPU and a dedicated-CPU size of the catalog, whatever its slugs are today. */
export const SHARED = sizes.find(([, p]) => !p.dedicated)![0];
export const DEDICATED = sizes.find(([, p]) => p.dedicated)![0];

const image = (repository: string) => ({ registryType: "DOCR", repository, tag: "v1.2.3" });

export const service = (extra: Partial<AppSpecService> = {}): AppSpecService => ({
  name: "api",
  instanceSizeSlug: SHARED,
  instanceCount: 2,
  httpPort: 8080,
  image: image("api"),
  healthCheck: { httpPath: "/health" },
  ...extra,
});
export const worker = (extra: Partial<AppSpecWorker> = {}): AppSpecWorker => ({ name: "worker", instanceSizeSlug: SHARED, instanceCount: 1, image: image("api"), ...extra });
export const job = (extra: Partial<AppSpecJob> = {}): AppSpecJob => ({ name: "migrate", kind: "PRE_DEPLOY", instanceSizeSlug: SHARED, image: image("api"), runCommand: "npm run migrate", ...extra });
export const staticSite = { name: "web", github: { repo: "acme/web", branch: "main" }, outputDir: "dist" };

export const spec = (extra: Partial<AppSpec> = {}): AppSpec => ({ name: "acme-test", region: "nyc", service: [service()], ...extra });

/**
 * The stack's JSON: `build` adds whatever else the case needs (a VPC, a cluster, variables) and
 * returns the app's spec, which may reference them.
 */
export function appStack(build: AppSpec | ((stack: TerraformStack) => AppSpec)): object {
  const stack = new TerraformStack(new CdktfApp(), "test");
  new App(stack, "app", { spec: typeof build === "function" ? build(stack) : build });
  return stack.toTerraform() as object;
}

/** The same JSON with `spec` written as a one-element list (Terraform JSON's block-list form, which cdktf does not write). */
export function specAsList(json: object): object {
  const copy = JSON.parse(JSON.stringify(json)) as { resource: { digitalocean_app: Record<string, { spec: unknown }> } };
  for (const app of Object.values(copy.resource.digitalocean_app)) app.spec = [app.spec];
  return copy;
}
