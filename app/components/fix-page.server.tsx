import { renderToStaticMarkup } from "react-dom/server";
import { CITY_OPTIONAL, POSTAL_CODE_REQUIRED, PROVINCE_REQUIRED } from "../domain/intake/address-data";
import type { AddressFix } from "../domain/intake";
import type { FixLinkPage } from "../intake/fix-link.server";

// The customer's fix page, served on the storefront through the App Proxy: plain HTML and a form
// that posts back to the same address, so it works without JavaScript and without the app's assets.

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
const COUNTRIES = [...new Set([...POSTAL_CODE_REQUIRED, ...PROVINCE_REQUIRED, ...CITY_OPTIONAL])]
  .map((code) => ({ code, name: regionNames.of(code) ?? code }))
  .sort((a, b) => a.name.localeCompare(b.name));

const STYLE = `
  body { margin: 0; background: #f6f6f7; color: #202223; font: 15px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, sans-serif; }
  main { max-width: 560px; margin: 40px auto; padding: 0 16px; }
  .card { background: #fff; border-radius: 12px; box-shadow: 0 1px 3px rgba(0,0,0,.12); padding: 24px; }
  h1 { font-size: 22px; margin: 0 0 8px; }
  p { margin: 0 0 12px; }
  ul.problems { background: #fff4f4; border: 1px solid #fed3d1; border-radius: 8px; padding: 12px 12px 12px 32px; margin: 0 0 20px; }
  label { display: block; font-weight: 600; margin: 14px 0 4px; font-size: 14px; }
  input, select { box-sizing: border-box; width: 100%; padding: 10px 12px; border: 1px solid #8c9196; border-radius: 8px; font: inherit; background: #fff; }
  .row { display: flex; gap: 12px; } .row > div { flex: 1; }
  .error { color: #d72c0d; font-size: 13px; margin-top: 4px; }
  input.invalid, select.invalid { border-color: #d72c0d; background: #fff4f4; }
  button { margin-top: 22px; width: 100%; padding: 12px; border: 0; border-radius: 8px; background: #202223; color: #fff; font: 600 15px/1 inherit; cursor: pointer; }
  .muted { color: #6d7175; font-size: 13px; }
`;

const FIELD_ERRORS: Record<keyof AddressFix, string[]> = {
  firstName: [],
  lastName: ["shippingAddress.name"],
  company: [],
  address1: ["shippingAddress.address1", "shippingAddress"],
  address2: ["shippingAddress.address2"],
  city: ["shippingAddress.city"],
  provinceCode: ["shippingAddress.provinceCode"],
  zip: ["shippingAddress.zip"],
  countryCode: ["shippingAddress.countryCode"],
  phone: ["shippingAddress.phone", "phone"],
};

function Field({ name, label, values, errors, autoComplete }: { name: keyof AddressFix; label: string; values: AddressFix; errors: Record<string, string>; autoComplete: string }) {
  const error = FIELD_ERRORS[name].map((field) => errors[field]).find(Boolean);
  return (
    <div>
      <label htmlFor={name}>{label}</label>
      <input id={name} name={name} defaultValue={values[name]} autoComplete={autoComplete} className={error ? "invalid" : undefined} aria-invalid={error ? true : undefined} aria-describedby={error ? `${name}-error` : undefined} />
      {error ? (
        <div className="error" id={`${name}-error`}>
          {error}
        </div>
      ) : null}
    </div>
  );
}

function Body({ page }: { page: FixLinkPage }) {
  switch (page.kind) {
    case "invalid":
      return <p>This link is not valid. Please use the link from your email, or contact the store.</p>;
    case "expired":
      return <p>This link has expired. Please contact the store for a new one.</p>;
    case "unavailable":
      return <p>This order can no longer be changed here. Please contact the store.</p>;
    case "nothing-to-fix":
      return <p>{`Thank you, order ${page.orderName} needs nothing more from you.`}</p>;
    case "done":
      return (
        <>
          <h1>Thank you</h1>
          <p>{`Your details for order ${page.orderName} are saved. We will ship it as soon as it is ready.`}</p>
        </>
      );
    case "form": {
      const { values, errors } = page;
      const countryError = errors["shippingAddress.countryCode"];
      return (
        <>
          <h1>{`Check your delivery details for order ${page.orderName}`}</h1>
          <p>We could not ship your order as it is:</p>
          <ul className="problems">
            {page.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
          <form method="post">
            <div className="row">
              <Field name="firstName" label="First name" values={values} errors={errors} autoComplete="given-name" />
              <Field name="lastName" label="Last name" values={values} errors={errors} autoComplete="family-name" />
            </div>
            <Field name="company" label="Company (optional)" values={values} errors={errors} autoComplete="organization" />
            <Field name="address1" label="Street and house number" values={values} errors={errors} autoComplete="address-line1" />
            <Field name="address2" label="Apartment, suite, etc. (optional)" values={values} errors={errors} autoComplete="address-line2" />
            <div className="row">
              <Field name="city" label="City" values={values} errors={errors} autoComplete="address-level2" />
              <Field name="zip" label="Postal code" values={values} errors={errors} autoComplete="postal-code" />
            </div>
            <div className="row">
              <Field name="provinceCode" label="State or province code" values={values} errors={errors} autoComplete="address-level1" />
              <div>
                <label htmlFor="countryCode">Country</label>
                <select id="countryCode" name="countryCode" defaultValue={values.countryCode} autoComplete="country" className={countryError ? "invalid" : undefined}>
                  {COUNTRIES.some((country) => country.code === values.countryCode) ? null : <option value={values.countryCode}>{values.countryCode || "Choose a country"}</option>}
                  {COUNTRIES.map((country) => (
                    <option key={country.code} value={country.code}>
                      {country.name}
                    </option>
                  ))}
                </select>
                {countryError ? <div className="error">{countryError}</div> : null}
              </div>
            </div>
            <Field name="phone" label="Phone number (with country code)" values={values} errors={errors} autoComplete="tel" />
            <button type="submit">Save my details</button>
            <p className="muted">We only use these details to deliver this order.</p>
          </form>
        </>
      );
    }
  }
}

const STATUS: Record<FixLinkPage["kind"], number> = { form: 200, done: 200, "nothing-to-fix": 200, invalid: 404, expired: 410, unavailable: 409 };

export function renderFixPage(page: FixLinkPage): Response {
  const html = renderToStaticMarkup(
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>Check your delivery details</title>
        <style dangerouslySetInnerHTML={{ __html: STYLE }} />
      </head>
      <body>
        <main>
          <div className="card">
            <Body page={page} />
          </div>
        </main>
      </body>
    </html>,
  );
  const status = page.kind === "form" && Object.keys(page.errors).length > 0 ? 422 : STATUS[page.kind];
  return new Response(`<!DOCTYPE html>${html}`, {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" },
  });
}
