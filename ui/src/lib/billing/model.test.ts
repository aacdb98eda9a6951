import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, formatDay, isoDay, lateFeeLabel, lineAmount, offsetLabel, taxOf, policyToRows, rowsToPolicy, stepKey, stepSummary } from './model.ts';

describe('dunning in words', () => {
  it('says when a step falls and what it does', () => {
    expect(offsetLabel(-3)).toBe('3 days before the due date');
    expect(offsetLabel(0)).toBe('On the due date');
    expect(offsetLabel(1)).toBe('1 day after the due date');
    expect(lateFeeLabel({ type: 'fixed', amountMinor: 2500 }, 'EUR')).toBe('Late fee €25.00');
    expect(lateFeeLabel({ type: 'percent', basisPoints: 250 }, 'EUR')).toBe('Late fee 2.5 % of the balance');
    expect(stepSummary({ key: 'after-7d', offsetDays: 7, lateFee: { type: 'percent', basisPoints: 200 }, escalation: 'notify_manager' }, 'EUR'))
      .toBe('Overdue notice · late fee 2 % of the balance · tell the account manager');
  });

  it('names steps by their day, uniquely', () => {
    expect(stepKey(-3)).toBe('before-3d');
    expect(stepKey(0)).toBe('due');
    expect(stepKey(7, new Set(['after-7d']))).toBe('after-7d-2');
  });
});

describe('the policy editor', () => {
  it('round-trips the default policy', () => {
    expect(rowsToPolicy(policyToRows(DEFAULT_POLICY, 'EUR'), 'EUR')).toEqual({ policy: DEFAULT_POLICY });
  });

  it('builds a policy from what was typed, with fees in minor units', () => {
    const rows = {
      steps: [
        { id: 1, offsetDays: '1', feeType: 'fixed' as const, fee: '25.00', escalation: '' as const },
        { id: 2, offsetDays: '0', feeType: 'none' as const, fee: '', escalation: '' as const },
      ],
      repeatEveryDays: '',
      finalAction: '' as const,
    };
    expect(rowsToPolicy(rows, 'EUR')).toEqual({
      policy: {
        steps: [{ key: 'due', offsetDays: 0, lateFee: null, escalation: null }, { key: 'after-1d', offsetDays: 1, lateFee: { type: 'fixed', amountMinor: 2500 }, escalation: null }],
        repeatEveryDays: null, finalAction: null,
      },
    });
  });

  it('names each problem at its input', () => {
    const rows = {
      steps: [
        { id: 1, offsetDays: 'soon', feeType: 'fixed' as const, fee: '2.505', escalation: '' as const },
        { id: 2, offsetDays: '3', feeType: 'percent' as const, fee: '60', escalation: '' as const },
      ],
      repeatEveryDays: '0',
      finalAction: '' as const,
    };
    expect(rowsToPolicy(rows, 'EUR')).toEqual({
      errors: {
        'dunning.steps.0.offsetDays': 'A whole number of days from -365 to 365',
        'dunning.steps.0.lateFee': 'Use at most 2 decimals',
        'dunning.steps.1.lateFee': 'At most 50 %',
        'dunning.repeatEveryDays': 'A whole number of days from 1 to 90, or empty for none',
      },
    });
  });
});

describe('days', () => {
  it('counts days in the local calendar and shows a due date without shifting it', () => {
    expect(isoDay(1, new Date(2026, 11, 31, 23, 30))).toBe('2027-01-01');
    expect(isoDay(0, new Date(2026, 2, 5, 0, 5))).toBe('2026-03-05');
    expect(formatDay('2026-11-12')).toBe('12 Nov 2026');
  });
});

describe('totals preview', () => {
  it('rounds like the API: 2 × 150.00 + 99.99 = 399.99, VAT 20 % = 80.00, and half a cent up', () => {
    expect(lineAmount(2000, 15000) + lineAmount(1000, 9999)).toBe(39999);
    expect(taxOf(39999, 2000)).toBe(8000);
    expect(lineAmount(1500, 1)).toBe(2);
    expect(lineAmount(333, 100)).toBe(33);
    expect(taxOf(0, 2000)).toBe(0);
  });
});
