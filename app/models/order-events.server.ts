import type { Db } from "../db.server";
import { describeActor, type Actor } from "../domain/intake";

export interface EventDraft {
  kind: string;
  actor: Actor;
  summary: string;
  details?: Record<string, unknown>;
  /** Work that may run twice writes its event once: a second event with the key is dropped. */
  dedupeKey?: string;
  at?: Date;
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export async function recordEvents(db: Db | Tx, shop: string, orderId: string, drafts: readonly EventDraft[]): Promise<void> {
  for (const draft of drafts) {
    if (draft.dedupeKey && (await db.orderEvent.findUnique({ where: { dedupeKey: draft.dedupeKey }, select: { id: true } }))) continue;
    await db.orderEvent.create({
      data: {
        shop,
        orderId,
        at: draft.at ?? new Date(),
        kind: draft.kind,
        actor: draft.actor.type,
        actorName: describeActor(draft.actor),
        summary: draft.summary,
        details: draft.details ? JSON.stringify(draft.details) : null,
        dedupeKey: draft.dedupeKey ?? null,
      },
    });
  }
}

export async function listOrderEvents(db: Db, shop: string, orderId: string) {
  const rows = await db.orderEvent.findMany({ where: { shop, orderId }, orderBy: [{ at: "desc" }, { id: "desc" }], take: 500 });
  return rows.map((row) => ({ ...row, details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null }));
}
