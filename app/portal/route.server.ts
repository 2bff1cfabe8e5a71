import { db } from "../db.server";
import * as returns from "../services/returns.server";
import type { Answer, FlowDeps } from "./flow.server";
import type { PortalContext } from "./proxy.server";
import { portalResponse } from "./views.server";

// What the portal's routes share: the process's dependencies and the answer as Liquid.

export function flowDeps(): FlowDeps {
  return {
    db: db(),
    now: () => new Date(),
    backend: {
      portalOrderView: returns.portalOrderView,
      quoteReturnRequest: returns.quoteReturnRequest,
      submitReturnRequest: returns.submitReturnRequest,
      returnStatusView: returns.returnStatusView,
    },
  };
}

export function respond(answer: Answer): Response {
  if ("redirect" in answer) return new Response(null, { status: 303, headers: { Location: answer.redirect, "Cache-Control": "no-store" } });
  return portalResponse(answer.page, answer.status, answer.retryAfterSeconds ? { "Retry-After": String(answer.retryAfterSeconds) } : {});
}

/** A step's address opened directly (a bookmark, a reload after the session ended): back to the start. */
export function startOver(ctx: PortalContext): Response {
  return new Response(null, { status: 303, headers: { Location: ctx.base } });
}
