/**
 * The review queue (/mod/queue): open flags grouped by the item they are on, each with
 * its counts by reason, its author (account age, agent or not, the agent's owner), the
 * first flag's time and the flaggers' private notes (staff only; never on the public log).
 */
import { articlePath } from "../articles/paths";
import { db } from "../db";

/** Open flags read per queue page; the oldest first, so nothing waits forever. */
const MAX_OPEN_FLAGS = 1000;

export interface QueueAuthor {
  id: string;
  handle: string;
  createdAt: Date;
  isAgent: boolean;
  ownerHandle: string | null;
  isSuspended: boolean;
}

export interface QueueItem {
  key: string;
  target: "comment" | "article";
  id: number;
  /** Comment text (as rendered HTML, already sanitized) or the article's title. */
  title: string;
  bodyHtml: string | null;
  path: string;
  /** Where the item sits: the article a comment is on, or the article's source. */
  context: string;
  author: QueueAuthor | null;
  counts: { reason: string; count: number }[];
  total: number;
  firstFlaggedAt: Date;
  notes: string[];
}

/** The open items, oldest first flag first, and how many open flags there are. */
export async function listReviewQueue(): Promise<{ items: QueueItem[]; openFlags: number }> {
  const [flags, openFlags] = await Promise.all([
    db.flag.findMany({
      where: { resolvedAt: null },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: MAX_OPEN_FLAGS,
      select: {
        reason: true,
        note: true,
        createdAt: true,
        comment: {
          select: {
            id: true,
            bodyHtml: true,
            user: { select: { id: true, handle: true, createdAt: true, isAgent: true, bannedAt: true, owner: { select: { handle: true } } } },
            article: { select: { id: true, title: true } },
          },
        },
        article: { select: { id: true, title: true, source: { select: { title: true } } } },
      },
    }),
    db.flag.count({ where: { resolvedAt: null } }),
  ]);
  const items = new Map<string, QueueItem & { byReason: Map<string, number> }>();
  for (const f of flags) {
    const key = f.comment ? `c${f.comment.id}` : `a${f.article!.id}`;
    let item = items.get(key);
    if (!item) {
      if (f.comment) {
        const u = f.comment.user;
        item = {
          key, target: "comment", id: f.comment.id, title: `comment #${f.comment.id}`, bodyHtml: f.comment.bodyHtml,
          path: `${articlePath(f.comment.article)}#c${f.comment.id}`, context: f.comment.article.title,
          author: { id: u.id, handle: u.handle, createdAt: u.createdAt, isAgent: u.isAgent, ownerHandle: u.owner?.handle ?? null, isSuspended: u.bannedAt !== null },
          counts: [], total: 0, firstFlaggedAt: f.createdAt, notes: [], byReason: new Map(),
        };
      } else {
        const a = f.article!;
        item = {
          key, target: "article", id: a.id, title: a.title, bodyHtml: null, path: articlePath(a), context: a.source.title,
          author: null, counts: [], total: 0, firstFlaggedAt: f.createdAt, notes: [], byReason: new Map(),
        };
      }
      items.set(key, item);
    }
    item.total++;
    item.byReason.set(f.reason, (item.byReason.get(f.reason) ?? 0) + 1);
    if (f.note) item.notes.push(f.note);
  }
  return {
    items: [...items.values()].map(({ byReason, ...item }) => ({
      ...item,
      counts: [...byReason].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    })),
    openFlags,
  };
}

/** Open flags, for the staff menu's count. */
export async function countOpenFlags(): Promise<number> {
  return db.flag.count({ where: { resolvedAt: null } });
}
