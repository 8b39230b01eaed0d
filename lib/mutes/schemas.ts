/** The mute form's fields (lib/mutes/actions.ts). */
import { z } from "zod";

/** Mutes one member may hold, sources and tags together: their front page filters by all of them on every load. */
export const MAX_MUTES = 200;

export const muteFormSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("source"), intent: z.enum(["mute", "unmute"]), sourceId: z.coerce.number().int().positive().max(2_147_483_647) }),
  z.object({ kind: z.literal("tag"), intent: z.enum(["mute", "unmute"]), tag: z.string().min(1).max(100) }),
]);

export type MuteForm = z.output<typeof muteFormSchema>;

/** The notice scope of a mute control, so the control that posted shows the error. */
export function muteScope(kind: "source" | "tag", target: number | string): string {
  return `mute:${kind}:${String(target).slice(0, 80)}`;
}
