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

/** Whether a port range (`"80"`, `"1-65535"`, `"all"`) includes `port`. */
export function rangeIncludes(range: Json | undefined, port: number): boolean {
  if (range === undefined || range === null || range === "all" || range === "0") return true;
  const [from, to] = String(range).split("-").map(Number);
  return from! <= port && port <= (to ?? from)!;
}

export const oneOf = (values: readonly string[]): string => values.join(", ");
