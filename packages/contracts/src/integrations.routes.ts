import {
  ZProduct,
  ZProductCategoryList,
  ZProductCreateRequest,
  ZProductList,
  ZProductListQuery,
} from './products.schema';
import { ADMIN, ALL_STAFF, MARKETING, staff } from './route-def';
import type { RouteDef } from './route-def';
import { ZWebhook, ZWebhookCreateRequest, ZWebhookCreated, ZWebhookList, ZWebhookParams } from './webhooks.schema';

/** Outgoing webhooks (signed outbox events) and the product catalogue. */
export const integrationsRoutes = {
  listWebhooks: {
    method: 'get', path: '/api/v1/webhooks', tag: 'Webhooks',
    summary: 'Active webhooks with their delivery counts',
    auth: staff(ADMIN), response: ZWebhookList,
  },
  createWebhook: {
    method: 'post', path: '/api/v1/webhooks', tag: 'Webhooks',
    summary: 'Subscribe a URL to event types; the HMAC signing secret is returned this once',
    auth: staff(ADMIN), body: ZWebhookCreateRequest, response: ZWebhookCreated, status: 201,
  },
  deleteWebhook: {
    method: 'delete', path: '/api/v1/webhooks/:webhookId', tag: 'Webhooks',
    summary: 'Stop a webhook: nothing more is sent to it and its queued deliveries are dropped',
    auth: staff(ADMIN), params: ZWebhookParams, response: ZWebhook,
  },
  listProducts: {
    method: 'get', path: '/api/v1/products', tag: 'Products',
    summary: 'Search the product catalogue by name, brand or SKU, optionally within a category',
    auth: staff(ALL_STAFF), query: ZProductListQuery, response: ZProductList,
  },
  listProductCategories: {
    method: 'get', path: '/api/v1/products/categories', tag: 'Products',
    summary: 'Product categories with their product counts (the names earning rules match)',
    auth: staff(ALL_STAFF), response: ZProductCategoryList,
  },
  createProduct: {
    method: 'post', path: '/api/v1/products', tag: 'Products', summary: 'Add a product to the catalogue',
    auth: staff(MARKETING), body: ZProductCreateRequest, response: ZProduct, status: 201,
  },
} as const satisfies Record<string, RouteDef>;
