import { describe, expect, it } from 'vitest';
import { engagementVisibilityQuery, keywordLiteral } from './search-engagements.ts';

const A = '0b6c2a3e-8d5f-4a51-9a0e-3f1c2d4b5a6e';
const B = '7f0e1d2c-3b4a-4c5d-8e6f-a1b2c3d4e5f6';

describe('engagement visibility query', () => {
  it('matches "waiting on the client" also when both sides wait, and narrows to the given accounts', () => {
    expect(engagementVisibilityQuery({ status: 'active', waitingOn: 'client', accountIds: [A, B] })).toBe(
      `WorkflowType = 'engagementWorkflow' AND ExecutionStatus != 'ContinuedAsNew' AND PorticoStatus = 'active' AND ExecutionStatus = 'Running'`
      + ` AND PorticoWaitingOn IN ('client', 'both') AND PorticoAccountId IN ('${A}', '${B}')`);
  });

  it('leaves out the filters not asked for; null accounts means every account', () => {
    expect(engagementVisibilityQuery({ accountIds: null })).toBe(`WorkflowType = 'engagementWorkflow' AND ExecutionStatus != 'ContinuedAsNew'`);
    expect(engagementVisibilityQuery({ status: 'completed', waitingOn: 'staff', accountIds: null }))
      .toBe(`WorkflowType = 'engagementWorkflow' AND ExecutionStatus != 'ContinuedAsNew' AND PorticoStatus = 'completed' AND PorticoWaitingOn IN ('staff', 'both')`);
  });

  it('refuses anything but an id or keyword rather than escaping it', () => {
    expect(keywordLiteral(A)).toBe(`'${A}'`);
    for (const bad of ["x' OR 'a' = 'a", "client'", 'a b', '', 'x'.repeat(65)]) expect(() => keywordLiteral(bad)).toThrow(/Not a keyword value/);
    expect(() => engagementVisibilityQuery({ accountIds: [A, "' OR WorkflowType != '"] })).toThrow(/Not a keyword value/);
  });
});
