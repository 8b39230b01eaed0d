/** What a member muted (every read scoped to that member). */
import { db } from "../db";
import type { FrontMutes } from "../articles/front";

/** The member's mutes as the front page filters by them. */
export async function getFrontMutes(userId: string): Promise<FrontMutes> {
  const [sources, tags] = await Promise.all([
    db.mutedSource.findMany({ where: { userId }, select: { sourceId: true } }),
    db.mutedTag.findMany({ where: { userId }, select: { tag: true } }),
  ]);
  return { sourceIds: sources.map((s) => s.sourceId), tags: tags.map((t) => t.tag) };
}

/** The member's mutes for /me/settings, most recent first. */
export async function listMutes(userId: string): Promise<{ sources: { id: number; slug: string; title: string }[]; tags: string[] }> {
  const [sources, tags] = await Promise.all([
    db.mutedSource.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, select: { source: { select: { id: true, slug: true, title: true } } } }),
    db.mutedTag.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, select: { tag: true } }),
  ]);
  return { sources: sources.map((s) => s.source), tags: tags.map((t) => t.tag) };
}

/** Whether the member muted this source. */
export async function isSourceMuted(userId: string, sourceId: number): Promise<boolean> {
  return (await db.mutedSource.count({ where: { userId, sourceId } })) > 0;
}

/** Whether the member muted this tag. */
export async function isTagMuted(userId: string, tag: string): Promise<boolean> {
  return (await db.mutedTag.count({ where: { userId, tag } })) > 0;
}
