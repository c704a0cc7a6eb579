import { Construct } from "constructs";
import { TerraformVariable, Token, VariableType } from "cdktf";
import { App, type AppSpecFunction, type AppSpecJob, type AppSpecService, type AppSpecServiceImage, type AppSpecStaticSite, type AppSpecWorker } from "@cdktf/provider-digitalocean/lib/app";
import { ContainerRegistry } from "@cdktf/provider-digitalocean/lib/container-registry";
import { DataDigitaloceanContainerRegistry } from "@cdktf/provider-digitalocean/lib/data-digitalocean-container-registry";
import { APP_PLATFORM_REGION_OF } from "../catalog/app-platform";
import type { Region } from "../catalog/regions";
import type { AppComponentConfig, AppComponentSizing, AppPlatformComputeConfig, AppPlatformSizing, AppSource, AppStackValue } from "../config/app-platform";
import type { Naming } from "../config/naming";
import type { AddressTransparent } from "./readable-ids";
import {
  appAlerts,
  attachedDatabases,
  componentAlerts,
  componentEnv,
  domains,
  ingressRules,
  type AlertDestinations,
  type AppDataServiceInput,
  type AppHostname,
} from "./app-platform-spec";

export type { AppDataServiceInput, AppHostname } from "./app-platform-spec";

export interface AppPlatformAppProps {
  readonly naming: Naming;
  /** The stack's Droplet/VPC datacenter (fra1); spec.region is App Platform's region for it (fra). */
  readonly region: Region;
  /** The stack's VPC: spec.vpc, so the app reaches the databases over the private network. */
  readonly vpcId: string;
  readonly compute: AppPlatformComputeConfig;
  readonly sizing: AppPlatformSizing;
  /** The preset's hostnames in declared order; "cdn" ones are the CDN's and skipped. */
  readonly hostnames: readonly AppHostname[];
  /** The component the "app" role means (the API). */
  readonly appComponent: string;
  /** The DNS zone (the domain) App Platform writes the records and certificates in. */
  readonly zone: string;
  readonly dataServices: readonly AppDataServiceInput[];
  /** Terraform references the stack provides (bucket, CDN, Spaces key, app URL). */
  readonly stackValues: Partial<Record<AppStackValue, string>>;
  /** Create the registry (owned) or read it (another stack owns it); null: no registry. */
  readonly registry: { readonly owned: boolean } | null;
  /** Where alerts go (a sensitive Slack URL is a reference, possibly empty); null: no alerts (dev). */
  readonly alerts: { readonly emails: string[]; readonly slackWebhookUrl?: string; readonly slackChannel?: string } | null;
  readonly production: boolean;
}

const APP_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
/** A Docker tag (not `latest`) or a sha256 digest. Terraform's regex is RE2: no lookahead, so `latest` is refused apart. */
export const RELEASE_PATTERN = "^(sha256:[0-9a-f]{64}|[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$";

/**
 * One App Platform app (`digitalocean_app`) with every component of the preset, in the stack's
 * VPC, and the container registry its images come from.
 *
 * ForceNew (what replaces instead of updating), provider v2.71.0:
 * - digitalocean_app: only `project_id` (digitalocean/app/resource_app.go @b49e278: `ForceNew: true`
 *   on project_id and nothing else). `spec` (name, region, components, domains, vpc, …) is updated
 *   in place: Update sends the whole spec with `Apps.Update` and waits for the deployment it
 *   starts, so any spec change is a redeployment, not a replacement (app_spec.go: no ForceNew in
 *   the spec schema: read whole at @05da840, a version after v2.71.0; @9771ad9 is much older).
 * - digitalocean_container_registry: `name` and `region` (digitalocean/registry/
 *   resource_container_registry.go @48a186e); `subscription_tier_slug` updates in place.
 */
