import { Router } from 'express';
import { z } from 'zod';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { EngagementTemplate, EngagementTemplateVersion } from '../../db/entities/engagement-template.ts';
import { User } from '../../db/entities/user.ts';
import { recordAudit } from '../../db/audit.ts';
import { AppError } from '../errors.ts';
import { fields, route } from '../http.ts';
import type { AppDeps } from '../deps.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { auditContext, authorize } from '../policy.ts';
import { TemplateDefinition } from '../templates/template-format.ts';
import { settleTemplateFiles, withTemplateFiles } from './template-files.ts';

const TemplateParams = z.object({ templateId: fields.uuid });

export const TemplateSummary = z.object({
  id: z.uuid(), name: z.string(), description: z.string(), status: z.enum(['active', 'archived']),
  latestVersion: z.number(), inUse: z.number(), updatedAt: z.string(),
}).meta({ id: 'TemplateSummary' });
type TemplateSummary = z.infer<typeof TemplateSummary>;

interface SummaryRow { id: string; name: string; description: string; status: 'active' | 'archived'; latest_version: number; updated_at: Date; in_use: string }

const SUMMARY_SQL = `select t.id, t.name, t.description, t.status, t.latest_version, t.updated_at,
    (select count(*) from engagement e join engagement_template_version v on v.id = e.template_version_id where v.template_id = t.id) as in_use
  from engagement_template t`;

const toSummary = (r: SummaryRow): TemplateSummary => ({
  id: r.id, name: r.name, description: r.description, status: r.status, latestVersion: r.latest_version,
  inUse: Number(r.in_use), updatedAt: new Date(r.updated_at).toISOString(),
});

async function summary(em: EntityManager, id: string): Promise<TemplateSummary> {
  const rows = await em.getConnection().execute<SummaryRow[]>(`${SUMMARY_SQL} where t.id = ?`, [id]);
  if (!rows[0]) throw new AppError('not_found', 'Not found');
  return toSummary(rows[0]);
}

/** The latest published version of an active template (what a new engagement starts from). */
export async function latestTemplateVersion(em: EntityManager, templateId: string): Promise<{ versionId: string; version: number; definition: TemplateDefinition }> {
  const rows = await em.getConnection().execute<{ id: string; version: number; definition: TemplateDefinition; status: string }[]>(
    `select v.id, v.version, v.definition, t.status from engagement_template t
       join engagement_template_version v on v.template_id = t.id and v.version = t.latest_version where t.id = ?`, [templateId]);
  const r = rows[0];
  if (!r) throw new AppError('not_found', 'No such template', { fields: { templateId: 'No such template' } });
  if (r.status !== 'active') throw new AppError('validation_failed', 'This template is archived', { fields: { templateId: 'Archived templates cannot start engagements' } });
  return { versionId: r.id, version: r.version, definition: r.definition };
}

/** Publishes a definition as the next version of a template (or version 1 of a new one). */
async function publish(em: EntityManager, req: Parameters<typeof auditContext>[0], user: SessionUser, definition: TemplateDefinition, templateId?: string) {
  return em.transactional(async (tx) => {
    let template: EngagementTemplate;
    if (templateId) {
      // The row lock serialises concurrent publishes: each gets its own version number.
      const found = await tx.findOne(EngagementTemplate, templateId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!found) throw new AppError('not_found', 'Not found');
      template = found;
      template.latestVersion += 1;
      template.name = definition.name;
      template.description = definition.description;
      template.updatedAt = new Date();
    } else {
      template = tx.create(EngagementTemplate, { name: definition.name, description: definition.description, latestVersion: 1 });
    }
    tx.create(EngagementTemplateVersion, { template, version: template.latestVersion, definition, publishedBy: tx.getReference(User, user.id) });
    await tx.flush();
    await recordAudit(tx, {
      ...auditContext(req, user), eventKey: `template:${template.id}:v${template.latestVersion}:published`, action: 'template.published',
      target: { type: 'template', id: template.id }, data: { name: definition.name, version: template.latestVersion },
    });
    return { id: template.id, version: template.latestVersion };
  });
}

