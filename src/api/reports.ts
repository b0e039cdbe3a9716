import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { requireRole } from '../domain/identity';
import { DEFAULT_REPORT_THRESHOLD, hideReported, REPORT_NOTE_MAX, REPORT_REASONS, REPORT_THRESHOLD_MAX, REPORT_THRESHOLD_MIN, reportItem, ReportTarget } from '../domain/reports';
import { t } from '../i18n';
import { reportPorts } from '../store/reports';
import { PostIdSchema } from '../validation';
import { ApiDependencies, audit, callerOf } from './context';
import { handler, jsonBody, parse } from './http';

export const ReportBodySchema = z
  .object({
    reason: z.enum(REPORT_REASONS).describe('Why it is reported'),
    note: z.string().max(REPORT_NOTE_MAX).optional().describe('Anything a moderator should know'),
  })
  .strict();
export const ReportPostParams = z.object({ id: PostIdSchema });
export const ReportCommentParams = z.object({ id: PostIdSchema, commentId: z.string().uuid() });
export const ModerationSettingsSchema = z
  .object({ reportThreshold: z.number().int().min(REPORT_THRESHOLD_MIN).max(REPORT_THRESHOLD_MAX).describe(`Distinct reporters that hide an item pending review (default ${DEFAULT_REPORT_THRESHOLD})`) })
  .strict();

/**
 * Reporting from the tab (issue 17, item 2), the same rules as the cards' Report
 * dialog: a report of what the caller can see, once per person (201 the first time,
 * 200 with `alreadyReported` after), hidden pending review at the tenant's threshold.
 */
export function registerReportRoutes(server: Server, deps: ApiDependencies): void {
  const { logger, repositories } = deps;

  async function report(req: Request, res: Response, target: ReportTarget) {
    const { identity } = await callerOf(deps, req);
    const body = parse(ReportBodySchema, req.body);
    const now = new Date();
    const outcome = await reportItem(reportPorts(repositories), identity, target, body, now);
    let hidden = false;
    if (outcome.hide) {
      const post = await hideReported(reportPorts(repositories), identity.tenantId, target, now);
      if (post) deps.refreshCards?.(post);
      hidden = true;
      await audit(deps, req, identity, 'moderation.autoHide', target.commentId ? { kind: 'comment', id: `${target.postId}/${target.commentId}` } : { kind: 'post', id: target.postId }, { reporters: outcome.reporters, threshold: outcome.threshold, authorId: outcome.post.authorId });
    }
    logger.info({ tenantId: identity.tenantId, ...target, reporters: outcome.reporters, again: outcome.alreadyReported }, 'reported');
    const key = outcome.alreadyReported ? 'tab.report.already' : hidden ? 'tab.report.hidden' : 'tab.report.thanks';
    res.send(outcome.alreadyReported ? 200 : 201, { reported: true, alreadyReported: outcome.alreadyReported, hidden, message: t(identity.locale, key) });
  }

  server.post('/api/v1/posts/:id/reports', jsonBody(), handler(logger, async (req, res) => {
    const { id } = parse(ReportPostParams, req.params);
    await report(req, res, { postId: id });
  }));

  server.post('/api/v1/posts/:id/comments/:commentId/reports', jsonBody(), handler(logger, async (req, res) => {
    const { id, commentId } = parse(ReportCommentParams, req.params);
    await report(req, res, { postId: id, commentId });
  }));

  server.get('/api/v1/settings/moderation', handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'admin');
    return repositories.moderationSettings.settings(identity.tenantId);
  }));

  server.put('/api/v1/settings/moderation', jsonBody(), handler(logger, async (req) => {
    const { identity } = await callerOf(deps, req);
    requireRole(identity, 'admin');
    const body = parse(ModerationSettingsSchema, req.body);
    const before = await repositories.moderationSettings.settings(identity.tenantId);
    const saved = await repositories.moderationSettings.setSettings(identity.tenantId, body, identity.userId, new Date().toISOString());
    await audit(deps, req, identity, 'settings.moderation', { kind: 'settings', id: 'moderation' }, { reportThresholdBefore: before.reportThreshold, reportThreshold: saved.reportThreshold });
    return saved;
  }));
}
