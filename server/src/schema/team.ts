import { builder } from './builder.js';
import { ACTION_ERRORS } from './errors.js';
import { idOf, plannedQuery } from './ids.js';
import { LoginPayload, MemberRoleEnum } from './viewer.js';
import { hashPassword } from '../auth/passwords.js';
import { startSession } from '../auth/sessions.js';
import { signSessionToken } from '../auth/tokens.js';
import { isMemberOf, isStaff, type Viewer } from '../auth/viewer.js';
import type { Context } from '../context.js';
import {
  acceptInvitation,
  cancelInvitation,
  changeMemberRole,
  findInvitation,
  invitationStatus,
  inviteMember,
  removeMember,
  signUpWithInvitation,
} from '../domain/teams.js';
import type { Invitation } from '../generated/prisma/client.js';

const isOwnerOf = (viewer: Viewer, partnerId: string) => viewer.kind === 'user' && viewer.memberships.get(partnerId) === 'OWNER';
const memberOrStaff = (partnerId: string, ctx: Context) => isStaff(ctx.viewer) || isMemberOf(ctx.viewer, partnerId);

/**
 * The request's viewer after its own team change, so the rest of the response (e.g. the joined
 * partner) reads with the access the change gave or took; later requests read it afresh anyway.
 */
function updateViewer(ctx: Context, userId: string, partnerId: string, role: 'OWNER' | 'MEMBER' | null) {
  if (ctx.viewer.kind !== 'user' || ctx.viewer.id !== userId) return;
  const memberships = new Map(ctx.viewer.memberships);
  if (role) memberships.set(partnerId, role);
  else memberships.delete(partnerId);
  ctx.viewer = { ...ctx.viewer, memberships };
}

/** The dashboard page an invitation link opens; the token rides in the fragment, which no server logs. */
export const invitationLink = (ctx: Context, token: string) => `${ctx.mail.publicUrl()}/invitation#${token}`;

const InvitationStatusEnum = builder.enumType('InvitationStatus', {
  values: {
    PENDING: { description: 'Can still be accepted.' },
    ACCEPTED: { description: 'Used: an invitation admits one person once.' },
    EXPIRED: { description: 'Not accepted within 7 days.' },
    CANCELLED: { description: 'An owner cancelled it: the link admits no one.' },
  } as const,
});

builder.prismaObjectFields('Membership', (t) => ({
  user: t.relation('user'),
  joinedAt: t.expose('createdAt', { type: 'DateTime' }),
}));

const InvitationRef = builder.prismaObject('Invitation', {
  description: "An owner's invitation of an e-mail address to the team. Its link is shown once, when it is made.",
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
    role: t.expose('role', { type: MemberRoleEnum }),
    status: t.field({ type: InvitationStatusEnum, select: { acceptedAt: true, expiresAt: true, cancelledAt: true }, resolve: (i) => invitationStatus(i) }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    acceptedAt: t.expose('acceptedAt', { type: 'DateTime', nullable: true }),
    invitedBy: t.relation('invitedBy'),
  }),
});

builder.prismaObjectFields('Partner', (t) => ({
  members: t.relation('members', {
    description: 'The team: owners first, then by when they joined.',
    authScopes: (partner, _args, ctx) => memberOrStaff(partner.id, ctx),
    query: { orderBy: [{ role: 'asc' }, { createdAt: 'asc' }] },
  }),
  invitations: t.relation('invitations', {
    description: 'Invitations neither accepted nor cancelled (pending or expired), newest first. Owners and staff.',
    authScopes: (partner, _args, ctx) => isStaff(ctx.viewer) || isOwnerOf(ctx.viewer, partner.id),
    query: { where: { acceptedAt: null, cancelledAt: null }, orderBy: { createdAt: 'desc' } },
  }),
  history: t.relatedConnection('events', {
    cursor: 'id',
    description: "Every change to the partner and its apps, its team's included, oldest first.",
    authScopes: (partner, _args, ctx) => memberOrStaff(partner.id, ctx),
    query: { orderBy: { id: 'asc' } },
  }),
  viewerIsOwner: t.boolean({
    description: 'Whether the viewer may invite, change roles and remove members.',
    resolve: (partner, _args, ctx) => isOwnerOf(ctx.viewer, partner.id),
  }),
}));

const InviteMemberPayload = builder.objectRef<{ invitation: Invitation; link: string; mailSent: boolean }>('InviteMemberPayload').implement({
  fields: (t) => ({
    invitation: t.field({ type: InvitationRef, resolve: (p) => p.invitation }),
    link: t.exposeString('link', { description: 'The link to accept it; shown only now (only its hash is stored). Copy it to send it yourself.' }),
    mailSent: t.exposeBoolean('mailSent', { description: 'Whether the invitation went out by e-mail (only with `SMTP_URL` configured).' }),
  }),
});

const MemberRemoved = builder.objectRef<{ id: string; partnerId: string; left: boolean }>('MemberRemoved').implement({
  fields: (t) => ({
    userId: t.id({ resolve: (r) => r.id }),
    left: t.exposeBoolean('left', { description: 'True when the member removed themself (left the team).' }),
  }),
});

