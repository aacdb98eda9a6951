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
import { Readable } from 'node:stream';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import type { FileStorage } from '../../db/files/storage.ts';
import { recordStoredFile } from '../../db/stored-files.ts';
import { createDeliverable, submitVersion } from '../../web-api/services/deliverables.ts';
import { decideUpdate, reviewWorkflowId } from '../../workflows/review.ts';
import { createTemplateDocuments, prepareTemplateDocuments } from '../../web-api/services/documents.ts';
import { CommandRelay } from '../../db/workflow-commands.ts';

/** A two-page services agreement for the demo's document to sign (built-in fonts). */
async function demoAgreementPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle('Services agreement');
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const ink = rgb(0.12, 0.14, 0.2);
  const clauses = [
    ['1. Scope', 'Northwind Studio designs and builds the website described in the proposal of 2 November.'],
    ['2. Fees', 'EUR 12,000 plus VAT: a deposit of 25% at the start and the balance at launch.'],
    ['3. Reviews', 'Each deliverable is reviewed in the portal; approval there is final for that version.'],
    ['4. Ownership', 'On payment in full the client owns the site, its code and its content.'],
    ['5. Confidentiality', "Each party keeps the other's information confidential for three years."],
    ['6. Term', 'This agreement runs until launch and ends with the final invoice paid.'],
  ];
  for (let p = 0; p < 2; p++) {
    const page = doc.addPage([595, 842]);
    page.drawText('Services agreement', { x: 60, y: 770, size: 22, font: bold, color: ink });
    page.drawText('Northwind Studio and Acme Logistics', { x: 60, y: 745, size: 12, font: regular, color: ink });
    clauses.slice(p * 3, p * 3 + 3).forEach(([title, text], i) => {
      page.drawText(title!, { x: 60, y: 690 - i * 70, size: 13, font: bold, color: ink });
      page.drawText(text!, { x: 60, y: 670 - i * 70, size: 10.5, font: regular, color: ink });
    });
    if (p === 1) page.drawText('Signatures', { x: 60, y: 280, size: 13, font: bold, color: ink });
  }
  return Buffer.from(await doc.save());
}

