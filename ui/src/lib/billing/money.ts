/**
 * Money in the UI: integer minor units (cents) from and to what people type and read. Parsing works
 * on the digits as text, so "0.29" is 29 cents exactly, never 28.999… as `Math.round(0.29 * 100)`
 * arithmetic on binary floats can go wrong.
 */

/** How many decimals a currency has: 2 for EUR, 0 for JPY, 3 for KWD (from the platform's ISO 4217 data). */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export type Parsed = { ok: true; value: number } | { ok: false; error: string };

/**
 * Parses a decimal as typed ("1,234.50", "1234,5", "1 234.50", "12") into an integer scaled by
 * 10^`decimals` ("1,234.50" with 2 decimals → 123450). A comma followed by exactly three digits
 * groups thousands; a single comma followed by one or two digits, with no point, is a decimal
 * comma. More decimals than allowed are refused rather than rounded: an amount of money is never
 * silently changed.
 */
export function parseDecimal(input: string, decimals: number, what: { unit?: string; allowZero?: boolean } = {}): Parsed {
  const text = input.trim().replace(/[\s\u00a0\u202f']/g, (c) => (c === "'" ? ',' : ''));
  if (!text) return { ok: false, error: 'Enter an amount' };
  if (text.startsWith('-')) return { ok: false, error: 'Enter an amount that is not negative' };
  let whole: string;
  let fraction = '';
  const point = text.lastIndexOf('.');
  if (point >= 0) {
    whole = text.slice(0, point);
    fraction = text.slice(point + 1);
    if (whole.includes('.')) return { ok: false, error: 'Use one decimal point' };
  } else if (/^\d+,\d{1,2}$/.test(text)) {
    [whole, fraction] = text.split(',') as [string, string];
  } else {
    whole = text;
  }
  // Thousands: "1,234,567" (groups of exactly three after the first), or no separators at all.
  if (!/^(\d{1,3}(,\d{3})+|\d+)$/.test(whole || '0') || !/^\d*$/.test(fraction)) {
    return { ok: false, error: 'Use digits, with a decimal point, like 1,234.50' };
  }
  if (point >= 0 && !fraction && !whole) return { ok: false, error: 'Enter an amount' };
  if (fraction.length > decimals) {
    return { ok: false, error: decimals === 0 ? `Use whole ${what.unit ?? 'units'}, without decimals` : `Use at most ${decimals} decimal${decimals === 1 ? '' : 's'}` };
  }
  const digits = `${whole.replaceAll(',', '') || '0'}${fraction.padEnd(decimals, '0')}`;
  const value = BigInt(digits);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, error: 'That is too large' };
  if (value === 0n && !what.allowZero) return { ok: false, error: 'Enter more than zero' };
  return { ok: true, value: Number(value) };
}

/** An amount of money as typed, in the currency's minor units: "1,234.50" EUR → 123450; JPY takes no decimals. */
export function parseMoney(input: string, currency: string, opts: { allowZero?: boolean } = {}): Parsed {
  return parseDecimal(input, currencyDigits(currency), { unit: currency === 'JPY' ? 'yen' : 'units', allowZero: opts.allowZero });
}

/** An integer scaled by 10^decimals as a plain decimal: (123450, 2) → "1234.50". Exact for any safe integer. */
export function scaledToDecimal(value: number, decimals: number): string {
  const negative = value < 0;
  const digits = String(Math.abs(Math.trunc(value))).padStart(decimals + 1, '0');
  const text = decimals ? `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}` : digits;
  return negative ? `-${text}` : text;
}

/** Minor units as a plain decimal for an input field: 123450 EUR → "1234.50". */
export function minorToInput(minor: number, currency: string): string {
  return scaledToDecimal(minor, currencyDigits(currency));
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Minor units for reading: 123450 EUR → "€1,234.50", 5000 JPY → "JP¥5,000". */
export function formatMoney(minor: number, currency: string): string {
  let f = formatters.get(currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat('en-GB', { style: 'currency', currency });
    } catch {
      f = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    formatters.set(currency, f);
  }
  // A decimal string is formatted exactly (no division by 100 in floating point).
  return f.format(minorToInput(minor, currency) as Intl.StringNumericLiteral);
}

/** Basis points as a percentage: 2000 → "20", 550 → "5.5", 1 → "0.01". */
export function basisPointsToPercent(bp: number): string {
  return scaledToDecimal(bp, 2).replace(/\.?0+$/, '') || '0';
}

/** A percentage as typed into basis points: "20" → 2000, "5.5" → 550. */
export function parsePercent(input: string, opts: { allowZero?: boolean } = { allowZero: true }): Parsed {
  const r = parseDecimal(input.replace(/%\s*$/, ''), 2, { allowZero: opts.allowZero });
  return r.ok || r.error !== 'Use at most 2 decimals' ? r : { ok: false, error: 'Use at most 2 decimals, like 5.25' };
}

/** A quantity as typed into thousandths: "2" → 2000, "1.5" → 1500. */
export function parseQuantity(input: string): Parsed {
  return parseDecimal(input, 3);
}

/** Thousandths as a quantity for reading or editing: 2000 → "2", 1500 → "1.5". */
export function quantityToText(milli: number): string {
  return scaledToDecimal(milli, 3).replace(/\.?0+$/, '') || '0';
}
