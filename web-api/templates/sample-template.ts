/** A small but complete template: the demo's first template and the tests' fixture. */
export const SAMPLE_TEMPLATE = {
  formatVersion: 1,
  name: 'Website build',
  description: 'From kickoff to launch',
  phases: [
    { key: 'onboarding', title: 'Onboarding', milestones: [{ key: 'kickoff', title: 'Kickoff call', owner: 'staff' }, { key: 'access', title: 'Access granted', owner: 'client' }] },
    { key: 'build', title: 'Build', milestones: [{ key: 'launch', title: 'Launch', owner: 'staff' }] },
  ],
  checklist: [
    { key: 'brand', title: 'Upload brand assets', instructions: 'Logos and fonts, see https://example.com/guide', assignee: 'client', due: 'P5D',
      reminders: { before: ['P1D'], after: ['P1D', 'P3D'] }, completion: { type: 'upload', accept: ['application/pdf', 'image/png'] }, blocksMilestone: 'access' },
    { key: 'intake', title: 'Intake form', assignee: 'client', due: 'P1W',
      completion: { type: 'form', fields: [{ key: 'domain', label: 'Domain', type: 'text', required: true }, { key: 'plan', label: 'Plan', type: 'choice', required: true, options: ['Basic', 'Pro'] }] } },
  ],
  deliverables: [
    { key: 'homepage', title: 'Homepage design', description: 'Layout, imagery and headline copy of the new homepage.', review: {
      stages: [
        { key: 'internal', title: 'Internal review', reviewers: 'account_team', rule: 'any', due: 'P3D' },
        { key: 'client', title: 'Client review', reviewers: 'client_users', rule: 'any', due: 'P5D', reminders: { before: ['P1D'] } },
      ],
      unlockOnApproval: true,
    } },
  ],
} as const;
