import type { Db } from '../../db/database';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor, Tx } from '../context';
import { rethrowUnique } from '../unique-violation';

type TeamRow = { id: string; name: string; active: boolean; members: { staffUserId: string }[] };
const toTeam = (t: TeamRow) => ({ id: t.id, name: t.name, active: t.active, memberIds: t.members.map((m) => m.staffUserId).sort() });
const withMembers = { members: { select: { staffUserId: true } } } as const;

async function checkAgents(tx: Tx, ids: readonly string[]): Promise<void> {
  const found = await tx.staffUser.findMany({ where: { id: { in: [...ids] }, active: true, role: { in: ['AGENT', 'ADMIN'] } }, select: { id: true } });
  const ok = new Set(found.map((f) => f.id));
  const bad = ids.flatMap((id, i) => (ok.has(id) ? [] : [{ path: `memberIds.${i}`, message: 'Not an active agent or admin' }]));
  if (bad.length) throw new ServiceError('UNKNOWN_REFERENCE', 'Teams are made of active agents and admins', bad);
}

/** Service teams with their agents. */
export async function listServiceTeams(db: Db) {
  return { items: (await db.serviceTeam.findMany({ include: withMembers, orderBy: { name: 'asc' } })).map(toTeam) };
}

/** Adds a team of agents. */
export async function createServiceTeam(db: Db, actor: Actor, input: { name: string; memberIds: string[] }) {
  return db.$transaction(async (tx) => {
    const memberIds = [...new Set(input.memberIds)];
    await checkAgents(tx, memberIds);
    const team = await tx.serviceTeam
      .create({ data: { name: input.name, members: { create: memberIds.map((staffUserId) => ({ staffUserId })) } }, include: withMembers })
      .catch(rethrowUnique({ name: 'A team with this name already exists' }));
    await writeAudit(tx, actor, { action: 'service_team.create', entityType: 'service_team', entityId: team.id, after: toTeam(team) });
    return toTeam(team);
  });
}

/** Renames a team, replaces its agents or retires it (routing skips retired teams). */
export async function updateServiceTeam(db: Db, actor: Actor, id: string, input: { name?: string | undefined; active?: boolean | undefined; memberIds?: string[] | undefined }) {
  return db.$transaction(async (tx) => {
    const before = await tx.serviceTeam.findUnique({ where: { id }, include: withMembers });
    if (!before) throw notFound('Team');
    if (input.memberIds) {
      const memberIds = [...new Set(input.memberIds)];
      await checkAgents(tx, memberIds);
      await tx.serviceTeamMember.deleteMany({ where: { teamId: id } });
      await tx.serviceTeamMember.createMany({ data: memberIds.map((staffUserId) => ({ teamId: id, staffUserId })) });
    }
    const team = await tx.serviceTeam
      .update({ where: { id }, data: { name: input.name, active: input.active }, include: withMembers })
      .catch(rethrowUnique({ name: 'A team with this name already exists' }));
    await writeAudit(tx, actor, { action: 'service_team.update', entityType: 'service_team', entityId: id, before: toTeam(before), after: toTeam(team) });
    return toTeam(team);
  });
}