/** What someone holding a link may read before accepting: who invites whom, and whether it still admits. */
const InvitationPreview = builder.objectRef<Invitation & { partner: { name: string } }>('InvitationPreview').implement({
  fields: (t) => ({
    partnerName: t.string({ resolve: (i) => i.partner.name }),
    email: t.exposeString('email'),
    role: t.expose('role', { type: MemberRoleEnum }),
    status: t.field({ type: InvitationStatusEnum, resolve: (i) => invitationStatus(i) }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
  }),
});

builder.queryField('invitation', (t) =>
  t.field({
    type: InvitationPreview,
    nullable: true,
    description: "The invitation a link's token names; null for a token that names none.",
    args: { token: t.arg.string({ required: true }) },
    resolve: async (_root, { token }, ctx) => {
      const invitation = await findInvitation(ctx.prisma, token);
      if (!invitation) return null;
      const partner = await ctx.prisma.partner.findUniqueOrThrow({ where: { id: invitation.partnerId }, select: { name: true } });
      return { ...invitation, partner };
    },
  }),
);

builder.mutationFields((t) => ({
  inviteMember: t.field({
    type: InviteMemberPayload,
    description:
      "An owner invites an e-mail address to the partner's team, as `role` (default MEMBER). The link admits one person " +
      'for 7 days; it is e-mailed when `SMTP_URL` is configured and answered here either way.',
    errors: { types: [...ACTION_ERRORS] },
    args: {
      partnerId: t.arg.id({ required: true }),
      email: t.arg.string({ required: true }),
      role: t.arg({ type: MemberRoleEnum, required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const partnerId = idOf(String(args.partnerId), 'Partner');
      const { invitation, token } = await inviteMember(ctx, partnerId, args.email, args.role ?? 'MEMBER');
      const link = invitationLink(ctx, token);
      const partner = await ctx.prisma.partner.findUniqueOrThrow({ where: { id: partnerId }, select: { name: true } });
      const mailSent = await ctx.mail.mailer.send({
        to: invitation.email,
        subject: `You are invited to ${partner.name} on Vetline`,
        text:
          `You are invited to join ${partner.name} on Vetline as ${invitation.role === 'OWNER' ? 'an owner' : 'a member'}.\n\n` +
          `Accept here (the link works once, until ${invitation.expiresAt.toUTCString()}):\n${link}\n`,
      });
      return { invitation, link, mailSent };
    },
  }),
  acceptInvitation: t.prismaField({
    type: 'Membership',
    description: 'The signed-in user joins the team an invitation to their e-mail address names.',
    errors: { types: [...ACTION_ERRORS] },
    args: { token: t.arg.string({ required: true }) },
    resolve: async (query, _root, { token }, ctx) => {
      const membership = await acceptInvitation(ctx, token);
      updateViewer(ctx, membership.userId, membership.partnerId, membership.role);
      return ctx.prisma.membership.findUniqueOrThrow({ ...plannedQuery(query), where: { id: membership.id } });
    },
  }),
  signUpWithInvitation: t.field({
    type: LoginPayload,
    description:
      "Creates an account with the invitation's e-mail address, joins its team and signs in. An address that already " +
      'has an account is refused (`ACCOUNT_EXISTS`): sign in, then `acceptInvitation`.',
    errors: { types: [...ACTION_ERRORS] },
    args: {
      token: t.arg.string({ required: true }),
      name: t.arg.string({ required: true }),
      password: t.arg.string({ required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const user = await signUpWithInvitation(ctx, args, hashPassword);
      const session = await startSession(ctx.prisma, user.id);
      return { token: await signSessionToken(session, ctx.jwtSecret), expiresAt: session.expiresAt };
    },
  }),
  changeMemberRole: t.prismaField({
    type: 'Membership',
    description: "An owner makes a member an owner, or an owner a member. The last owner cannot be demoted (`LAST_OWNER`).",
    errors: { types: [...ACTION_ERRORS] },
    args: { partnerId: t.arg.id({ required: true }), userId: t.arg.id({ required: true }), role: t.arg({ type: MemberRoleEnum, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const membership = await changeMemberRole(ctx, idOf(String(args.partnerId), 'Partner'), idOf(String(args.userId), 'User'), args.role);
      updateViewer(ctx, membership.userId, membership.partnerId, membership.role);
      return ctx.prisma.membership.findUniqueOrThrow({ ...plannedQuery(query), where: { id: membership.id } });
    },
  }),
  cancelInvitation: t.field({
    type: InvitationRef,
    description:
      'An owner cancels an invitation not yet accepted: its link then admits no one (`INVITATION_CANCELLED`), and it leaves the team page.',
    errors: { types: [...ACTION_ERRORS] },
    args: { invitationId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => cancelInvitation(ctx, String(args.invitationId)),
  }),
  removeMember: t.field({
    type: MemberRemoved,
    description:
      'An owner removes a member, or a member leaves (their own `userId`). The last owner can do neither (`LAST_OWNER`). ' +
      "The removed member's requests lose the partner at once, and their live streams at the stream's next event.",
    errors: { types: [...ACTION_ERRORS] },
    args: { partnerId: t.arg.id({ required: true }), userId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const removed = await removeMember(ctx, idOf(String(args.partnerId), 'Partner'), idOf(String(args.userId), 'User'));
      updateViewer(ctx, removed.id, removed.partnerId, null);
      return removed;
    },
  }),
}));
