import type { Db } from "../db.server";

/** Called after every successful auth: the app is installed on this shop as of now. */
export async function recordInstall(db: Db, shop: string, at = new Date()): Promise<void> {
  await db.shop.upsert({
    where: { domain: shop },
    create: { domain: shop, installedAt: at },
    update: { installedAt: at, uninstalledAt: null },
  });
}

/**
 * app/uninstalled: the shop's tokens are dead; drop them and remember when it left. A late
 * delivery of an uninstall that happened before the latest install is ignored, so it cannot
 * delete the sessions of the reinstalled app.
 */
export async function recordUninstall(db: Db, shop: string, at: Date): Promise<"uninstalled" | "stale"> {
  const current = await db.shop.findUnique({ where: { domain: shop } });
  if (current && current.installedAt > at) return "stale";
  await db.$transaction([
    db.session.deleteMany({ where: { shop } }),
    db.shop.upsert({
      where: { domain: shop },
      create: { domain: shop, uninstalledAt: at },
      update: { uninstalledAt: at },
    }),
  ]);
  return "uninstalled";
}
