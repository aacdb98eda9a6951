import { describe, expect, it } from 'vitest';
import { formatMoney, formatPercent, formatQuantity, lineAmount, minorDigits, MoneyError, parseMoney, percentOf, taxOf } from './money.ts';

describe('minorDigits', () => {
  it('knows each currency’s decimals', () => {
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('EUR')).toBe(2);
    expect(minorDigits('USD')).toBe(2);
    expect(minorDigits('GBP')).toBe(2);
    expect(minorDigits('KWD')).toBe(3);
    expect(minorDigits('BHD')).toBe(3);
  });

  it('refuses what is not a currency code', () => {
    expect(() => minorDigits('eur')).toThrow(MoneyError);
    expect(() => minorDigits('EURO')).toThrow(/not a currency code/);
    expect(() => minorDigits('')).toThrow(MoneyError);
  });
});

describe('formatMoney', () => {
  it('formats minor units with the currency’s decimals', () => {
    expect(formatMoney(123450, 'EUR')).toBe('€1,234.50');
    expect(formatMoney(5, 'GBP')).toBe('£0.05');
    expect(formatMoney(0, 'EUR')).toBe('€0.00');
    expect(formatMoney(5000, 'JPY')).toBe('JP¥5,000');
    expect(formatMoney(1234567, 'KWD')).toBe('KWD\u00a01,234.567');
    expect(formatMoney(-1250, 'GBP')).toBe('-£12.50');
  });

  it('is exact for amounts far beyond what floats divide cleanly', () => {
    expect(formatMoney(1_000_000_000_000, 'EUR')).toBe('€10,000,000,000.00');
    expect(formatMoney(999_999_999_999, 'EUR')).toBe('€9,999,999,999.99');
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'EUR')).toBe('€90,071,992,547,409.91');
    expect(formatMoney(-Number.MAX_SAFE_INTEGER, 'JPY')).toBe('-JP¥9,007,199,254,740,991');
  });

  it('follows the locale', () => {
    expect(formatMoney(123450, 'EUR', 'de-DE')).toBe('1.234,50\u00a0€');
    expect(formatMoney(123450, 'USD', 'en-US')).toBe('$1,234.50');
  });

  it('refuses fractions of a minor unit and unsafe integers', () => {
    expect(() => formatMoney(12.5, 'EUR')).toThrow(MoneyError);
    expect(() => formatMoney(2 ** 53, 'EUR')).toThrow(MoneyError);
    expect(() => formatMoney(Number.NaN, 'EUR')).toThrow(MoneyError);
  });
});

describe('lineAmount', () => {
  it('multiplies a quantity in thousandths by the unit price', () => {
    expect(lineAmount(1000, 12500)).toBe(12500);
    expect(lineAmount(1500, 8950)).toBe(13425);
    expect(lineAmount(250, 60000)).toBe(15000);
    expect(lineAmount(0, 12500)).toBe(0);
  });

  it('rounds exact halves away from zero, and everything else to the nearest', () => {
    expect(lineAmount(1500, 33)).toBe(50); // 49.5
    expect(lineAmount(500, 1)).toBe(1); // 0.5
    expect(lineAmount(499, 1)).toBe(0); // 0.499
    expect(lineAmount(1499, 1)).toBe(1); // 1.499
    expect(lineAmount(2500, 1)).toBe(3); // 2.5, not banker’s 2
  });

  it('rounds credits (negative prices) symmetrically', () => {
    expect(lineAmount(1500, -33)).toBe(-50);
    expect(lineAmount(500, -1)).toBe(-1);
    expect(lineAmount(499, -1)).toBe(0);
    expect(lineAmount(-1500, 33)).toBe(-50);
  });

  it('stays exact where the product is beyond 2^53', () => {
    // 999,999.999 × 9,999,999.99: the product in thousandths of a cent, ~10^18, is past 2^53.
    expect(lineAmount(999_999_999, 999_999_999)).toBe(999_999_998_000_000);
    expect(lineAmount(1000, 1_000_000_000_000)).toBe(1_000_000_000_000);
    expect(lineAmount(3333, 1_000_000_000_001)).toBe(3_333_000_000_003);
  });

  it('refuses a result it cannot represent exactly, and non-integers', () => {
    expect(() => lineAmount(1_000_000_000, Number.MAX_SAFE_INTEGER)).toThrow(/too large/);
    expect(() => lineAmount(1.5, 100)).toThrow(MoneyError);
    expect(() => lineAmount(1000, 0.1)).toThrow(MoneyError);
  });
});

