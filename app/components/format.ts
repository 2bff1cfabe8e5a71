// Figures as the fulfilment and carrier pages show them.
import { formatMoney } from "../domain/carriers/recommend";

export function percent(p: number): string {
  return `${Math.round(p * 100)} %`;
}

export function money(amount: number, currency: string, locale = "en-US"): string {
  return formatMoney(amount, currency, locale);
}

export function days(n: number): string {
  return n === 0 ? "same day" : n === 1 ? "1 day" : `${n} days`;
}

export function dayRange(range: { min: number; max: number }): string {
  if (range.min === range.max) return days(range.min);
  return `${range.min}–${range.max} days`;
}

export function humanize(value: string): string {
  const text = value.toLowerCase().replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
