import { z } from 'zod';

import {
  MEDIA_LIMITS,
  ZBulletin,
  ZBulletinCreateRequest,
  ZBulletinList,
  ZBulletinListQuery,
  ZBulletinUpdateRequest,
  ZKioskBulletinList,
  ZMediaAsset,
  ZMediaList,
} from './bulletins.schema';
import { ZId, ZOk } from './common.schema';
import { ZKioskInfo, ZKioskSessionRequest, ZPinSetRequest, ZPinSetResponse } from './kiosk.schema';
import { ZIdentifyResponse } from './members.schema';
import { ZMemberOffer, ZMemberOfferList, ZOffer, ZOfferIssueRequest, ZOfferList } from './offers.schema';
import { ALL_STAFF, MARKETING, SERVICE, staff } from './route-def';
import type { RouteAuth, RouteDef } from './route-def';

const KIOSK: RouteAuth = { kind: 'terminal', terminalKinds: ['KIOSK'] };
const MEMBER: RouteAuth = { kind: 'member' };
const ZMemberParams = z.strictObject({ memberId: ZId });
const ZBulletinParams = z.strictObject({ bulletinId: ZId });
const ZOfferParams = z.strictObject({ offerId: ZId });

/** The kiosk's own API (info, bulletins, card + PIN sessions, the member's offers) and its staff side. */
export const kioskRoutes = {
  kioskInfo: {
    method: 'get', path: '/api/v1/kiosk/info', tag: 'Kiosk',
    summary: 'The calling kiosk terminal and its store',
    auth: KIOSK, response: ZKioskInfo,
  },
  kioskBulletins: {
    method: 'get', path: '/api/v1/kiosk/bulletins', tag: 'Kiosk',
    summary: "Bulletins showing now at this kiosk's store, highest priority first",
    auth: KIOSK, response: ZKioskBulletinList,
  },
  createKioskSession: {
    method: 'post', path: '/api/v1/kiosk/sessions', tag: 'Kiosk',
    summary: 'Start a member session with card number and PIN; 5 wrong PINs lock the PIN for 15 minutes',
    auth: KIOSK, body: ZKioskSessionRequest, response: ZIdentifyResponse, status: 201,
  },
  listMyOffers: {
    method: 'get', path: '/api/v1/me/offers', tag: 'Member session',
    summary: "The member's offers valid now; issued ones are marked seen",
    auth: MEMBER, response: ZMemberOfferList,
  },
  activateMyOffer: {
    method: 'post', path: '/api/v1/me/offers/:offerId/activate', tag: 'Member session',
    summary: 'Activate one of the member’s offers (repeating it changes nothing)',
    auth: MEMBER, params: ZOfferParams, response: ZMemberOffer,
  },
  setMemberPin: {
    method: 'post', path: '/api/v1/members/:memberId/pin', tag: 'Members',
    summary: 'Set or reset the member’s kiosk PIN on their behalf (clears a lockout)',
    auth: staff(SERVICE), params: ZMemberParams, body: ZPinSetRequest, response: ZPinSetResponse,
  },
  issueOffer: {
    method: 'post', path: '/api/v1/members/:memberId/offers', tag: 'Offers',
    summary: 'Issue a personal offer to a member',
    auth: staff(ALL_STAFF), params: ZMemberParams, body: ZOfferIssueRequest, response: ZOffer, status: 201,
  },
  listMemberOffers: {
    method: 'get', path: '/api/v1/members/:memberId/offers', tag: 'Offers',
    summary: "A member's offers, newest first",
    auth: staff(ALL_STAFF), params: ZMemberParams, response: ZOfferList,
  },
  uploadMedia: {
    method: 'post', path: '/api/v1/media', tag: 'Bulletins',
    summary: 'Upload an image (JPEG, PNG, WebP ≤ 5 MB) or video (MP4, WebM ≤ 50 MB) as the raw body',
    auth: staff(MARKETING), upload: { allowed: MEDIA_LIMITS }, response: ZMediaAsset, status: 201,
  },
  listMedia: {
    method: 'get', path: '/api/v1/media', tag: 'Bulletins', summary: 'Uploaded media, newest first',
    auth: staff(MARKETING), response: ZMediaList,
  },
  listBulletins: {
    method: 'get', path: '/api/v1/bulletins', tag: 'Bulletins', summary: 'Bulletins, optionally only those showing now or at one store',
    auth: staff(ALL_STAFF), query: ZBulletinListQuery, response: ZBulletinList,
  },
  createBulletin: {
    method: 'post', path: '/api/v1/bulletins', tag: 'Bulletins', summary: 'Schedule a bulletin for the kiosks',
    auth: staff(MARKETING), body: ZBulletinCreateRequest, response: ZBulletin, status: 201,
  },
  getBulletin: {
    method: 'get', path: '/api/v1/bulletins/:bulletinId', tag: 'Bulletins', summary: 'One bulletin',
    auth: staff(ALL_STAFF), params: ZBulletinParams, response: ZBulletin,
  },
  updateBulletin: {
    method: 'patch', path: '/api/v1/bulletins/:bulletinId', tag: 'Bulletins', summary: 'Change a bulletin',
    auth: staff(MARKETING), params: ZBulletinParams, body: ZBulletinUpdateRequest, response: ZBulletin,
  },
  deleteBulletin: {
    method: 'delete', path: '/api/v1/bulletins/:bulletinId', tag: 'Bulletins', summary: 'Delete a bulletin (its media stay)',
    auth: staff(MARKETING), params: ZBulletinParams, response: ZOk,
  },
} as const satisfies Record<string, RouteDef>;
