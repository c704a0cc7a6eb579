/**
 * Types of an App Platform preset: what the app is made of (platform-wide) and how big each part is
 * per stack (one SIZING.md column each). Nothing here knows about cdktf; constructs/app-platform.ts
 * turns it into one `digitalocean_app`. Sizes are typed from catalog/app-platform.ts, so a typo fails
 * to compile (and config/validate.ts names it when a preset is built from untyped data).
 */
import type { AppInstanceSize, RegistryTier } from "../catalog/app-platform";

/** Where a component's code comes from. */
export type AppSource =
  /**
   * An image in the platform's container registry, `registry.digitalocean.com/<registry>/<repository>`.
   * The tag is the release: the stack's `release` variable (never `latest`), as for the container runtime.
   */
  | { readonly kind: "image"; readonly repository: string }
  /** A GitHub repository built by App Platform (static sites and functions cannot run an image). */
  | {
      readonly kind: "github";
      readonly repo: string;
      readonly branch: string;
      readonly sourceDir?: string;
      readonly buildCommand?: string;
      /** Rebuild on every push to `branch` (off: a release is `doctl apps create-deployment`). */
      readonly deployOnPush: boolean;
    };

/**
 * An environment variable of a component. Nothing secret is ever a literal: a secret comes from a
 * Terraform reference or from a sensitive Terraform variable the deployer sets (TF_VAR_<name>).
 */
export type AppEnvVar =
  /** A plain, non-secret value. */
  | { readonly key: string; readonly value: string }
  /** A bindable variable of an attached data service: `${<service>.<variable>}` (DATABASE_URL, HOSTNAME, PORT, USERNAME, PASSWORD, DATABASE, CA_CERT). */
  | { readonly key: string; readonly bind: { readonly service: AppDataService; readonly variable: AppBindableVariable } }
  /** A value of this stack's own resources (the bucket, its CDN, the app's Spaces key). */
  | { readonly key: string; readonly stack: AppStackValue }
  /** A secret from the deployer's secret store: sensitive variable `<secretVariable>` (TF_VAR_<secretVariable>). */
  | { readonly key: string; readonly secretVariable: string };

/** The stack's data services a component can bind: the main database, an extra one by purpose, the cache. */
export type AppDataService = "database" | "cache" | `database-${string}`;

export const APP_BINDABLE_VARIABLES = ["DATABASE_URL", "HOSTNAME", "PORT", "USERNAME", "PASSWORD", "DATABASE", "CA_CERT"] as const;
export type AppBindableVariable = (typeof APP_BINDABLE_VARIABLES)[number];

/**
 * Values of the stack's own resources a component can read. `cdn_endpoint` is the public URL of the
 * bucket's files: through the CDN where the stack has one, else the bucket's own address.
 */
export const APP_STACK_VALUES = ["bucket_name", "bucket_region", "bucket_endpoint", "cdn_endpoint", "spaces_access_key_id", "spaces_secret_key", "app_url"] as const;
export type AppStackValue = (typeof APP_STACK_VALUES)[number];

/** The stack values that are secrets (given as `type = "SECRET"`). */
export const SECRET_STACK_VALUES: readonly AppStackValue[] = ["spaces_secret_key"];

export interface AppHealthCheck {
  /** HTTP path answered with 2xx once the component is ready. */
  readonly path: string;
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly failureThreshold?: number;
}

interface ComponentBase {
  /** Component name: lowercase letters, digits and `-`, 2–32 characters, starting with a letter. */
  readonly name: string;
  readonly source: AppSource;
  readonly env?: readonly AppEnvVar[];
}

/** An HTTP service behind App Platform's load balancer. */
export interface AppServiceConfig extends ComponentBase {
  readonly kind: "service";
  readonly httpPort: number;
  /** Path prefixes routed to this service (ingress rules). */
  readonly routes: readonly string[];
  /** Required: the app answers it once ready (rule DO-APP-1). */
  readonly healthCheck: AppHealthCheck;
  readonly runCommand?: string;
}

/** Static files built from source and served by App Platform's CDN. */
export interface AppStaticSiteConfig extends ComponentBase {
  readonly kind: "static_site";
  readonly routes: readonly string[];
  readonly outputDir: string;
  /** Page served for unknown paths (a single-page app's index.html). */
  readonly catchallDocument?: string;
}

/** A background process without HTTP (queue workers, the scheduler). */
export interface AppWorkerConfig extends ComponentBase {
  readonly kind: "worker";
  readonly runCommand?: string;
}

/** A one-off run around a deployment (the provider's job block at v2.71.0 has no schedule, though App Platform has cron jobs). */
export interface AppJobConfig extends ComponentBase {
  readonly kind: "job";
  readonly when: "PRE_DEPLOY" | "POST_DEPLOY" | "FAILED_DEPLOY";
  readonly runCommand: string;
}

/** Serverless functions built from source (App Platform functions cannot run an image). */
export interface AppFunctionsConfig extends ComponentBase {
  readonly kind: "function";
  readonly routes: readonly string[];
}

export type AppComponentConfig = AppServiceConfig | AppStaticSiteConfig | AppWorkerConfig | AppJobConfig | AppFunctionsConfig;
export type AppComponentKind = AppComponentConfig["kind"];

/**
 * App Platform settings shared by every stack of the preset: the components and the registry.
 * Which stack owns the registry follows the DNS zone's owner (one registry per account).
 */
export interface AppPlatformComputeConfig {
  readonly kind: "app-platform";
  readonly components: readonly AppComponentConfig[];
  /** The platform's container registry (`digitalocean_container_registry`), or null when every source is GitHub. */
  readonly registry: { readonly name: string; readonly tier: RegistryTier } | null;
}

/** How many instances a component runs in one stack. */
export type AppScaling =
  | { readonly count: number }
  /** Autoscaling between min and max instances at a target CPU percent (dedicated sizes only). */
  | { readonly autoscale: { readonly min: number; readonly max: number; readonly cpuPercent: number } };

/** Size and count of one sized component in one stack (one pair of SIZING.md rows). */
export type AppComponentSizing = { readonly size: AppInstanceSize } & AppScaling;

/** The App Platform part of one stack's column: every sized component, by name. */
export interface AppPlatformSizing {
  readonly components: Readonly<Record<string, AppComponentSizing>>;
}
