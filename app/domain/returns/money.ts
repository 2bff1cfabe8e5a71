// Money as integers in the currency's minor unit (cents, or yen for JPY), so that sums are exact
// and a refund can never drift from the amounts it is made of.

/** An amount in the minor unit of the currency it travels with. Always an integer. */
export type Minor = number;

const digitsCache = new Map<string, number>();

/** Decimal places of the currency's minor unit: 2 for USD, 0 for JPY, 3 for KWD. */
export function minorDigits(currencyCode: string): number {
  let digits = digitsCache.get(currencyCode);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency: currencyCode }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currencyCode, digits);
  }
  return digits;
}

/** The decimal string Shopify's MoneyInput.amount takes: 1999 USD → "19.99", 1999 JPY → "1999". */
export function toDecimalAmount(amount: Minor, currencyCode: string): string {
  assertMinor(amount);
  const digits = minorDigits(currencyCode);
  const sign = amount < 0 ? "-" : "";
  const text = String(Math.abs(amount)).padStart(digits + 1, "0");
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** Reads a MoneyV2 amount ("19.99") without going through a float; more decimals than the currency has is an error. */
export function fromDecimalAmount(amount: string, currencyCode: string): Minor {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) throw new RangeError(`"${amount}" is not a decimal amount`);
  const [, sign, whole, fraction = ""] = match;
  const digits = minorDigits(currencyCode);
  const significant = fraction.replace(/0+$/, "");
  if (significant.length > digits) throw new RangeError(`${amount} ${currencyCode} has more decimals than ${currencyCode} allows (${digits})`);
  const minor = Number(whole + significant.padEnd(digits, "0"));
  assertMinor(minor);
  return sign === "-" && minor !== 0 ? -minor : minor;
}

const formatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(amount: Minor, currencyCode: string, locale = "en"): string {
  const key = `${locale} ${currencyCode}`;
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode });
    formatters.set(key, formatter);
  }
  return formatter.format(amount / 10 ** minorDigits(currencyCode));
}

/**
 * floor(total × part ÷ whole): the share of `total` that `part` of `whole` units carry. Shares of
 * consecutive counts never add up to more than the total, and all units together get all of it.
 */
export function shareOf(total: Minor, part: number, whole: number): Minor {
  if (whole <= 0 || part <= 0 || total <= 0) return 0;
  if (part >= whole) return total;
  const product = total * part;
  if (Number.isSafeInteger(product)) return Math.floor(product / whole);
  return Number((BigInt(total) * BigInt(part)) / BigInt(whole));
}

/** `amount` × basis points ÷ 10 000, half up: 1 250 bps is 12.5 %. */
export function basisPointsOf(amount: Minor, bps: number): Minor {
  if (amount <= 0 || bps <= 0) return 0;
  const product = amount * bps;
  if (Number.isSafeInteger(product + 5_000)) return Math.floor((product + 5_000) / 10_000);
  return Number((BigInt(amount) * BigInt(bps) + 5_000n) / 10_000n);
}

/** A percentage with at most two decimals, as the integer basis points the arithmetic uses. */
export function percentToBasisPoints(percent: number): number {
  return Math.round(percent * 100);
}

function assertMinor(amount: number): void {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`${amount} is not an integer amount of minor units`);
}
