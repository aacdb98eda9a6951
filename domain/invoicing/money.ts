/**
 * Money on the server: integer minor units (cents, yen, fils) end to end. Products and shares are
 * computed in bigint and rounded once, half away from zero, so no amount ever passes through a
 * binary float; formatting hands Intl a decimal string, which it formats exactly.
 */

/** Thrown for an amount that cannot be read or represented; the message says which and why. */
export class MoneyError extends Error {
  override name = 'MoneyError';
}

const digitsCache = new Map<string, number>();

/**
 * How many decimals `currency` has, from the platform's ISO 4217 data: 0 for JPY, 2 for EUR, USD
 * and GBP, 3 for KWD and BHD. Throws a MoneyError for a code that is not three letters.
 */
export function minorDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    if (!/^[A-Z]{3}$/.test(currency)) throw new MoneyError(`"${currency}" is not a currency code (three capital letters, like EUR)`);
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

function checkInteger(value: number, what: string): bigint {
  if (!Number.isSafeInteger(value)) throw new MoneyError(`${what} must be a whole number within ±${Number.MAX_SAFE_INTEGER}, not ${value}`);
  return BigInt(value);
}

function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) throw new MoneyError(`${what} is too large to represent exactly`);
  return Number(value);
}

/** n / d rounded half away from zero (d > 0). */
function divRound(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  const abs = r < 0n ? -r : r;
  if (abs * 2n < d) return q;
  return n < 0n ? q - 1n : q + 1n;
}

/**
 * The amount of an invoice line: quantity (in thousandths: 1500 is 1.5) times the unit price in
 * minor units, rounded half away from zero to a whole minor unit. 1.5 × 0.33 → 0.50 (49.5 → 50);
 * negative prices (credits) round symmetrically.
 */
export function lineAmount(quantityMilli: number, unitMinor: number): number {
  const q = checkInteger(quantityMilli, 'The quantity');
  const u = checkInteger(unitMinor, 'The unit price');
  return toSafeNumber(divRound(q * u, 1000n), 'The line amount');
}

/** `basisPoints` hundredths of a percent of `minor` (2000 is 20 %), rounded half away from zero. */
export function percentOf(minor: number, basisPoints: number): number {
  const m = checkInteger(minor, 'The amount');
  const bp = checkInteger(basisPoints, 'The rate');
  return toSafeNumber(divRound(m * bp, 10_000n), 'The share');
}

/** Tax on a subtotal at a rate in basis points (2000 is 20 %); same rounding as `percentOf`. */
export function taxOf(subtotalMinor: number, taxRateBp: number): number {
  return percentOf(subtotalMinor, taxRateBp);
}

/** An integer scaled by 10^digits as a plain decimal: (-123450, 2) → "-1234.50". Exact for any safe integer. */
function scaledToDecimal(value: number, digits: number): string {
  const negative = value < 0;
  const text = String(checkInteger(value, 'The amount') * (negative ? -1n : 1n)).padStart(digits + 1, '0');
  const body = digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
  return negative ? `-${body}` : body;
}

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * Minor units for reading, in `locale`: formatMoney(123450, 'EUR') → "€1,234.50",
 * formatMoney(5000, 'JPY') → "¥5,000", formatMoney(-1250, 'GBP') → "-£12.50".
 */
export function formatMoney(minor: number, currency: string, locale = 'en-GB'): string {
  const digits = minorDigits(currency);
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    formatters.set(key, f);
  }
  // A decimal string is formatted exactly; minor / 100 as a float could not be trusted for 10^15.
  return f.format(scaledToDecimal(minor, digits) as Intl.StringNumericLiteral);
}

/** Thousandths as a quantity for reading: 2000 → "2", 1500 → "1.5", 1 → "0.001". */
export function formatQuantity(quantityMilli: number): string {
  return trimZeros(scaledToDecimal(quantityMilli, 3));
}

/** Basis points as a percentage number: 2000 → "20", 550 → "5.5", 1 → "0.01". */
export function formatPercent(basisPoints: number): string {
  return trimZeros(scaledToDecimal(basisPoints, 2));
}

function trimZeros(decimal: string): string {
  return decimal.includes('.') ? decimal.replace(/\.?0+$/, '') : decimal;
}

/**
 * An amount as written ("1,234.50", "-12.5", "1 234", "5000") in `currency`'s minor units:
 * "1,234.50" EUR → 123450, "5,000" JPY → 5000. Commas (or spaces) group thousands in threes; the
 * point is the decimal separator. More decimals than the currency has are refused rather than
 * rounded: an amount of money is never silently changed. Throws a MoneyError saying what is wrong.
 */
export function parseMoney(text: string, currency: string): number {
  const digits = minorDigits(currency);
  const input = text.trim().replace(/[\s\u00a0\u202f]/g, (c, i: number, s: string) => (/\d/.test(s[i - 1] ?? '') && /\d/.test(s[i + 1] ?? '') ? ',' : c));
  const m = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d*))?$/.exec(input);
  if (!input || !m || (m[2] === undefined && !m[3])) throw new MoneyError(`"${text}" is not an amount: use digits and a decimal point, like 1,234.50`);
  const [, sign, whole = '0', fraction = ''] = m;
  if (fraction.length > digits) {
    throw new MoneyError(digits === 0
      ? `"${text}" has decimals, but ${currency} amounts are whole numbers`
      : `"${text}" has ${fraction.length} decimals, but ${currency} has ${digits}`);
  }
  const value = BigInt(`${whole.replaceAll(',', '')}${fraction.padEnd(digits, '0')}`);
  return toSafeNumber(sign === '-' ? -value : value, `"${text}"`);
}
