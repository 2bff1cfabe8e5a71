import { existsSync } from "node:fs";
import { afterEach, expect, it } from "vitest";
import { sqliteFilePath } from "../../prisma/flavour";
import { createJobQueue } from "../../app/jobs/queue.server";
import { createTestDb, describeEachFlavour, type TestDb } from "./test-db";
import { withAdminClient } from "./vitest-global-setup";

async function exists(t: TestDb): Promise<boolean> {
  if (t.flavour === "sqlite") return existsSync(sqliteFilePath(t.url));
  const name = new URL(t.url).pathname.slice(1);
  const { rows } = await withAdminClient((admin) => admin.query("select 1 from pg_database where datname = $1", [name]));
  return rows.length === 1;
}

await describeEachFlavour("createTestDb", (flavour) => {
  const open: TestDb[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((t) => t.close()));
  });

  async function testDb(): Promise<TestDb> {
    const t = await createTestDb({ flavour });
    open.push(t);
    return t;
  }

  it("GIVEN a new test database THEN it is migrated and empty", async () => {
    const t = await testDb();

    expect(t.flavour).toBe(flavour);
    expect(await t.db.shop.count()).toBe(0);
    expect(await t.db.webhookDelivery.count()).toBe(0);
    expect(await t.db.job.count()).toBe(0);
    expect(await t.db.order.count()).toBe(0);
  });

  it("GIVEN rows in several tables and a queued job WHEN reset() runs THEN all of them are gone", async () => {
    const t = await testDb();
    const runs: string[] = [];
    const queue = createJobQueue({
      db: t.db,
      databaseUrl: t.url,
      tasks: { syncOrder: async (_payload, { jobKey }) => void runs.push(jobKey) },
      log: () => undefined,
    });
    await t.db.shop.create({ data: { domain: "reset.myshopify.com" } });
    await t.db.webhookDelivery.create({
      data: { shop: "reset.myshopify.com", topic: "orders/create", webhookId: "w1", eventId: "e1", apiVersion: "2026-10", payload: "{}" },
    });
    await queue.enqueue("syncOrder", {}, { key: "before-reset" });

    await t.reset();
    await queue.drain();
    await queue.stop();

    expect(await t.db.shop.count()).toBe(0);
    expect(await t.db.webhookDelivery.count()).toBe(0);
    expect(runs).toEqual([]);
  });

  it("GIVEN two test databases WHEN one is closed THEN it is deleted and the other is untouched", async () => {
    const first = await createTestDb({ flavour });
    const second = await testDb();
    expect(first.url).not.toBe(second.url);

    await first.close();

    expect(await exists(first)).toBe(false);
    expect(await exists(second)).toBe(true);
    expect(await second.db.shop.count()).toBe(0);
  });

  if (flavour === "sqlite") {
    it("GIVEN a SQLite test database THEN it runs in WAL mode", async () => {
      const t = await testDb();

      const [mode] = await t.db.$queryRaw<Array<{ journal_mode: string }>>`PRAGMA journal_mode`;

      expect(mode.journal_mode).toBe("wal");
    });
  }
});
