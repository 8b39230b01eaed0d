/** Subscribing to sources; both writes are idempotent. */
import { db } from "../db";

export class SourceNotFoundError extends Error {
  override name = "SourceNotFoundError";
}

/** Subscribes a member to a source (no-op if already subscribed). */
export async function subscribe(userId: string, sourceId: number): Promise<void> {
  const inserted = await db.$executeRaw`
    INSERT INTO subscriptions ("userId", "sourceId")
    SELECT ${userId}, id FROM sources WHERE id = ${sourceId}
    ON CONFLICT DO NOTHING`;
  if (inserted === 0 && (await db.source.count({ where: { id: sourceId } })) === 0) {
    throw new SourceNotFoundError(`source ${sourceId} not found`);
  }
}

/** Unsubscribes a member from a source (no-op if not subscribed). */
export async function unsubscribe(userId: string, sourceId: number): Promise<void> {
  await db.subscription.deleteMany({ where: { userId, sourceId } });
}
