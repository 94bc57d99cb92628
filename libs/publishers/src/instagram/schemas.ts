import { z } from 'zod';

export const graphErrorSchema = z.looseObject({
  error: z.looseObject({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.coerce.number(),
    error_subcode: z.coerce.number().optional(),
    is_transient: z.boolean().optional(),
    fbtrace_id: z.string().optional(),
  }),
});

/** Graph ids are strings; accept digits as a number only when safe. */
const graphId = z.union([
  z.string().min(1),
  z
    .number()
    .int()
    .refine((n) => Number.isSafeInteger(n))
    .transform(String),
]);

export const idSchema = z.looseObject({ id: graphId });

export const publishingLimitSchema = z.looseObject({
  data: z.array(
    z.looseObject({
      quota_usage: z.number().optional(),
      config: z.looseObject({ quota_total: z.number().optional(), quota_duration: z.number().optional() }).optional(),
    }),
  ),
});

export const containerStatusSchema = z.looseObject({
  id: graphId.optional(),
  status_code: z.string().min(1),
  status: z.string().optional(),
});

export const mediaSchema = z.looseObject({
  id: graphId,
  permalink: z.string().optional(),
  caption: z.string().optional(),
  timestamp: z.string().optional(),
});
