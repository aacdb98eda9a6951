/**
 * Demo data for a first start: an agency with three client accounts at different stages and a user
 * of every role. Runs once: it does nothing when any user exists.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { Account } from '../../db/entities/account.ts';
import { AccountTeamMember } from '../../db/entities/account-team-member.ts';
import { Branding } from '../../db/entities/branding.ts';
import { User, type Role } from '../../db/entities/user.ts';
import { recordAudit } from '../../db/audit.ts';
import { hashPassword } from '../../web-api/auth/passwords.ts';
import { startEngagement } from '../../web-api/services/engagements.ts';
import { createInvitation } from '../../web-api/services/invitations.ts';
import { completeMilestoneUpdate, engagementWorkflowId, type Actor, type MilestoneOwner } from '../../workflows/engagement.ts';
import { EngagementTemplate, EngagementTemplateVersion } from '../../db/entities/engagement-template.ts';
import { TemplateDefinition, workflowPlan } from '../../web-api/templates/template-format.ts';
import { SAMPLE_TEMPLATE } from '../../web-api/templates/sample-template.ts';

export const DEMO_PASSWORD = 'portico-demo-2026';

export const DEMO_USERS: { email: string; name: string; role: Role; title?: string; phone?: string; account?: string }[] = [
  { email: 'olivia@northwind.example', name: 'Olivia Park', role: 'admin', title: 'Founder' },
  { email: 'marcus@northwind.example', name: 'Marcus Reed', role: 'staff', title: 'Account manager', phone: '+1 415 555 0142' },
  { email: 'priya@northwind.example', name: 'Priya Shah', role: 'staff', title: 'Lead engineer', phone: '+1 415 555 0199' },
  { email: 'dana@auditors.example', name: 'Dana Cole', role: 'compliance_reviewer', title: 'External auditor' },
  { email: 'alex@acme.example', name: 'Alex Morgan', role: 'client_admin', title: 'COO', account: 'Acme Logistics' },
  { email: 'jamie@acme.example', name: 'Jamie Lee', role: 'client_member', title: 'Operations lead', account: 'Acme Logistics' },
  { email: 'grace@globex.example', name: 'Grace Kim', role: 'client_admin', title: 'Head of Product', account: 'Globex Health' },
  { email: 'ian@initech.example', name: 'Ian Brooks', role: 'client_admin', title: 'CFO', account: 'Initech Finance' },
];

type Plan = { account: string; stage: string; team: [string, string, boolean][]; engagements: { title: string; milestones: [string, MilestoneOwner][]; done: number }[] };

const PLANS: Plan[] = [
  {
    account: 'Acme Logistics', stage: 'onboarding',
    team: [['marcus@northwind.example', 'Account manager', true], ['priya@northwind.example', 'Lead engineer', false]],
    engagements: [{
      title: 'Customer portal build',
      milestones: [['Kickoff call', 'staff'], ['Share system access', 'client'], ['Discovery workshop', 'staff'], ['Approve project plan', 'client'], ['First release', 'staff']],
      done: 1,
    }],
  },
  {
    account: 'Globex Health', stage: 'active',
    team: [['marcus@northwind.example', 'Account manager', true]],
    engagements: [{
      title: 'Patient app redesign',
      milestones: [['Kickoff call', 'staff'], ['Research interviews', 'staff'], ['Design direction', 'staff'], ['Approve design direction', 'client'], ['Build and test', 'staff'], ['Launch', 'staff']],
      done: 3,
    }],
  },
  {
    account: 'Initech Finance', stage: 'wrapping up',
    team: [['priya@northwind.example', 'Account manager', true]],
    engagements: [
      { title: 'Security audit', milestones: [['Scope agreed', 'client'], ['Assessment', 'staff'], ['Report delivered', 'staff']], done: 3 },
      { title: 'Reporting dashboard', milestones: [['Requirements', 'client'], ['Data pipeline', 'staff'], ['Dashboard build', 'staff'], ['Sign-off', 'client']], done: 3 },
    ],
  },
];

/** Seeds the demo portal when the database has no users. Returns whether it seeded. */
export async function seedDemo(deps: { orm: MikroORM; temporal: Client; taskQueue: string; publicUrl: string; dayMs?: number }, log: (m: string) => void = () => {}): Promise<boolean> {
  const em = deps.orm.em.fork();
  if ((await em.count(User, {})) > 0) return false;
  log('seeding demo data…');
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  em.create(Branding, { id: 1, businessName: 'Northwind Studio', primaryColor: '#3b5bdb', emailFrom: 'hello@northwind.example' });
  const accounts = new Map<string, Account>();
  for (const plan of PLANS) accounts.set(plan.account, em.create(Account, { name: plan.account, stage: plan.stage }));
  const users = new Map<string, User>();
  for (const u of DEMO_USERS) {
    users.set(u.email, em.create(User, {
      email: u.email, name: u.name, role: u.role, title: u.title ?? null, phone: u.phone ?? null,
      account: u.account ? accounts.get(u.account)! : null, passwordHash, passwordChangedAt: new Date(),
    }));
  }
  for (const plan of PLANS) {
    for (const [email, teamRole, isManager] of plan.team) {
      em.create(AccountTeamMember, { account: accounts.get(plan.account)!, user: users.get(email)!, teamRole, isManager });
    }
  }
  await em.flush();
  const admin = users.get('olivia@northwind.example')!;
  await recordAudit(em, { eventKey: 'demo:seeded', action: 'demo.seeded', actor: { id: admin.id, email: admin.email, role: admin.role }, data: { accounts: PLANS.length, users: DEMO_USERS.length } });

  for (const plan of PLANS) {
    const account = accounts.get(plan.account)!;
    const manager = users.get(plan.team.find(([, , m]) => m)![0])!;
    const actor: Actor = { id: manager.id, email: manager.email, role: manager.role, name: manager.name };
    for (const e of plan.engagements) {
      const { engagementId } = await startEngagement({ em, temporal: deps.temporal, taskQueue: deps.taskQueue }, {
        accountId: account.id, title: e.title, milestones: e.milestones.map(([title, owner]) => ({ title, owner })), actor,
      });
      const handle = deps.temporal.workflow.getHandle(engagementWorkflowId(engagementId));
      for (let i = 1; i <= e.done; i++) {
        await handle.executeUpdate(completeMilestoneUpdate, { args: [{ milestoneId: `m${i}`, actor }], updateId: `seed-m${i}` });
      }
    }
  }
  // A published template, and Acme's website build running from it with its onboarding checklist.
  const definition = TemplateDefinition.parse(SAMPLE_TEMPLATE);
  const template = em.create(EngagementTemplate, { name: definition.name, description: definition.description, latestVersion: 1 });
  const version = em.create(EngagementTemplateVersion, { template, version: 1, definition, publishedBy: admin });
  await em.flush();
  const marcus = users.get('marcus@northwind.example')!;
  const plan = workflowPlan(definition);
  await startEngagement({ em, temporal: deps.temporal, taskQueue: deps.taskQueue }, {
    accountId: accounts.get('Acme Logistics')!.id, title: 'Website build', milestones: plan.milestones, templateVersionId: version.id,
    onboarding: { items: plan.items, dayMs: deps.dayMs ?? 86_400_000 },
    actor: { id: marcus.id, email: marcus.email, role: marcus.role, name: marcus.name },
  });

  await createInvitation(deps.orm.em.fork(), {
    email: 'sam@acme.example', name: 'Sam Rivera', role: 'client_member', accountId: accounts.get('Acme Logistics')!.id,
    invitedBy: { id: marcus.id, email: marcus.email, role: marcus.role, name: marcus.name }, publicUrl: deps.publicUrl,
  });
  log('demo data ready');
  return true;
}