export class AppPlatformApp extends Construct implements AddressTransparent {
  /** Its resources are addressed by their own ids (`digitalocean_app.app`, `digitalocean_container_registry.registry`). */
  readonly addressTransparent = true;
  readonly app: App;
  readonly id: string;
  readonly urn: string;
  readonly defaultIngress: string;
  readonly liveUrl: string;
  /** The image tag or `sha256:` digest every image component runs (TF_VAR_release); null without image sources. */
  readonly releaseVariable: TerraformVariable | null;
  readonly registry: ContainerRegistry | DataDigitaloceanContainerRegistry | null = null;
  private readonly secrets = new Map<string, TerraformVariable>();

  constructor(scope: Construct, id: string, props: AppPlatformAppProps) {
    super(scope, id);
    const name = props.naming.name("app");
    if (!APP_NAME.test(name)) {
      throw new Error(`App Platform app name ${JSON.stringify(name)} (<app>-<stack>-app) is not allowed; allowed: 2–32 lowercase letters, digits and dashes, starting with a letter (app_spec.yml name: ${APP_NAME.source}); shorten the platform's app name`);
    }
    const region = APP_PLATFORM_REGION_OF[props.region];
    if (!region) {
      throw new Error(`App Platform has no region for datacenter ${props.region}; allowed: ${Object.keys(APP_PLATFORM_REGION_OF).join(", ")} (catalog/app-platform.ts APP_PLATFORM_REGION_OF)`);
    }
    const images = props.compute.components.filter((c) => c.source.kind === "image");
    if (images.length > 0 && (props.compute.registry === null || props.registry === null)) {
      throw new Error(`App Platform components ${images.map((c) => c.name).join(", ")} run images, but ${props.compute.registry === null ? "compute.registry is null" : "this stack was given no registry"}; images come from the platform's container registry`);
    }
    if (props.registry && props.compute.registry) {
      const { name: registryName, tier } = props.compute.registry;
      this.registry = props.registry.owned
        ? // No region: the registry is account-wide and not every datacenter hosts one (`doctl registry options
          // available-regions`); left out, DigitalOcean picks one ("When not provided, a region will be selected
          // automatically", docs resources/container_registry) and region, Optional+Computed, shows no diff.
          new ContainerRegistry(this, "registry", { name: registryName, subscriptionTierSlug: tier, ...(props.production ? { lifecycle: { preventDestroy: true } } : {}) })
        : new DataDigitaloceanContainerRegistry(this, "registry", { name: registryName });
    }
    this.releaseVariable = images.length > 0 ? this.declareRelease() : null;

    const envCtx = { dataServices: props.dataServices, stackValues: props.stackValues, secretVariable: (n: string) => this.secretVariable(n) };
    const destinations = props.alerts ? this.destinations(props.alerts) : null;
    const service: AppSpecService[] = [];
    const worker: AppSpecWorker[] = [];
    const job: AppSpecJob[] = [];
    const staticSite: AppSpecStaticSite[] = [];
    const fn: AppSpecFunction[] = [];
    for (const c of props.compute.components) {
      const env = componentEnv(c, envCtx);
      switch (c.kind) {
        case "service":
          service.push({
            name: c.name,
            httpPort: c.httpPort,
            runCommand: c.runCommand,
            ...this.source(c),
            ...scaling(c, props.sizing, true),
            env,
            healthCheck: {
              httpPath: c.healthCheck.path,
              initialDelaySeconds: c.healthCheck.initialDelaySeconds,
              periodSeconds: c.healthCheck.periodSeconds,
              timeoutSeconds: c.healthCheck.timeoutSeconds,
              failureThreshold: c.healthCheck.failureThreshold,
            },
            alert: destinations ? componentAlerts(destinations) : undefined,
          });
          break;
        case "worker":
          // Left out of this stack's sizing: it does not run here (config/validate-app-platform.ts).
          if (props.sizing.components[c.name] === undefined) break;
          worker.push({ name: c.name, runCommand: c.runCommand, ...this.source(c), ...scaling(c, props.sizing, true), env, alert: destinations ? componentAlerts(destinations) : undefined });
          break;
        case "job":
          if (props.sizing.components[c.name] === undefined) break;
          job.push({ name: c.name, kind: c.when, runCommand: c.runCommand, ...this.source(c), ...scaling(c, props.sizing, false), env });
          break;
        case "static_site":
          // Not instance-billed: no instance_size_slug or count in the static site schema (app_static_site_spec.yml).
          staticSite.push({ name: c.name, ...builtFromSource(c), outputDir: c.outputDir, catchallDocument: c.catchallDocument, env });
          break;
        case "function": {
          // The provider's function block has source_dir and a git source but no build_command
          // (app_spec.go appSpecComponentBase: build_command for all components except functions).
          const { buildCommand, ...source } = builtFromSource(c);
          if (buildCommand !== undefined) {
            throw new Error(`App Platform function ${c.name}: source.buildCommand cannot be expressed: the provider's function block has no build_command (terraform-provider-digitalocean digitalocean/app/app_spec.go, appSpecComponentBase); build in the functions' project.yml instead`);
          }
          fn.push({ name: c.name, ...source, env });
          break;
        }
      }
    }

    this.app = new App(this, "app", {
      spec: {
        name,
        region,
        vpc: [{ id: props.vpcId }],
        domain: domains(props.hostnames, props.zone),
        ingress: { rule: ingressRules(props.compute.components, props.hostnames, props.appComponent) },
        // Empty lists are left out: zero blocks either way, and the plan reads shorter.
        database: nonEmpty(attachedDatabases(props.dataServices)),
        service: nonEmpty(service),
        worker: nonEmpty(worker),
        job: nonEmpty(job),
        staticSite: nonEmpty(staticSite),
        function: nonEmpty(fn),
        alert: destinations ? appAlerts(destinations) : undefined,
      },
      dependsOn: this.registry instanceof ContainerRegistry ? [this.registry] : undefined,
      lifecycle: props.production ? { preventDestroy: true } : undefined,
    });
    if (props.alerts) this.addSlack(this.app, props.alerts, { alert: appAlerts({ emails: [] }), service, worker });
    this.id = this.app.id;
    this.urn = this.app.urn;
    this.defaultIngress = this.app.defaultIngress;
    this.liveUrl = this.app.liveUrl;
  }

