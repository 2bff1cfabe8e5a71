import { renderToStaticMarkup } from "react-dom/server";
import type { ReactNode } from "react";

// The portal's pages, rendered on the server as Liquid the shop's theme wraps (Content-Type
// application/liquid through the App Proxy). Plain forms that post back through the proxy, so the
// whole path works without JavaScript; the one script only moves focus to the error summary.

export interface FieldError {
  path: string;
  message: string;
}

export interface PortalForm {
  /** The storefront path of the portal (the proxy's path_prefix), e.g. /apps/returns. */
  base: string;
  session: string;
  csrf: string;
}

export interface LineChoice {
  id: string;
  title: string;
  sku: string | null;
  quantity: number;
  eligible: boolean;
  returnableQuantity: number;
  returnBy: string | null;
  notEligibleBecause: string[];
}

export interface ReasonChoice {
  code: string;
  label: string;
  requiresNote: boolean;
  requiresPhoto: boolean;
}

export interface VariantChoice {
  variantId: string;
  title: string;
  price: string;
  available: number;
}

export interface ReviewLine {
  title: string;
  quantity: number;
  reason: string;
  resolution: string;
}

export interface ReviewAmount {
  label: string;
  amount: string;
  emphasis?: boolean;
}

export type PortalPage =
  | {
      kind: "lookup";
      form: PortalForm;
      heading: string;
      values: { orderNumber: string; contact: string };
      errors: FieldError[];
      customerOrders: { id: string; name: string; placedAt: string; total: string }[] | null;
    }
  | {
      kind: "items";
      form: PortalForm;
      orderName: string;
      lines: LineChoice[];
      reasons: ReasonChoice[];
      resolutions: { value: string; label: string }[];
      values: Record<string, string>;
      errors: FieldError[];
    }
  | {
      kind: "exchange";
      form: PortalForm;
      orderName: string;
      picks: { lineId: string; title: string; quantity: number; variants: VariantChoice[] }[];
      values: Record<string, string>;
      errors: FieldError[];
    }
  | { kind: "delivery"; form: PortalForm; orderName: string; values: Record<string, string>; errors: FieldError[]; earliestDate: string; latestDate: string }
  | {
      kind: "review";
      form: PortalForm;
      orderName: string;
      lines: ReviewLine[];
      replacements: { title: string; quantity: number; price: string }[];
      delivery: string;
      amounts: ReviewAmount[];
      review: string | null;
      errors: FieldError[];
    }
  | {
      kind: "status";
      orderName: string;
      status: string;
      timeline: { at: string; message: string }[];
      delivery: string | null;
      labelUrl: string | null;
      tracking: { carrier: string | null; number: string; url: string | null } | null;
      statusUrl: string;
      base: string;
      justSubmitted: boolean;
    }
  | { kind: "message"; heading: string; text: string; base: string };

