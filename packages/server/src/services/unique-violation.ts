import { Prisma } from '../generated/prisma/client';
import { ServiceError } from '../http/service-error';

/** Maps a unique-constraint failure (P2002) on known fields to a CONFLICT with the field named. */
export function rethrowUnique(messages: Record<string, string>) {
  return (error: unknown): never => {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const target = JSON.stringify(error.meta ?? {});
      const field = Object.keys(messages).find((f) => target.includes(f) || target.includes(f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)));
      if (field) throw new ServiceError('CONFLICT', messages[field]!, [{ path: field, message: messages[field]! }]);
      throw new ServiceError('CONFLICT', 'A record with these values already exists');
    }
    throw error;
  };
}
