import type { Db } from "../db.server";

export type FixLinkRow = Awaited<ReturnType<Db["fixLink"]["findUniqueOrThrow"]>>;

export async function createFixLink(db: Db, link: { id: string; shop: string; orderId: string; createdBy: string; expiresAt: Date }): Promise<FixLinkRow> {
  return db.fixLink.create({ data: link });
}

export async function fixLinkOf(db: Db, id: string): Promise<FixLinkRow | null> {
  return db.fixLink.findUnique({ where: { id } });
}

/** True the first time the link is opened. */
export async function markFixLinkOpened(db: Db, id: string, at: Date): Promise<boolean> {
  const { count } = await db.fixLink.updateMany({ where: { id, openedAt: null }, data: { openedAt: at } });
  return count === 1;
}

export async function markFixLinkSubmitted(db: Db, id: string, at: Date): Promise<void> {
  await db.fixLink.updateMany({ where: { id }, data: { submittedAt: at } });
}

export async function fixLinksOf(db: Db, orderId: string): Promise<FixLinkRow[]> {
  return db.fixLink.findMany({ where: { orderId }, orderBy: { createdAt: "desc" } });
}