const STYLE = `
.orderflow-portal { max-width: 44rem; margin: 2rem auto; padding: 0 1rem; box-sizing: border-box; overflow-wrap: break-word; }
.orderflow-portal *, .orderflow-portal *::before, .orderflow-portal *::after { box-sizing: inherit; }
.orderflow-portal h1 { margin: 0 0 .5rem; }
.orderflow-portal .of-steps { display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding: 0; margin: 0 0 1.5rem; list-style: none; font-size: .9em; opacity: .8; }
.orderflow-portal .of-steps [aria-current] { font-weight: 700; opacity: 1; }
.orderflow-portal fieldset { border: 1px solid rgba(127,127,127,.45); border-radius: .5rem; padding: 1rem; margin: 0 0 1rem; min-width: 0; }
.orderflow-portal legend { font-weight: 700; padding: 0 .25rem; }
.orderflow-portal label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
.orderflow-portal .of-inline { display: flex; align-items: center; gap: .5rem; font-weight: 400; margin: .5rem 0; }
.orderflow-portal input[type=text], .orderflow-portal input[type=url], .orderflow-portal input[type=email], .orderflow-portal input[type=date], .orderflow-portal input[type=number], .orderflow-portal select, .orderflow-portal textarea {
  width: 100%; min-height: 44px; padding: .5rem .75rem; font: inherit; color: inherit; background: transparent; border: 1px solid currentColor; border-radius: .375rem; }
.orderflow-portal input[type=radio], .orderflow-portal input[type=checkbox] { width: 1.25rem; height: 1.25rem; flex: none; }
.orderflow-portal .of-hint { font-size: .9em; opacity: .8; margin: .25rem 0; }
.orderflow-portal .of-error { color: #b3261e; font-weight: 600; margin: .25rem 0; }
.orderflow-portal [aria-invalid=true] { border-color: #b3261e; border-width: 2px; }
.orderflow-portal .of-summary { border: 2px solid #b3261e; border-radius: .5rem; padding: 1rem; margin: 0 0 1.5rem; }
.orderflow-portal .of-summary:focus { outline: 3px solid #b3261e; outline-offset: 2px; }
.orderflow-portal .of-summary h2 { margin: 0 0 .5rem; font-size: 1.1em; }
.orderflow-portal .of-summary a { color: #b3261e; }
.orderflow-portal .of-button { display: inline-block; min-height: 44px; padding: .75rem 1.5rem; border: 0; border-radius: .5rem; background: rgb(var(--color-button, 31, 31, 31)); color: rgb(var(--color-button-text, 255, 255, 255)); font: inherit; font-weight: 700; cursor: pointer; text-decoration: none; }
.orderflow-portal .of-button:focus-visible, .orderflow-portal a:focus-visible, .orderflow-portal input:focus-visible, .orderflow-portal select:focus-visible, .orderflow-portal textarea:focus-visible { outline: 3px solid currentColor; outline-offset: 2px; }
.orderflow-portal .of-line { border-top: 1px solid rgba(127,127,127,.35); padding: .75rem 0; }
.orderflow-portal .of-line:first-of-type { border-top: 0; }
.orderflow-portal .of-muted { opacity: .75; }
.orderflow-portal table { width: 100%; border-collapse: collapse; margin: 0 0 1rem; }
.orderflow-portal th, .orderflow-portal td { text-align: left; padding: .5rem .25rem; border-bottom: 1px solid rgba(127,127,127,.35); vertical-align: top; }
.orderflow-portal td.of-amount, .orderflow-portal th.of-amount { text-align: right; white-space: nowrap; }
.orderflow-portal .of-total td { font-weight: 700; }
.orderflow-portal ol.of-timeline { padding-left: 1.25rem; }
.orderflow-portal ol.of-timeline li { margin: 0 0 .5rem; }
@media (max-width: 480px) {
  .orderflow-portal { margin: 1rem auto; padding: 0 .75rem; }
  .orderflow-portal .of-button { width: 100%; text-align: center; }
  .orderflow-portal fieldset { padding: .75rem; }
}
`;

/**
 * With JavaScript: the keyboard and screen reader land on the error summary when a form comes back
 * with errors, and a line's questions (or the pickup address) show once the box (or radio) that
 * asks for them is chosen. Without it every field simply shows.
 */
const ENHANCE_SCRIPT = `(function () {
  var summary = document.getElementById("of-errors");
  if (summary) summary.focus();
  var toggles = document.querySelectorAll("[data-of-reveal]");
  function update() {
    toggles.forEach(function (control) {
      var target = document.getElementById(control.getAttribute("data-of-reveal"));
      if (target) target.hidden = !control.checked;
    });
  }
  document.addEventListener("change", update);
  update();
})();`;

const STEPS = [
  { kind: "lookup", label: "Find your order" },
  { kind: "items", label: "Items" },
  { kind: "exchange", label: "Exchange" },
  { kind: "delivery", label: "Send back" },
  { kind: "review", label: "Review" },
] as const;

/** The id of the control a field path names ("lines.0.quantity" → "of-lines-0-quantity"). */
export function fieldId(path: string): string {
  return `of-${path.replace(/[^A-Za-z0-9]+/g, "-") || "form"}`;
}

function errorOf(errors: FieldError[], path: string): string | undefined {
  return errors.find((error) => error.path === path)?.message;
}

