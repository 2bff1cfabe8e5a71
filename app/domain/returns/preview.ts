// The amounts a person confirms: computed by the same functions that later apply them, so the
// preview, the portal's review step and the returnProcess call can never disagree.
import type { ReturnPolicy } from "./policy";
import { prepareReturn, type RequestContext, type ReturnRequest } from "./request";
import {
  checkResolution,
  openReturn,
  priceOutstanding,
  priceResolution,
  type ResolutionAmounts,
  type ResolveLineInput,
  type ReturnDraft,
  type ReturnError,
  type ReturnState,
} from "./return-model";
import type { FieldError, Result, ReturnableOrder } from "./types";

/** Exactly what `resolve` with these lines would pay and charge, or why it would be refused. */
export function previewResolution(state: ReturnState, lines: readonly ResolveLineInput[]): Result<ResolutionAmounts, ReturnError> {
  const checked = checkResolution(state, lines);
  return checked.ok ? { ok: true, value: priceResolution(state, lines) } : checked;
}

export interface ReturnQuote {
  draft: ReturnDraft;
  /** If every requested unit is approved, arrives and is resolved as asked. */
  amounts: ResolutionAmounts;
}

/**
 * The portal's review step: the request checked against every rule and what it would come to.
 * The same check runs again when the customer submits, so a request that skips the portal gets
 * no further than one that uses it.
 */
export function quoteReturn(order: ReturnableOrder, policy: ReturnPolicy, request: ReturnRequest, ctx: RequestContext): Result<ReturnQuote, FieldError[]> {
  const prepared = prepareReturn(order, policy, request, ctx);
  if (!prepared.ok) return prepared;
  const opened = openReturn({ ...prepared.value, id: "quote", at: ctx.now.toISOString() });
  if (!opened.ok) return { ok: false, error: [{ path: "", message: opened.error.message }] };
  return { ok: true, value: { draft: prepared.value, amounts: priceOutstanding(opened.value) } };
}