  /**
   * The release every image component runs: a tag (`v1.4.2`) or a digest (`sha256:…`), never
   * `latest` (which changes under a running app, as for the container runtime).
   */
  private declareRelease(): TerraformVariable {
    const v = new TerraformVariable(this, "release", {
      type: VariableType.STRING,
      nullable: false,
      description: "The image tag (e.g. v1.4.2) or sha256: digest every App Platform image component runs; applying a new value deploys it. Never latest.",
      validation: [
        {
          condition: `\${var.release != "latest" && can(regex("${RELEASE_PATTERN}", var.release))}`,
          errorMessage: "release must be a Docker image tag other than latest (letters, digits, _ . -, at most 128 characters, e.g. v1.4.2) or a digest sha256:<64 lowercase hex digits>.",
        },
      ],
    });
    v.overrideLogicalId("release");
    return v;
  }

  private secretVariable(name: string): string {
    if (name === "release") throw new Error(`App Platform secretVariable "release" is taken by the image release; choose another name`);
    let v = this.secrets.get(name);
    if (!v) {
      v = new TerraformVariable(this, `secret-${name}`, {
        type: VariableType.STRING,
        nullable: false,
        sensitive: true,
        description: `Secret environment variable of the App Platform app, from the deployer's secret store (TF_VAR_${name}).`,
      });
      v.overrideLogicalId(name);
      this.secrets.set(name, v);
    }
    return v.stringValue;
  }

  private source(c: AppComponentConfig): Pick<AppSpecService, "image" | "github" | "sourceDir" | "buildCommand"> {
    if (c.source.kind === "github") return builtFromSource(c);
    const release = this.releaseVariable!.fqn;
    const image: AppSpecServiceImage = {
      registryType: "DOCR",
      repository: c.source.repository,
      // A digest goes to `digest`, a tag to `tag`: the API takes one of them (apps_image_source_spec.yml).
      digest: `\${startswith(${release}, "sha256:") ? ${release} : null}`,
      tag: `\${startswith(${release}, "sha256:") ? null : ${release}}`,
      // A release is an apply (or doctl apps create-deployment), not a push.
      deployOnPush: [{ enabled: false }],
    };
    return { image };
  }

