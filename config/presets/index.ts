/**
 * The systems of the seeds, expressed by configuration alone. Select one with PLATFORM_PRESET
 * (default bizsocials), and its compute kind with PLATFORM_COMPUTE where it has both (bizsocials:
 * Droplets, or App Platform as its design's first option). ThemeSystem runs on App Platform only.
 */
import { computeKindOf, type ComputeKind, type DropletPreset, type Preset } from "../types";
import { BIZSOCIALS } from "./bizsocials";
import { BIZSOCIALS_APP_PLATFORM } from "./bizsocials-app-platform";
import { BULLETDROP } from "./bulletdrop";
import { FRESHTRACK } from "./freshtrack";
import { QUICKCART } from "./quickcart";
import { THEMESYSTEM } from "./themesystem";

export const PRESETS = {
  bizsocials: BIZSOCIALS,
  quickcart: QUICKCART,
  freshtrack: FRESHTRACK,
  bulletdrop: BULLETDROP,
  themesystem: THEMESYSTEM,
} as const satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
export const DEFAULT_PRESET: PresetName = "bizsocials";

/** The presets on Droplets (what the Droplet-only tools and tests loop over). */
export const DROPLET_PRESET_NAMES = ["bizsocials", "quickcart", "freshtrack", "bulletdrop"] as const satisfies readonly PresetName[];

/** Other compute kinds a preset can be built on, selected with PLATFORM_COMPUTE. */
const VARIANTS: Partial<Record<PresetName, Partial<Record<ComputeKind, Preset>>>> = {
  bizsocials: { "app-platform": BIZSOCIALS_APP_PLATFORM },
};

/** `name` built on `kind`: its own preset when that is its kind, else its variant, else undefined. */
export function presetVariant(name: PresetName, kind: ComputeKind): Preset | undefined {
  const own = PRESETS[name];
  return computeKindOf(own.platform) === kind ? own : VARIANTS[name]?.[kind];
}

export type DropletPresetName = (typeof DROPLET_PRESET_NAMES)[number];

/** The Droplet presets by name, typed as such. */
export const DROPLET_PRESETS: Readonly<Record<DropletPresetName, DropletPreset>> = {
  bizsocials: BIZSOCIALS,
  quickcart: QUICKCART,
  freshtrack: FRESHTRACK,
  bulletdrop: BULLETDROP,
};