export function templateRoutes(deps: AppDeps): Router {
  const r = Router();
  const { orm } = deps;
  const Published = z.object({ template: TemplateSummary, version: z.object({ version: z.number() }) }).meta({ id: 'TemplatePublished' });

  route(r, {
    method: 'get', path: '/api/templates', tag: 'templates', auth: 'session', summary: 'Engagement templates',
    response: z.object({ templates: z.array(TemplateSummary) }),
  }, async ({ req, user }) => {
    await authorize(orm.em, req, user, 'templates.read');
    const rows = await orm.em.getConnection().execute<SummaryRow[]>(`${SUMMARY_SQL} order by t.status, lower(t.name)`);
    return { templates: rows.map(toSummary) };
  });

  route(r, {
    method: 'post', path: '/api/templates', tag: 'templates', auth: 'session', status: 201, body: TemplateDefinition,
    summary: 'Create a template: its definition becomes version 1 (admin)', response: Published,
  }, async ({ req, user, body }) => {
    await authorize(orm.em, req, user, 'templates.manage');
    const { id, version } = await publish(orm.em.fork(), req, user, await settleTemplateFiles(deps.storage, body, deps.config.uploadMaxBytes));
    return { template: await summary(orm.em, id), version: { version } };
  });

  route(r, {
    method: 'post', path: '/api/templates/import', tag: 'templates', auth: 'session', status: 201, body: TemplateDefinition,
    summary: 'Import a template exported from this or another portal (admin)', response: Published,
  }, async ({ req, user, body }) => {
    await authorize(orm.em, req, user, 'templates.manage');
    const { id, version } = await publish(orm.em.fork(), req, user, await settleTemplateFiles(deps.storage, body, deps.config.uploadMaxBytes));
    return { template: await summary(orm.em, id), version: { version } };
  });

  route(r, {
    method: 'get', path: '/api/templates/:templateId', tag: 'templates', auth: 'session', params: TemplateParams,
    summary: 'A template: its latest definition and its version history',
    response: z.object({
      template: TemplateSummary, definition: TemplateDefinition,
      versions: z.array(z.object({ version: z.number(), publishedAt: z.string(), publishedBy: z.string() }).meta({ id: 'TemplateVersion' })),
    }).meta({ id: 'TemplateDetail' }),
  }, async ({ req, user, params }) => {
    await authorize(orm.em, req, user, 'templates.read');
    const template = await summary(orm.em, params.templateId);
    const versions = await orm.em.getConnection().execute<{ version: number; created_at: Date; name: string; definition: Record<string, unknown> }[]>(
      `select v.version, v.created_at, u.name, v.definition from engagement_template_version v join app_user u on u.id = v.published_by_id
        where v.template_id = ? order by v.version desc`, [params.templateId]);
    return {
      template,
      definition: versions[0]!.definition,
      versions: versions.map((v) => ({ version: v.version, publishedAt: new Date(v.created_at).toISOString(), publishedBy: v.name })),
    };
  });

  route(r, {
    method: 'put', path: '/api/templates/:templateId', tag: 'templates', auth: 'session', params: TemplateParams, body: TemplateDefinition,
    summary: 'Publish a new version; running engagements keep the version they started with (admin)', response: Published,
  }, async ({ req, user, params, body }) => {
    await authorize(orm.em, req, user, 'templates.manage');
    const { version } = await publish(orm.em.fork(), req, user, await settleTemplateFiles(deps.storage, body, deps.config.uploadMaxBytes), params.templateId);
    return { template: await summary(orm.em, params.templateId), version: { version } };
  });

  route(r, {
    method: 'get', path: '/api/templates/:templateId/export', tag: 'templates', auth: 'session', params: TemplateParams,
    summary: 'The latest definition as a JSON file to share, with the PDFs of its documents to sign (base64): what `POST /api/templates/import` takes', response: TemplateDefinition,
  }, async ({ req, res, user, params }) => {
    await authorize(orm.em, req, user, 'templates.read');
    const rows = await orm.em.getConnection().execute<{ name: string; definition: Record<string, unknown> }[]>(
      `select t.name, v.definition from engagement_template t join engagement_template_version v on v.template_id = t.id and v.version = t.latest_version where t.id = ?`, [params.templateId]);
    if (!rows[0]) throw new AppError('not_found', 'Not found');
    const file = `${rows[0].name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'template'}.json`;
    res.set('Content-Disposition', `attachment; filename="${file}"`);
    // The documents' PDFs go along, so another portal can import it whole.
    return withTemplateFiles(deps.storage, rows[0].definition);
  });

  route(r, {
    method: 'post', path: '/api/templates/:templateId/archive', tag: 'templates', auth: 'session', params: TemplateParams,
    summary: 'Archive a template: it no longer starts engagements; running ones go on (admin)', response: z.object({ template: TemplateSummary }),
  }, async ({ req, user, params }) => {
    await authorize(orm.em, req, user, 'templates.manage');
    const em = orm.em.fork();
    await em.transactional(async (tx) => {
      const t = await tx.findOne(EngagementTemplate, params.templateId);
      if (!t) throw new AppError('not_found', 'Not found');
      t.status = 'archived';
      await tx.flush();
      await recordAudit(tx, { ...auditContext(req, user), action: 'template.archived', target: { type: 'template', id: t.id }, data: { name: t.name } });
    });
    return { template: await summary(orm.em, params.templateId) };
  });

  route(r, {
    method: 'delete', path: '/api/templates/:templateId', status: 204, tag: 'templates', auth: 'session', params: TemplateParams,
    summary: 'Delete a template no engagement uses (otherwise 409: archive it instead) (admin)', errors: ['conflict'],
  }, async ({ req, user, params }) => {
    await authorize(orm.em, req, user, 'templates.manage');
    const s = await summary(orm.em, params.templateId);
    if (s.inUse > 0) throw new AppError('conflict', `This template is used by ${s.inUse} engagement${s.inUse === 1 ? '' : 's'}; archive it instead`);
    const em = orm.em.fork();
    await em.transactional(async (tx) => {
      await tx.nativeDelete(EngagementTemplateVersion, { template: params.templateId });
      await tx.nativeDelete(EngagementTemplate, { id: params.templateId });
      await recordAudit(tx, { ...auditContext(req, user), action: 'template.deleted', target: { type: 'template', id: params.templateId }, data: { name: s.name } });
    });
  });

  return r;
}
