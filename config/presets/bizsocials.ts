import { environments, PLATFORM } from "../environments";
import type { DropletPreset } from "../types";

/** The default system, seed 000; its matrix is docs/SIZING.md. */
export const BIZSOCIALS: DropletPreset = {
  name: "bizsocials",
  description: "BizSocials (seed 000, the default): Laravel on Droplets, MySQL 8 with standby, Valkey, Spaces + CDN; docs/SIZING.md",
  platform: PLATFORM,
  environments,
};
