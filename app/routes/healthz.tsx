import { db } from "../db.server";

// For load balancers and the demo's start-up wait: up, and the database answers.
export const loader = async () => {
  await db().$queryRawUnsafe("SELECT 1");
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
};
