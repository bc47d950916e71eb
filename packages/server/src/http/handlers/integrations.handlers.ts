import type { integrationsRoutes } from '@kulup/contracts';

import { createProduct } from '../../services/products/create-product';
import { listProductCategories } from '../../services/products/list-product-categories';
import { listProducts } from '../../services/products/list-products';
import { createWebhook } from '../../services/webhooks/create-webhook';
import { deleteWebhook } from '../../services/webhooks/delete-webhook';
import { listWebhooks } from '../../services/webhooks/list-webhooks';
import type { AreaHandlers } from '../register-routes';

/** Thin HTTP handlers for webhooks and the product catalogue. */
export const integrationsHandlers: AreaHandlers<typeof integrationsRoutes> = {
  listWebhooks: ({ deps }) => listWebhooks(deps.db),
  createWebhook: ({ deps, actor, body }) => createWebhook(deps.db, actor, body),
  deleteWebhook: ({ deps, actor, params }) => deleteWebhook(deps.db, actor, params.webhookId),
  listProducts: ({ deps, query }) => listProducts(deps.db, query),
  listProductCategories: ({ deps }) => listProductCategories(deps.db),
  createProduct: ({ deps, actor, body }) => createProduct(deps.db, actor, body),
};
