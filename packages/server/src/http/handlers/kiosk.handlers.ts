import type { kioskRoutes } from '@kulup/contracts';

import { createBulletin } from '../../services/bulletins/create-bulletin';
import { deleteBulletin } from '../../services/bulletins/delete-bulletin';
import { getBulletin } from '../../services/bulletins/get-bulletin';
import { listBulletins } from '../../services/bulletins/list-bulletins';
import { listKioskBulletins } from '../../services/bulletins/list-kiosk-bulletins';
import { updateBulletin } from '../../services/bulletins/update-bulletin';
import { getKioskInfo } from '../../services/kiosk/get-kiosk-info';
import { listMedia } from '../../services/media/list-media';
import { storeMedia } from '../../services/media/store-media';
import { activateMyOffer } from '../../services/offers/activate-my-offer';
import { issueOffer } from '../../services/offers/issue-offer';
import { listMemberOffers } from '../../services/offers/list-member-offers';
import { listMyOffers } from '../../services/offers/list-my-offers';
import { setMemberPin } from '../../services/pin/set-member-pin';
import { startKioskSession } from '../../services/pin/start-kiosk-session';
import { expectPrincipal as expect } from '../authenticate';
import type { AreaHandlers } from '../register-routes';

/** Thin HTTP handlers for the kiosk, its member session, bulletins, media, PINs and offers. */
export const kioskHandlers: AreaHandlers<typeof kioskRoutes> = {
  kioskInfo: ({ deps, principal }) => getKioskInfo(deps.db, expect(principal, 'terminal').id),
  kioskBulletins: ({ deps, principal }) => listKioskBulletins(deps.db, expect(principal, 'terminal').storeId),
  createKioskSession: ({ deps, actor, principal, body }) => startKioskSession(deps, actor, { id: expect(principal, 'terminal').id }, body),
  listMyOffers: ({ deps, actor, principal }) => listMyOffers(deps.db, actor, expect(principal, 'member').memberId),
  activateMyOffer: ({ deps, actor, principal, params }) => activateMyOffer(deps, actor, expect(principal, 'member').memberId, params.offerId),
  setMemberPin: ({ deps, actor, params, body }) => setMemberPin(deps.db, actor, params.memberId, body.pin),
  issueOffer: ({ deps, actor, params, body }) => issueOffer(deps.db, actor, params.memberId, body),
  listMemberOffers: async ({ deps, params }) => ({ items: await listMemberOffers(deps.db, params.memberId) }),
  uploadMedia: ({ deps, actor, upload }) => storeMedia(deps, actor, upload),
  listMedia: async ({ deps }) => ({ items: await listMedia(deps.db) }),
  listBulletins: async ({ deps, query }) => ({ items: await listBulletins(deps.db, query) }),
  createBulletin: ({ deps, actor, body }) => createBulletin(deps.db, actor, body),
  getBulletin: ({ deps, params }) => getBulletin(deps.db, params.bulletinId),
  updateBulletin: ({ deps, actor, params, body }) => updateBulletin(deps.db, actor, params.bulletinId, body),
  deleteBulletin: ({ deps, actor, params }) => deleteBulletin(deps.db, actor, params.bulletinId),
};
