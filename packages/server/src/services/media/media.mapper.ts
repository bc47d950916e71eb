import type { TMediaAsset, TMediaContentType } from '@kulup/contracts';

import type { MediaAsset } from '../../generated/prisma/client';

export const mediaUrl = (id: string) => `/media/${id}`;

export function toMediaAsset(m: MediaAsset): TMediaAsset {
  return {
    id: m.id,
    contentType: m.contentType as TMediaContentType,
    byteSize: m.byteSize,
    sha256: m.sha256,
    url: mediaUrl(m.id),
    createdAt: m.createdAt.toISOString(),
  };
}
