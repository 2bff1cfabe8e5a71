import type { Db } from "../db.server";
import { isUniqueViolation } from "./webhook-deliveries.server";

export type DeadLetterRow = Awaited<ReturnType<Db["deadLetter"]["findUniqueOrThrow"]>>;

export interface IncomingDeadLetter {
  shop: string;
  topic: string;
  webhookId: string;
  eventId: string;
  apiVersion: string;
  triggeredAt: Date | null;
  body: string;
  reason: string;
}

/** Keeps a malformed delivery once per (shop, event id), like the inbox keeps good ones. */
export async function storeDeadLetter(db: Db, letter: IncomingDeadLetter): Promise<DeadLetterRow> {
  try {
    return await db.deadLetter.create({ data: letter });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return db.deadLetter.findUniqueOrThrow({ where: { shop_eventId: { shop: letter.shop, eventId: letter.eventId } } });
  }
}

export async function listDeadLetters(db: Db, shop: string, take = 100): Promise<DeadLetterRow[]> {
  return db.deadLetter.findMany({ where: { shop }, orderBy: { receivedAt: "desc" }, take });
}

export async function countOpenDeadLetters(db: Db, shop: string): Promise<number> {
  return db.deadLetter.count({ where: { shop, status: "open" } });
}

export async function deadLetterOf(db: Db, shop: string, id: string): Promise<DeadLetterRow | null> {
  return db.deadLetter.findFirst({ where: { shop, id } });
}

export async function resolveDeadLetter(db: Db, id: string, status: "replayed" | "dismissed", by: string, outcome: string): Promise<void> {
  await db.deadLetter.update({ where: { id }, data: { status, resolvedAt: new Date(), resolvedBy: by, outcome } });
}

export async function noteDeadLetter(db: Db, id: string, outcome: string): Promise<void> {
  await db.deadLetter.update({ where: { id }, data: { outcome } });
}