  private destinations(alerts: NonNullable<AppPlatformAppProps["alerts"]>): AlertDestinations {
    if (alerts.slackWebhookUrl !== undefined && alerts.slackChannel === undefined) {
      throw new Error("App Platform alerts: slackWebhookUrl needs slackChannel (the provider's slack_webhooks.channel is required: app_spec.go alertDestinationsSchema)");
    }
    return { emails: alerts.emails };
  }

  /**
   * The Slack webhook is a sensitive reference that may be empty (e-mail only), so each alert's
   * `destinations` gets a `dynamic "slack_webhooks"` block that exists only when it is set. cdktf
   * cannot render a dynamic block this deep (dynamicBlockNotSupported), so it is an override.
   */
  private addSlack(app: App, alerts: NonNullable<AppPlatformAppProps["alerts"]>, spec: { alert?: unknown[]; service: { alert?: unknown }[]; worker: { alert?: unknown }[] }): void {
    if (alerts.slackWebhookUrl === undefined) return;
    const url = alerts.slackWebhookUrl;
    // A token (a variable's stringValue) renders bare inside an expression; a literal `${…}` reference is unwrapped.
    const expr = Token.isUnresolved(url) ? url : (/^\$\{(.+)\}$/.exec(url)?.[1] ?? JSON.stringify(url));
    const block = {
      // Whether a webhook is set is not secret; the URL stays sensitive inside the block.
      for_each: `\${nonsensitive(${expr} == "" ? [] : ["slack"])}`,
      content: { channel: alerts.slackChannel, url },
    };
    const paths = [
      ...(spec.alert ?? []).map((_, i) => `spec.alert.${i}`),
      ...(["service", "worker"] as const).flatMap((kind) => spec[kind].flatMap((c, ci) => ((c.alert ?? []) as unknown[]).map((_, ai) => `spec.${kind}.${ci}.alert.${ai}`))),
    ];
    for (const path of paths) app.addOverride(`${path}.destinations.dynamic.slack_webhooks`, block);
  }
}

const nonEmpty = <T>(list: T[]): T[] | undefined => (list.length > 0 ? list : undefined);

/** Static sites and functions: built by App Platform from GitHub (they cannot run an image). */
function builtFromSource(c: AppComponentConfig): Pick<AppSpecStaticSite, "github" | "sourceDir" | "buildCommand"> {
  const s: AppSource = c.source;
  if (s.kind !== "github") {
    throw new Error(`App Platform ${c.kind} ${c.name}: source.kind = "image" cannot be expressed: a ${c.kind} is built from source (the provider's ${c.kind} block has no image: terraform-provider-digitalocean digitalocean/app/app_spec.go); give a github source`);
  }
  return { github: { repo: s.repo, branch: s.branch, deployOnPush: s.deployOnPush }, sourceDir: s.sourceDir, buildCommand: s.buildCommand };
}

/** instance_size_slug and instance_count, or autoscaling (services and workers) without instance_count. */
function scaling(c: AppComponentConfig, sizing: AppPlatformSizing, canAutoscale: boolean): Pick<AppSpecService, "instanceSizeSlug" | "instanceCount" | "autoscaling"> {
  const s: AppComponentSizing | undefined = sizing.components[c.name];
  if (!s) throw new Error(`App Platform ${c.kind} ${c.name} has no size in this stack's appPlatform.components; sized: ${Object.keys(sizing.components).join(", ") || "none"}`);
  if ("count" in s) return { instanceSizeSlug: s.size, instanceCount: s.count };
  if (!canAutoscale) throw new Error(`App Platform ${c.kind} ${c.name}: autoscale cannot be expressed for a ${c.kind} (the provider's job block has no autoscaling); give a count`);
  return {
    instanceSizeSlug: s.size,
    autoscaling: { minInstanceCount: s.autoscale.min, maxInstanceCount: s.autoscale.max, metrics: { cpu: { percent: s.autoscale.cpuPercent } } },
  };
}
