/** Small helpers shared by the rules. */
import type { Json } from "../stack-view";

export const WORLD = ["0.0.0.0/0", "::/0"];

export function isWorld(cidr: Json): boolean {
  return typeof cidr === "string" && WORLD.includes(cidr);
}

export function list(value: Json | undefined): Json[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export const oneOf = (values: readonly string[]): string => values.join(", ");