function ErrorSummary({ errors }: { errors: FieldError[] }) {
  if (errors.length === 0) return null;
  return (
    <div className="of-summary" id="of-errors" role="alert" tabIndex={-1} aria-labelledby="of-errors-title">
      <h2 id="of-errors-title">{errors.length === 1 ? "There is a problem" : `There are ${errors.length} problems`}</h2>
      <ul>
        {errors.map((error, index) => (
          <li key={index}>
            <a href={`#${fieldId(error.path)}`}>{error.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function FieldMessage({ errors, path }: { errors: FieldError[]; path: string }) {
  const message = errorOf(errors, path);
  return message ? (
    <p className="of-error" id={`${fieldId(path)}-error`}>
      {message}
    </p>
  ) : null;
}

function invalid(errors: FieldError[], path: string) {
  const message = errorOf(errors, path);
  return message ? { "aria-invalid": true, "aria-describedby": `${fieldId(path)}-error` } : {};
}

function Steps({ current }: { current: PortalPage["kind"] }) {
  return (
    <ol className="of-steps" aria-label="Steps">
      {STEPS.map((step) => (
        <li key={step.kind} aria-current={step.kind === current ? "step" : undefined}>
          {step.label}
        </li>
      ))}
    </ol>
  );
}

function Hidden({ form }: { form: PortalForm }) {
  return (
    <>
      <input type="hidden" name="session" value={form.session} />
      <input type="hidden" name="csrf" value={form.csrf} />
    </>
  );
}

function TextField(props: {
  path: string;
  label: string;
  values: Record<string, string>;
  errors: FieldError[];
  type?: string;
  autoComplete?: string;
  hint?: string;
  required?: boolean;
}) {
  const id = fieldId(props.path);
  const described = [props.hint ? `${id}-hint` : null, errorOf(props.errors, props.path) ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div>
      <label htmlFor={id}>{props.label}</label>
      {props.hint ? (
        <p className="of-hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <FieldMessage errors={props.errors} path={props.path} />
      <input
        type={props.type ?? "text"}
        id={id}
        name={props.path}
        defaultValue={props.values[props.path] ?? ""}
        autoComplete={props.autoComplete}
        required={props.required}
        aria-invalid={errorOf(props.errors, props.path) ? true : undefined}
        aria-describedby={described || undefined}
      />
    </div>
  );
}

function Lookup({ page }: { page: Extract<PortalPage, { kind: "lookup" }> }) {
  const values = { orderNumber: page.values.orderNumber, contact: page.values.contact };
  return (
    <>
      <h1>{page.heading}</h1>
      <Steps current="lookup" />
      <ErrorSummary errors={page.errors} />
      {page.customerOrders !== null ? (
        <section aria-labelledby="of-your-orders">
          <h2 id="of-your-orders">Your orders</h2>
          {page.customerOrders.length === 0 ? <p>You have no orders to return yet.</p> : null}
          <ul>
            {page.customerOrders.map((order) => (
              <li key={order.id} className="of-line">
                <form method="post" action={`${page.form.base}/items`}>
                  <Hidden form={page.form} />
                  <input type="hidden" name="orderId" value={order.id} />
                  <p>
                    <strong>{order.name}</strong> <span className="of-muted">{`placed ${order.placedAt}, ${order.total}`}</span>
                  </p>
                  <button type="submit" className="of-button" aria-label={`Return items from order ${order.name}`}>
                    Return items
                  </button>
                </form>
              </li>
            ))}
          </ul>
          <h2>Another order</h2>
        </section>
      ) : null}
      <form method="post" action={`${page.form.base}/lookup`} noValidate>
        <Hidden form={page.form} />
        <fieldset>
          <legend>Find your order</legend>
          <TextField
            path="orderNumber"
            label="Order number"
            hint="It is in your order confirmation email, for example #1001."
            values={values}
            errors={page.errors}
            autoComplete="off"
            required
          />
          <TextField
            path="contact"
            label="Email or postal code"
            hint="The email address or the delivery postal code on the order."
            values={values}
            errors={page.errors}
            autoComplete="email"
            required
          />
        </fieldset>
        <button type="submit" className="of-button">
          Find my order
        </button>
      </form>
    </>
  );
}

function Items({ page }: { page: Extract<PortalPage, { kind: "items" }> }) {
  const eligible = page.lines.filter((line) => line.eligible);
  return (
    <>
      <h1>{`Which items from ${page.orderName}?`}</h1>
      <Steps current="items" />
      <ErrorSummary errors={page.errors} />
      <form method="post" action={`${page.form.base}/items`} noValidate>
        <Hidden form={page.form} />
        <input type="hidden" name="step" value="items" />
        <FieldMessage errors={page.errors} path="lines" />
        {page.lines.map((line, index) => {
          const prefix = `lines.${index}`;
          const quantityOptions = Array.from({ length: line.returnableQuantity }, (_, i) => i + 1);
          return (
            <fieldset key={line.id} id={fieldId(`${prefix}.lineId`)} tabIndex={-1}>
              <legend>{line.title}</legend>
              {line.sku ? <p className="of-hint">{`SKU ${line.sku}`}</p> : null}
              <input type="hidden" name={`${prefix}.lineId`} value={line.id} />
              <FieldMessage errors={page.errors} path={`${prefix}.lineId`} />
              {line.eligible ? (
                <>
                  <label className="of-inline" htmlFor={fieldId(`${prefix}.selected`)}>
                    <input
                      type="checkbox"
                      id={fieldId(`${prefix}.selected`)}
                      name={`${prefix}.selected`}
                      value="yes"
                      defaultChecked={page.values[`${prefix}.selected`] === "yes"}
                      data-of-reveal={`${fieldId(prefix)}-details`}
                      aria-controls={`${fieldId(prefix)}-details`}
                    />
                    Return this item
                  </label>
                  <div id={`${fieldId(prefix)}-details`}>
                    {line.returnBy ? <p className="of-hint">{`Return by ${line.returnBy}.`}</p> : null}
                    <label htmlFor={fieldId(`${prefix}.quantity`)}>Quantity</label>
                    <FieldMessage errors={page.errors} path={`${prefix}.quantity`} />
                    <select
                      id={fieldId(`${prefix}.quantity`)}
                      name={`${prefix}.quantity`}
                      defaultValue={page.values[`${prefix}.quantity`] ?? "1"}
                      {...invalid(page.errors, `${prefix}.quantity`)}
                    >
                      {quantityOptions.map((count) => (
                        <option key={count} value={count}>
                          {count}
                        </option>
                      ))}
                    </select>
                    <label htmlFor={fieldId(`${prefix}.reason`)}>Reason</label>
                    <FieldMessage errors={page.errors} path={`${prefix}.reason`} />
                    <select
                      id={fieldId(`${prefix}.reason`)}
                      name={`${prefix}.reason`}
                      defaultValue={page.values[`${prefix}.reason`] ?? ""}
                      {...invalid(page.errors, `${prefix}.reason`)}
                    >
                      <option value="">Choose a reason</option>
                      {page.reasons.map((reason) => (
                        <option key={reason.code} value={reason.code}>
                          {reason.requiresPhoto
                            ? `${reason.label} (add a photo link below)`
                            : reason.requiresNote
                            ? `${reason.label} (tell us more below)`
                            : reason.label}
                        </option>
                      ))}
                    </select>
                    <label htmlFor={fieldId(`${prefix}.note`)}>Note (optional unless the reason asks for it)</label>
                    <FieldMessage errors={page.errors} path={`${prefix}.note`} />
                    <textarea
                      id={fieldId(`${prefix}.note`)}
                      name={`${prefix}.note`}
                      rows={2}
                      maxLength={255}
                      defaultValue={page.values[`${prefix}.note`] ?? ""}
                      {...invalid(page.errors, `${prefix}.note`)}
                    />
                    {page.reasons.some((reason) => reason.requiresPhoto) ? (
                      <>
                        <label htmlFor={fieldId(`${prefix}.photoUrls`)}>Link to a photo (for damaged items)</label>
                        <p className="of-hint" id={`${fieldId(`${prefix}.photoUrls`)}-hint`}>
                          An https:// link to a photo you have shared, showing the damage.
                        </p>
                        <FieldMessage errors={page.errors} path={`${prefix}.photoUrls`} />
                        <input
                          type="url"
                          id={fieldId(`${prefix}.photoUrls`)}
                          name={`${prefix}.photoUrl`}
                          defaultValue={page.values[`${prefix}.photoUrl`] ?? ""}
                          aria-describedby={`${fieldId(`${prefix}.photoUrls`)}-hint`}
                          {...invalid(page.errors, `${prefix}.photoUrls`)}
                        />
                      </>
                    ) : null}
                    <fieldset id={fieldId(`${prefix}.resolution`)} tabIndex={-1}>
                      <legend>What would you like?</legend>
                      <FieldMessage errors={page.errors} path={`${prefix}.resolution`} />
                      {page.resolutions.map((resolution) => (
                        <label key={resolution.value} className="of-inline">
                          <input
                            type="radio"
                            name={`${prefix}.resolution`}
                            value={resolution.value}
                            defaultChecked={(page.values[`${prefix}.resolution`] ?? page.resolutions[0]?.value) === resolution.value}
                          />
                          {resolution.label}
                        </label>
                      ))}
                    </fieldset>
                  </div>
                </>
              ) : (
                <>
                  <p>
                    <strong>This item cannot be returned:</strong>
                  </p>
                  <ul>
                    {line.notEligibleBecause.map((reason) => (
                      <li key={reason}>{reason}</li>
                    ))}
                  </ul>
                </>
              )}
            </fieldset>
          );
        })}
        {eligible.length > 0 ? (
          <button type="submit" className="of-button">
            Continue
          </button>
        ) : (
          <p>Nothing on this order can be returned online. Please contact the store.</p>
        )}
      </form>
    </>
  );
}

function Exchange({ page }: { page: Extract<PortalPage, { kind: "exchange" }> }) {
  return (
    <>
      <h1>Choose your replacement</h1>
      <Steps current="exchange" />
      <ErrorSummary errors={page.errors} />
      <form method="post" action={`${page.form.base}/exchange`} noValidate>
        <Hidden form={page.form} />
        {page.picks.map((pick, index) => {
          const path = `replacements.${index}.variantId`;
          return (
            <fieldset
              key={pick.lineId}
              id={fieldId(path)}
              tabIndex={-1}
              {...(errorOf(page.errors, path) ? { "aria-describedby": `${fieldId(path)}-error` } : {})}
            >
              <legend>{`Replacement for ${pick.title}${pick.quantity > 1 ? ` (${pick.quantity})` : ""}`}</legend>
              <input type="hidden" name={`replacements.${index}.lineId`} value={pick.lineId} />
              <FieldMessage errors={page.errors} path={path} />
              <FieldMessage errors={page.errors} path={`replacements.${index}.quantity`} />
              {pick.variants.length === 0 ? <p>No other size or colour of this item is available.</p> : null}
              {pick.variants.map((variant) => {
                const out = variant.available < pick.quantity;
                const stock = variant.available === 0 ? "out of stock" : out ? `only ${variant.available} left` : `${variant.available} in stock`;
                return (
                  <label key={variant.variantId} className="of-inline">
                    <input type="radio" name={path} value={variant.variantId} disabled={out} defaultChecked={page.values[path] === variant.variantId} />
                    <span>
                      {variant.title} <span className="of-muted">{`${variant.price}, ${stock}`}</span>
                    </span>
                  </label>
                );
              })}
            </fieldset>
          );
        })}
        <button type="submit" className="of-button">
          Continue
        </button>
      </form>
    </>
  );
}

function Delivery({ page }: { page: Extract<PortalPage, { kind: "delivery" }> }) {
  const method = page.values["delivery.method"] ?? "dropoff";
  return (
    <>
      <h1>How will you send it back?</h1>
      <Steps current="delivery" />
      <ErrorSummary errors={page.errors} />
      <form method="post" action={`${page.form.base}/delivery`} noValidate>
        <Hidden form={page.form} />
        <fieldset id={fieldId("delivery.method")} tabIndex={-1}>
          <legend>Send it back</legend>
          <FieldMessage errors={page.errors} path="delivery.method" />
          <label className="of-inline">
            <input type="radio" name="delivery.method" value="dropoff" defaultChecked={method === "dropoff"} />
            Drop it off at a carrier point (we send you a label)
          </label>
          <label className="of-inline">
            <input
              type="radio"
              name="delivery.method"
              value="pickup"
              defaultChecked={method === "pickup"}
              data-of-reveal="of-pickup"
              aria-controls="of-pickup"
            />
            Have it picked up
          </label>
        </fieldset>
        <fieldset id="of-pickup">
          <legend>Pickup address and day (only for a pickup)</legend>
          <TextField path="delivery.address1" label="Street and house number" values={page.values} errors={page.errors} autoComplete="address-line1" />
          <TextField
            path="delivery.address2"
            label="Apartment, suite, etc. (optional)"
            values={page.values}
            errors={page.errors}
            autoComplete="address-line2"
          />
          <TextField path="delivery.city" label="City" values={page.values} errors={page.errors} autoComplete="address-level2" />
          <TextField path="delivery.zip" label="Postal code" values={page.values} errors={page.errors} autoComplete="postal-code" />
          <TextField
            path="delivery.countryCode"
            label="Country code"
            hint="Two letters, for example US."
            values={page.values}
            errors={page.errors}
            autoComplete="country"
          />
          <TextField path="delivery.phone" label="Phone for the driver" values={page.values} errors={page.errors} type="text" autoComplete="tel" />
          <TextField
            path="delivery.date"
            label="Preferred day"
            hint={`Between ${page.earliestDate} and ${page.latestDate}.`}
            values={page.values}
            errors={page.errors}
            type="date"
          />
        </fieldset>
        <button type="submit" className="of-button">
          Review my return
        </button>
      </form>
    </>
  );
}

function Review({ page }: { page: Extract<PortalPage, { kind: "review" }> }) {
  return (
    <>
      <h1>Check and send your request</h1>
      <Steps current="review" />
      <ErrorSummary errors={page.errors} />
      <h2>Items</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Reason</th>
            <th scope="col">You get</th>
          </tr>
        </thead>
        <tbody>
          {page.lines.map((line, index) => (
            <tr key={index}>
              <td>{`${line.quantity} × ${line.title}`}</td>
              <td>{line.reason}</td>
              <td>{line.resolution}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.replacements.length > 0 ? (
        <>
          <h2>Replacement</h2>
          <ul>
            {page.replacements.map((item, index) => (
              <li key={index}>{`${item.quantity} × ${item.title} (${item.price})`}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Sending it back</h2>
      <p>{page.delivery}</p>
      <h2>Amounts</h2>
      <table>
        <tbody>
          {page.amounts.map((amount) => (
            <tr key={amount.label} className={amount.emphasis ? "of-total" : undefined}>
              <th scope="row">{amount.label}</th>
              <td className="of-amount">{amount.amount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.review ? <p className="of-hint">{page.review}</p> : null}
      <form method="post" action={`${page.form.base}/submit`}>
        <Hidden form={page.form} />
        <button type="submit" className="of-button">
          Send my return request
        </button>
      </form>
    </>
  );
}

function Status({ page }: { page: Extract<PortalPage, { kind: "status" }> }) {
  return (
    <>
      <h1>{page.justSubmitted ? "Your return request is in" : `Your return for ${page.orderName}`}</h1>
      <p>
        <strong>{`Status: ${page.status}`}</strong>
      </p>
      {page.justSubmitted ? (
        <p>
          {"Bookmark "}
          <a href={page.statusUrl}>this page</a>
          {" to follow your return; we also email you at each step."}
        </p>
      ) : null}
      {page.labelUrl ? (
        <p>
          <a className="of-button" href={page.labelUrl}>
            Print the return label
          </a>
        </p>
      ) : null}
      {page.tracking ? (
        <p>
          {`Tracking${page.tracking.carrier ? ` (${page.tracking.carrier})` : ""}: `}
          {page.tracking.url ? <a href={page.tracking.url}>{page.tracking.number}</a> : page.tracking.number}
        </p>
      ) : null}
      {page.delivery ? <p>{page.delivery}</p> : null}
      <h2>What has happened</h2>
      <ol className="of-timeline">
        {page.timeline.map((event, index) => (
          <li key={index}>
            <time>{event.at}</time>
            {` ${event.message}`}
          </li>
        ))}
      </ol>
      <p>
        <a href={page.base}>Start another return</a>
      </p>
    </>
  );
}

function Body({ page }: { page: PortalPage }) {
  switch (page.kind) {
    case "lookup":
      return <Lookup page={page} />;
    case "items":
      return <Items page={page} />;
    case "exchange":
      return <Exchange page={page} />;
    case "delivery":
      return <Delivery page={page} />;
    case "review":
      return <Review page={page} />;
    case "status":
      return <Status page={page} />;
    case "message":
      return (
        <>
          <h1>{page.heading}</h1>
          <p>{page.text}</p>
          <p>
            <a href={page.base}>Find your order again</a>
          </p>
        </>
      );
  }
}

/** The page a rate limit answers with. */
export function tooManyAttempts(base: string, retryAfterSeconds: number): PortalPage {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return { kind: "message", heading: "Please wait a moment", text: `There were too many attempts. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`, base };
}

/**
 * Liquid would run `{{ … }}` and `{% … %}` found in what a customer typed (a note, an order
 * number); an entity for the brace keeps them text. Style and script here contain neither.
 */
export function liquidSafe(markup: string): string {
  return markup.replace(/\{(?=[{%])/g, "&#123;");
}

export function renderPortal(page: PortalPage): string {
  const body: ReactNode = (
    <div className="orderflow-portal">
      <style dangerouslySetInnerHTML={{ __html: STYLE }} />
      <Body page={page} />
      <script dangerouslySetInnerHTML={{ __html: ENHANCE_SCRIPT }} />
    </div>
  );
  return liquidSafe(renderToStaticMarkup(body));
}

/** The page as the App Proxy wants it: Liquid the theme's layout wraps, never cached. */
export function portalResponse(page: PortalPage, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(renderPortal(page), {
    status,
    headers: { "Content-Type": "application/liquid", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer", ...headers },
  });
}