describe('percentOf and taxOf', () => {
  it('takes basis points of an amount, rounding halves away from zero', () => {
    expect(taxOf(10000, 2000)).toBe(2000);
    expect(taxOf(563322, 2000)).toBe(112664); // 112664.4
    expect(taxOf(25, 2000)).toBe(5);
    expect(percentOf(5, 1000)).toBe(1); // 0.5
    expect(percentOf(4, 1000)).toBe(0); // 0.4
    expect(percentOf(-5, 1000)).toBe(-1); // a refund’s share rounds the same way
    expect(percentOf(1_000_000_000_000, 550)).toBe(55_000_000_000);
    expect(taxOf(12345, 0)).toBe(0);
  });
});

describe('formatQuantity and formatPercent', () => {
  it('shows thousandths and basis points without trailing zeros', () => {
    expect(formatQuantity(1000)).toBe('1');
    expect(formatQuantity(1500)).toBe('1.5');
    expect(formatQuantity(12000)).toBe('12');
    expect(formatQuantity(1)).toBe('0.001');
    expect(formatQuantity(0)).toBe('0');
    expect(formatPercent(2000)).toBe('20');
    expect(formatPercent(550)).toBe('5.5');
    expect(formatPercent(1)).toBe('0.01');
    expect(formatPercent(0)).toBe('0');
  });
});

describe('parseMoney', () => {
  it('reads amounts as written into minor units', () => {
    expect(parseMoney('1,234.50', 'EUR')).toBe(123450);
    expect(parseMoney('1234.5', 'EUR')).toBe(123450);
    expect(parseMoney(' 12 ', 'EUR')).toBe(1200);
    expect(parseMoney('0.29', 'EUR')).toBe(29); // not 28, as Math.round(0.29 * 100) arithmetic can give
    expect(parseMoney('.5', 'EUR')).toBe(50);
    expect(parseMoney('1 234 567.89', 'EUR')).toBe(123456789);
    expect(parseMoney('5,000', 'JPY')).toBe(5000);
    expect(parseMoney('1.234', 'KWD')).toBe(1234);
    expect(parseMoney('-12.50', 'GBP')).toBe(-1250);
    expect(parseMoney('+3', 'GBP')).toBe(300);
    expect(parseMoney('0', 'EUR')).toBe(0);
  });

  it('reads amounts up to 10^12 minor units exactly', () => {
    expect(parseMoney('10,000,000,000.00', 'EUR')).toBe(1_000_000_000_000);
    expect(parseMoney('9999999999.99', 'EUR')).toBe(999_999_999_999);
    expect(parseMoney('90,071,992,547,409.91', 'EUR')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses more decimals than the currency has, rather than rounding', () => {
    expect(() => parseMoney('1.234', 'EUR')).toThrow('"1.234" has 3 decimals, but EUR has 2');
    expect(() => parseMoney('1.5', 'JPY')).toThrow('"1.5" has decimals, but JPY amounts are whole numbers');
    expect(() => parseMoney('1.2345', 'KWD')).toThrow(MoneyError);
  });

  it('refuses what is not an amount', () => {
    for (const text of ['', ' ', 'abc', '1,23', '12,34.5', '1.2.3', '.', '-', '€5', '1e3', '--1', '1 2']) {
      expect(() => parseMoney(text, 'EUR'), text).toThrow(/is not an amount/);
    }
    expect(() => parseMoney('90,071,992,547,409.92', 'EUR')).toThrow(/too large/);
  });
});
