import { describe, expect, it } from 'vitest';
import { milestonesError, parseMilestones } from './milestones.ts';

describe('parseMilestones', () => {
  it('reads one milestone per line, skipping blank lines and trimming', () => {
    expect(parseMilestones('  Kickoff \n\nDesign\r\nLaunch\n')).toEqual([
      { title: 'Kickoff', owner: 'staff' },
      { title: 'Design', owner: 'staff' },
      { title: 'Launch', owner: 'staff' },
    ]);
  });

  it('marks "Client:" lines as steps the client does', () => {
    expect(parseMilestones('Kickoff\nclient: Upload logo files\nCLIENT :Approve')).toEqual([
      { title: 'Kickoff', owner: 'staff' },
      { title: 'Upload logo files', owner: 'client' },
      { title: 'Approve', owner: 'client' },
    ]);
    expect(parseMilestones('Client:')).toEqual([]);
  });
});

describe('milestonesError', () => {
  it('names the milestone the API refused, counting from 1', () => {
    expect(milestonesError({ 'milestones.2.title': 'At most 200 characters' })).toBe('Milestone 3: At most 200 characters');
    expect(milestonesError({ milestones: 'Add at least one milestone' })).toBe('Add at least one milestone');
    expect(milestonesError({ title: 'Required' })).toBeUndefined();
  });
});
