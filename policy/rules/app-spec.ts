/**
 * Reading a `digitalocean_app`'s spec as the rules need it. The provider's schema makes `spec` a
 * list of at most one block (digitalocean/terraform-provider-digitalocean v2.71.0
 * digitalocean/app/resource_app.go: `"spec": TypeList, MaxItems: 1`), and so are its nested
 * single blocks (`health_check`, `autoscaling`, `vpc`); cdktf 0.21 writes them as objects, Terraform
 * JSON accepts either, so every nested block is read both ways. Attribute paths in findings follow
 * the JSON as written: `spec.service[0].health_check.http_path`, or `spec[0]...` for a list.
 */
import type { Block, Json } from "../stack-view";

/** Component lists of an app spec (provider v2.71.0 app_spec.go; API: services, static_sites, workers, jobs, functions). */
export const APP_COMPONENT_KINDS = ["service", "static_site", "worker", "job", "function"] as const;
export type AppComponentKind = (typeof APP_COMPONENT_KINDS)[number];
/** Components that run on instances of a size (`instance_size_slug`, `instance_count`). */
export const SIZED_KINDS: readonly AppComponentKind[] = ["service", "worker", "job"];
/** Components with an `autoscaling` block at provider v2.71.0 (jobs have none). */
export const AUTOSCALED_KINDS: readonly AppComponentKind[] = ["service", "worker"];

export interface Located {
  readonly block: Block;
  /** Attribute path of the block inside the resource. */
  readonly path: string;
}

export interface AppComponent extends Located {
  readonly kind: AppComponentKind;
  /** The component's `name`, or its path when it has none. */
  readonly name: string;
}

function isBlock(value: Json | undefined): value is Block {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `parent.key` as located blocks: a list gives `key[i]`, a single object gives `key`. */
export function located(parent: Block, key: string, path: string): Located[] {
  const value = parent[key];
  const at = path ? `${path}.${key}` : key;
  if (Array.isArray(value)) return value.flatMap((b, i) => (isBlock(b) ? [{ block: b, path: `${at}[${i}]` }] : []));
  return isBlock(value) ? [{ block: value, path: at }] : [];
}

/** The first `parent.key` block (a nested single block), if any. */
export function single(parent: Block, key: string, path: string): Located | undefined {
  return located(parent, key, path)[0];
}

/** The app's spec, or undefined when the resource has none. */
export function appSpec(config: Block): Located | undefined {
  return single(config, "spec", "");
}

/** Every component of the spec, in spec order per kind. */
export function appComponents(spec: Located, kinds: readonly AppComponentKind[] = APP_COMPONENT_KINDS): AppComponent[] {
  return kinds.flatMap((kind) =>
    located(spec.block, kind, spec.path).map((c) => ({ ...c, kind, name: typeof c.block.name === "string" ? c.block.name : c.path })),
  );
}

/** The spec's own env vars and every component's, each with its path. */
export function appEnvVars(spec: Located): Located[] {
  return [...located(spec.block, "env", spec.path), ...appComponents(spec).flatMap((c) => located(c.block, "env", c.path))];
}
