import { describe, expect, it } from 'vitest';
import { basisPointsToPercent, currencyDigits, formatMoney, minorToInput, parseMoney, parsePercent, parseQuantity, quantityToText } from './money.ts';

const minor = (text: string, currency = 'EUR') => {
  const r = parseMoney(text, currency);
  return r.ok ? r.value : r.error;
};

describe('parseMoney', () => {
  it('reads what people type into integer minor units', () => {
    expect(minor('1,234.50')).toBe(123450);
    expect(minor('1234.5')).toBe(123450);
    expect(minor('1 234.50')).toBe(123450);
    expect(minor('12')).toBe(1200);
    expect(minor('.5')).toBe(50);
    expect(minor('12,50')).toBe(1250);
    expect(minor('1,234')).toBe(123400);
    expect(minor('1,234,567.89')).toBe(123456789);
    expect(minor("1'234.50")).toBe(123450);
  });

  it('is exact where floating point is not', () => {
    // 0.29 * 100 is 28.999999999999996 and 1.005 * 100 is 100.49999999999999 in binary floating point.
    expect(minor('0.29')).toBe(29);
    expect(minor('4.35')).toBe(435);
    expect(minor('1.01')).toBe(101);
    expect(minor('90071992547409.91')).toBe(9007199254740991);
    expect(minor('90071992547409.92')).toBe('That is too large');
  });

  it('refuses more decimals than the currency has instead of rounding', () => {
    expect(minor('1.005')).toBe('Use at most 2 decimals');
    expect(minor('5000', 'JPY')).toBe(5000);
    expect(minor('5,000', 'JPY')).toBe(5000);
    expect(minor('5000.5', 'JPY')).toBe('Use whole yen, without decimals');
    expect(minor('1.234', 'KWD')).toBe(1234);
  });

  it('refuses what is not an amount', () => {
    expect(minor('')).toBe('Enter an amount');
    expect(minor('  ')).toBe('Enter an amount');
    expect(minor('0')).toBe('Enter more than zero');
    expect(minor('-5')).toBe('Enter an amount that is not negative');
    expect(minor('12a')).toBe('Use digits, with a decimal point, like 1,234.50');
    expect(minor('1,23.45')).toBe('Use digits, with a decimal point, like 1,234.50');
    expect(minor('1.2.3')).toBe('Use one decimal point');
    expect(minor('1e3')).toBe('Use digits, with a decimal point, like 1,234.50');
    expect(parseMoney('0', 'EUR', { allowZero: true })).toEqual({ ok: true, value: 0 });
  });
});

describe('formatting', () => {
  it('knows each currency\'s decimals', () => {
    expect(currencyDigits('EUR')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('KWD')).toBe(3);
  });

  it('shows minor units as money and as an input value', () => {
    expect(formatMoney(123450, 'EUR')).toBe('€1,234.50');
    expect(formatMoney(5, 'EUR')).toBe('€0.05');
    expect(formatMoney(-2500, 'EUR')).toBe('-€25.00');
    expect(formatMoney(5000, 'JPY')).toBe('JP¥5,000');
    expect(formatMoney(9007199254740991, 'EUR')).toBe('€90,071,992,547,409.91');
    expect(minorToInput(123450, 'EUR')).toBe('1234.50');
    expect(minorToInput(7, 'EUR')).toBe('0.07');
    expect(minorToInput(5000, 'JPY')).toBe('5000');
  });

  it('round-trips every cent from 0 to 10.00', () => {
    for (let m = 1; m <= 1000; m++) expect(parseMoney(minorToInput(m, 'EUR'), 'EUR')).toEqual({ ok: true, value: m });
  });
});

describe('percentages and quantities', () => {
  it('turns a tax rate into basis points and back', () => {
    expect(parsePercent('20')).toEqual({ ok: true, value: 2000 });
    expect(parsePercent('5.5 %')).toEqual({ ok: true, value: 550 });
    expect(parsePercent('0')).toEqual({ ok: true, value: 0 });
    expect(parsePercent('7.125')).toEqual({ ok: false, error: 'Use at most 2 decimals, like 5.25' });
    expect(basisPointsToPercent(2000)).toBe('20');
    expect(basisPointsToPercent(550)).toBe('5.5');
    expect(basisPointsToPercent(1)).toBe('0.01');
    expect(basisPointsToPercent(0)).toBe('0');
  });

  it('counts quantities in thousandths', () => {
    expect(parseQuantity('2')).toEqual({ ok: true, value: 2000 });
    expect(parseQuantity('1.5')).toEqual({ ok: true, value: 1500 });
    expect(parseQuantity('0.001')).toEqual({ ok: true, value: 1 });
    expect(parseQuantity('0.0005')).toEqual({ ok: false, error: 'Use at most 3 decimals' });
    expect(quantityToText(2000)).toBe('2');
    expect(quantityToText(1500)).toBe('1.5');
    expect(quantityToText(10000)).toBe('10');
    expect(quantityToText(1)).toBe('0.001');
  });
});
