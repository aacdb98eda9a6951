import { describe, expect, it } from 'vitest';
import { legend, named, options } from './sections.ts';

describe('entry names', () => {
  it('use the title, trimmed, and the position while there is none', () => {
    expect(named('  Kickoff ', '2')).toBe('Kickoff');
    expect(named('   ', '2')).toBe('2');
    expect(legend('Phase', 1, ' Discovery ')).toBe('Phase 2: Discovery');
    expect(legend('Scheduled invoice', 0, '')).toBe('Scheduled invoice 1');
  });
});

describe('options', () => {
  it('lists a table of labels as value and label, in order', () => {
    expect(options({ client: 'The client', staff: 'Your staff' })).toEqual([['client', 'The client'], ['staff', 'Your staff']]);
  });
});