/** A one-page design mock-up for the demo's deliverable (built-in fonts: no files, no network). */
async function demoDesignPdf(title: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  const page = doc.addPage([842, 595]);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const ink = rgb(0.12, 0.14, 0.2);
  page.drawRectangle({ x: 0, y: 535, width: 842, height: 60, color: rgb(0.23, 0.36, 0.86) });
  page.drawText('ACME LOGISTICS', { x: 40, y: 557, size: 18, font: bold, color: rgb(1, 1, 1) });
  page.drawText('Shipping   Tracking   Pricing   Contact', { x: 520, y: 559, size: 12, font: regular, color: rgb(1, 1, 1) });
  page.drawText('Freight that keeps its promises.', { x: 40, y: 440, size: 34, font: bold, color: ink });
  page.drawText('Real-time tracking, honest pricing and a team that answers the phone.', { x: 40, y: 405, size: 15, font: regular, color: ink });
  page.drawRectangle({ x: 40, y: 330, width: 170, height: 44, color: rgb(0.23, 0.36, 0.86) });
  page.drawText('Get a quote', { x: 80, y: 346, size: 15, font: bold, color: rgb(1, 1, 1) });
  page.drawRectangle({ x: 500, y: 240, width: 300, height: 200, color: rgb(0.88, 0.91, 0.97) });
  page.drawText('Hero image', { x: 605, y: 335, size: 14, font: regular, color: rgb(0.4, 0.45, 0.55) });
  for (const [i, t] of ['Same-day pickup', 'Live tracking', 'Customs handled'].entries()) {
    page.drawRectangle({ x: 40 + i * 260, y: 60, width: 240, height: 130, borderColor: rgb(0.8, 0.83, 0.9), borderWidth: 1 });
    page.drawText(t, { x: 60 + i * 260, y: 150, size: 16, font: bold, color: ink });
  }
  page.drawText(`${title}: concept, version 1`, { x: 40, y: 20, size: 9, font: regular, color: rgb(0.5, 0.5, 0.5) });
  return Buffer.from(await doc.save());
}

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
export async function seedDemo(deps: { orm: MikroORM; temporal: Client; taskQueue: string; publicUrl: string; dayMs?: number; storage: FileStorage }, log: (m: string) => void = () => {}): Promise<boolean> {
  const em = deps.orm.em.fork();
  const commands = new CommandRelay(() => deps.orm.em.fork(), deps.temporal);
  // Everything the demo starts is delivered before it goes on (the worker's relay would otherwise).
  const deliver = async (ids: number[]) => {
    for (const o of await commands.deliver(ids, 60_000)) if (o.status !== 'delivered') throw new Error(`demo: a workflow command was ${o.status}`);
  };
  const inTx = <T>(fn: (tx: typeof em) => Promise<T>) => deps.orm.em.fork().transactional(fn);
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
      const { engagementId, commandIds } = await inTx((tx) => startEngagement(tx, deps.taskQueue, {
        accountId: account.id, title: e.title, milestones: e.milestones.map(([title, owner]) => ({ title, owner })), actor,
      }));
      await deliver(commandIds);
      const handle = deps.temporal.workflow.getHandle(engagementWorkflowId(engagementId));
      for (let i = 1; i <= e.done; i++) {
        await handle.executeUpdate(completeMilestoneUpdate, { args: [{ milestoneId: `m${i}`, actor }], updateId: `seed-m${i}` });
      }
    }
  }
  // A published template, and Acme's website build running from it with its onboarding checklist,
  // a services agreement to sign (sent at the start) and its billing schedule (a deposit at the start,
  // the balance drafted at launch).
  const agreement = await demoAgreementPdf();
  const storedAgreement = await deps.storage.put(Readable.from([agreement]), { maxBytes: agreement.length });
  const field = (signerKey: string, type: 'signature' | 'date', x: number) =>
    ({ type, signerKey, page: 2, x, y: type === 'signature' ? 0.7 : 0.79, w: type === 'signature' ? 0.35 : 0.2, h: type === 'signature' ? 0.07 : 0.03 });
  const definition = TemplateDefinition.parse({
    ...SAMPLE_TEMPLATE,
    documents: [{
      key: 'services-agreement', title: 'Services agreement', sendOnStart: true,
      file: { sha256: storedAgreement.sha256, name: 'Services agreement.pdf', size: storedAgreement.size, pageCount: 2 },
      signers: [{ key: 'client', roleLabel: 'Client', assign: 'client_admin' }, { key: 'studio', roleLabel: 'For Northwind Studio', assign: 'account_manager' }],
      fields: [field('client', 'signature', 0.1), field('client', 'date', 0.1), field('studio', 'signature', 0.55), field('studio', 'date', 0.55)],
    }],
    billing: {
      currency: 'EUR', taxRateBp: 2000,
      schedule: [
        { key: 'deposit', title: 'Deposit', lines: [{ description: 'Website build: deposit (25%)', unitMinor: 300_000 }], trigger: { type: 'date', after: 'P0D' }, dueDays: 14, autoSend: true },
        { key: 'balance', title: 'Balance at launch', lines: [{ description: 'Website build: balance (75%)', unitMinor: 900_000 }], trigger: { type: 'milestone', milestone: 'launch' }, dueDays: 30 },
      ],
    },
  });
  const template = em.create(EngagementTemplate, { name: definition.name, description: definition.description, latestVersion: 1 });
  const version = em.create(EngagementTemplateVersion, { template, version: 1, definition, publishedBy: admin });
  await em.flush();
  const marcus = users.get('marcus@northwind.example')!;
  const plan = workflowPlan(definition);
  const marcusActor: Actor = { id: marcus.id, email: marcus.email, role: marcus.role, name: marcus.name };
  const acme = accounts.get('Acme Logistics')!;
  const deliverLater: number[] = [];
  const prepared = await prepareTemplateDocuments({ em, storage: deps.storage }, { accountId: acme.id, documents: definition.documents });
  const websiteId = await inTx(async (tx) => {
    const started = await startEngagement(tx, deps.taskQueue, {
      accountId: acme.id, title: 'Website build', milestones: plan.milestones, templateVersionId: version.id,
      onboarding: { items: plan.items, dayMs: deps.dayMs ?? 86_400_000 },
      ...(plan.billing ? { billing: { ...plan.billing, dayMs: deps.dayMs ?? 86_400_000 } } : {}),
      actor: marcusActor,
    });
    const docs = await createTemplateDocuments(tx, deps.dayMs ?? 86_400_000, {
      engagementId: started.engagementId, accountId: acme.id, documents: prepared, actor: marcusActor, origin: { ip: null, userAgent: null },
    });
    deliverLater.push(...started.commandIds, ...docs);
    return started.engagementId;
  });
  await deliver(deliverLater.splice(0));
  // Its homepage design: a first version, approved internally, now waiting on Acme's review.
  for (const d of definition.deliverables) {
    const { id: deliverableId, commandIds } = await inTx((tx) => createDeliverable(tx, deps.dayMs ?? 86_400_000, {
      engagementId: websiteId, accountId: acme.id, title: d.title, description: d.description, policy: d.review, templateKey: d.key, actor: marcusActor,
    }));
    await deliver(commandIds);
    const pdf = await demoDesignPdf(d.title);
    const stored = await deps.storage.put(Readable.from([pdf]), { maxBytes: pdf.length });
    const file = await recordStoredFile(em, {
      accountId: acme.id, name: 'Homepage design v1.pdf', contentType: 'application/pdf', size: stored.size, sha256: stored.sha256, storageKey: stored.key,
      uploadedById: marcus.id, purpose: 'deliverable', engagementId: websiteId, staffOnly: true,
    });
    const v = await submitVersion({ em, commands, deadlineMs: 60_000 }, { deliverableId, file, actor: marcusActor, note: null, idempotencyKey: 'seed' });
    await deps.temporal.workflow.getHandle(reviewWorkflowId(deliverableId)).executeUpdate(decideUpdate, {
      args: [{ versionId: v.id, decision: 'approved', actor: marcusActor }], updateId: 'seed-internal',
    });
  }

  await createInvitation(deps.orm.em.fork(), {
    email: 'sam@acme.example', name: 'Sam Rivera', role: 'client_member', accountId: accounts.get('Acme Logistics')!.id,
    invitedBy: { id: marcus.id, email: marcus.email, role: marcus.role, name: marcus.name }, publicUrl: deps.publicUrl,
  });
  log('demo data ready');
  return true;
}
